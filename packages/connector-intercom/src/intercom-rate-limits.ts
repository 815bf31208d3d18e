import type { ConnectorRateLimits, RateBudgetDeclaration } from '@talkbridge/core';

/**
 * Intercom's limit per app (developers.intercom.com, REST API "Rate Limiting"): 10,000 calls a minute per
 * app, and 25,000 a minute per workspace shared by its private apps, enforced in 10-second windows of a
 * sixth of the minute's allowance each (the page's example: 1,000 a minute is 167 per 10-second window).
 * We declare the app's 10,000 a minute as 1,666 per 10 seconds. Answers carry `X-RateLimit-Remaining`
 * (requests left in the window) and `X-RateLimit-Reset` (the window's end as a Unix time).
 */
export const INTERCOM_APP_BUDGET: RateBudgetDeclaration = {
  name: 'app',
  points: 1_666,
  durationMs: 10_000,
  scope: 'account',
  remainingHeader: 'x-ratelimit-remaining',
  resetHeader: { name: 'x-ratelimit-reset', kind: 'epoch' },
};

/**
 * Per app and workspace: an access token belongs to one app installed in one workspace, and nothing in the
 * auth (a token and a region) names either without a call, so each token is its own account (core's
 * default). Private apps of one workspace that share its 25,000 are each paced on their own 10,000.
 */
export const intercomRateLimits: ConnectorRateLimits<unknown> = {
  budgets: [INTERCOM_APP_BUDGET],
};
