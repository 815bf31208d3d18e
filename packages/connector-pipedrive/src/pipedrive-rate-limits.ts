import type { ConnectorRateLimits, RateBudgetDeclaration } from '@talkbridge/core';

/**
 * Pipedrive's burst limit, a rolling 2-second window (pipedrive.readme.io, "Rate limiting"): per API token
 * 20 requests on Essential, 40 on Advanced, 80 on Professional, 100 on Power, 120 on Enterprise; OAuth
 * access tokens get four times as much (80 on Essential). We declare 20, Essential with an API token, the
 * lowest: an OAuth app or a higher plan raises it in the gateway config. Every answer carries
 * `x-ratelimit-remaining` (requests left in the window) and `x-ratelimit-reset` (seconds until it resets).
 * The daily token budget of the token-based model (per company, reset at midnight) is not a budget here: a
 * day's log would be huge, and Pipedrive's 429 with its reset already ends such a request.
 */
export const PIPEDRIVE_GENERAL_BUDGET: RateBudgetDeclaration = {
  name: 'general',
  points: 20,
  durationMs: 2_000,
  scope: 'account',
  remainingHeader: 'x-ratelimit-remaining',
  resetHeader: { name: 'x-ratelimit-reset', kind: 'seconds' },
};

/**
 * The Search API (`GET /api/v2/persons/search`, every email and phone lookup): 10 requests per 2 seconds
 * per token, on every plan (same page). Its remaining count is not told apart from the general one, so only
 * the general budget reads the headers; a 429 on a search blocks both for as long as Pipedrive asks.
 */
export const PIPEDRIVE_SEARCH_BUDGET: RateBudgetDeclaration = {
  name: 'search',
  points: 10,
  durationMs: 2_000,
  scope: 'account',
  appliesTo: ({ method, endpoint }) => method === 'GET' && endpoint.endsWith('/search'),
};

/**
 * Per token: Pipedrive says its rate limiting "is considered per token, not per company", so two API
 * tokens of one company domain each have their own window, and each credential is its own account (core's
 * default). Only the daily token budget is the company's, and that is not declared.
 */
export const pipedriveRateLimits: ConnectorRateLimits<unknown> = {
  budgets: [PIPEDRIVE_GENERAL_BUDGET, PIPEDRIVE_SEARCH_BUDGET],
};
