import type { ConnectorRateLimits } from '@talkbridge/core';

/**
 * Zoho CRM declares no budget. Its documented limits ("API Limits", zoho.com/crm/developer/docs/api) are:
 * - API credits over a rolling 24-hour window per organization, by edition (Free 5,000; Standard 50,000 +
 *   250 per user licence; …), most calls costing one credit. Not a budget here: a day's log per account
 *   would be huge, other clients of the organization spend the same credits, and Zoho's refusal (429
 *   `TOO_MANY_REQUESTS`) is already classified as `rate_limited` with its reset honoured.
 * - Concurrency (calls in flight at once per app and organization, by edition) and sub-concurrency (10 for
 *   heavy calls such as search and COQL). Those count calls in flight, not calls per window; core's
 *   per-request and per-integration call limiters bound what is in flight.
 * Zoho documents no per-second or per-minute window, and we do not invent one. Nothing in the auth names
 * the organization either: `api_domain` is a data centre's (www.zohoapis.eu), shared by every organization.
 */
export const zohoCrmRateLimits: ConnectorRateLimits<unknown> = {
  budgets: [],
};
