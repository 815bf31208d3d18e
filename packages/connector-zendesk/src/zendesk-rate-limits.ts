import type { ConnectorRateLimits, RateBudgetDeclaration } from '@talkbridge/core';
import type { ZendeskAuth } from './zendesk-context.js';

/**
 * Zendesk's account-wide limit on Support API requests per minute (developer.zendesk.com, API reference,
 * "Rate limits"): 200 on Suite Team and Support Team, 400 on Growth and Professional, 700 on Enterprise,
 * 2,500 on Enterprise Plus or with the High Volume API add-on. We declare 200, the lowest current plan; the
 * legacy Support Essential plan (10 a minute) lowers it in the gateway config, higher plans raise it.
 * Every answer carries `X-Rate-Limit-Remaining` (requests left this minute); Ticketing API answers (users,
 * tickets, search) also carry `ratelimit-reset`, the seconds until the minute resets. A 429 has `Retry-After`.
 */
export const ZENDESK_GENERAL_BUDGET: RateBudgetDeclaration = {
  name: 'general',
  points: 200,
  durationMs: 60_000,
  scope: 'account',
  remainingHeader: 'x-rate-limit-remaining',
  resetHeader: { name: 'ratelimit-reset', kind: 'seconds' },
};

/**
 * The incremental export endpoints (`/api/v2/incremental/...`, the contact sync) have their own limit in
 * the same page's "Endpoint rate limits": 10 requests a minute, 30 with the High Volume API add-on.
 */
export const ZENDESK_INCREMENTAL_EXPORT_BUDGET: RateBudgetDeclaration = {
  name: 'incremental_export',
  points: 10,
  durationMs: 60_000,
  scope: 'account',
  appliesTo: ({ endpoint }) => endpoint.startsWith('/api/v2/incremental/'),
};

/**
 * The limits are per Zendesk account, whatever the credentials (an agent's API token or an OAuth token):
 * the account is its subdomain (`acme` of acme.zendesk.com). Subdomains are case-insensitive host names.
 */
export const zendeskRateLimits: ConnectorRateLimits<ZendeskAuth> = {
  budgets: [ZENDESK_GENERAL_BUDGET, ZENDESK_INCREMENTAL_EXPORT_BUDGET],
  account: (auth) => `zendesk-account:${auth.account.trim().toLowerCase()}`,
};
