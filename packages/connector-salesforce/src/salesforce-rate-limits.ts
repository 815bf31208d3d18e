import type { ConnectorRateLimits } from '@talkbridge/core';

/**
 * Salesforce declares no budget. Its documented limits ("API Request Limits and Allocations", Salesforce
 * App Limits Cheatsheet) are:
 * - The total API request allocation, a rolling 24-hour count per org (e.g. 100,000 + 1,000 per licence on
 *   Enterprise; 15,000 on Developer Edition), shared by every client of the org. Not a per-window budget:
 *   a day's log would be huge, and we see only our share of the org's calls. Salesforce reports the org's
 *   usage in `Sforce-Limit-Info: api-usage=used/allocation` and refuses with 403 `REQUEST_LIMIT_EXCEEDED`,
 *   which the connector classifies as `rate_limited`.
 * - Concurrent long-running requests (25 in production orgs, 5 in Developer Edition and trials) counts
 *   requests of 20 seconds or more in flight, not calls per window; there is no limit on shorter ones.
 * Salesforce documents no per-second or per-minute limit for the REST API, and we do not invent one.
 */
export const salesforceRateLimits: ConnectorRateLimits<unknown> = {
  budgets: [],
};
