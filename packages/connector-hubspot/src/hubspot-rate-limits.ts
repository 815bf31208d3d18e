import type { ConnectorRateLimits, RateBudgetDeclaration } from '@talkbridge/core';

/**
 * HubSpot's CRM search endpoints (`POST /crm/v3/objects/{type}/search`): five requests per second per
 * account, whatever the subscription. Their answers carry no X-HubSpot-RateLimit-* headers.
 */
export const HUBSPOT_SEARCH_BUDGET: RateBudgetDeclaration = {
  name: 'search',
  points: 5,
  durationMs: 1_000,
  scope: 'account',
  appliesTo: ({ method, endpoint }) => method === 'POST' && endpoint.endsWith('/search'),
};

/**
 * HubSpot's ten-second ("burst") limit, which every call counts against: 100 per 10 s for private apps on
 * Free and Starter, 110 for public (OAuth) apps, 190 on Professional and Enterprise, 250 with the API limit
 * increase. We declare 100, the lowest: it is safe on every account, and it still fits a burst of views of
 * one or two interaction types; an account on a higher tier is paced a little more than it needs to be.
 * HubSpot says how much is left (`X-HubSpot-RateLimit-Remaining`) and the window's length
 * (`X-HubSpot-RateLimit-Interval-Milliseconds`) but not when it resets: a spent window is waited out whole.
 * The daily limit is not a budget (a day's log would be huge); its 429 is recognised by `policyName`.
 */
export const HUBSPOT_TEN_SECOND_BUDGET: RateBudgetDeclaration = {
  name: 'ten_second',
  points: 100,
  durationMs: 10_000,
  scope: 'account',
  remainingHeader: 'x-hubspot-ratelimit-remaining',
  resetHeader: { name: 'x-hubspot-ratelimit-interval-milliseconds', kind: 'milliseconds' },
};

/**
 * Per account: HubSpot counts per portal, and a token belongs to one portal; without a call we cannot tell
 * two tokens of one portal apart, so each token is its own account (core's default).
 */
export const hubspotRateLimits: ConnectorRateLimits<unknown> = {
  budgets: [HUBSPOT_SEARCH_BUDGET, HUBSPOT_TEN_SECOND_BUDGET],
};
