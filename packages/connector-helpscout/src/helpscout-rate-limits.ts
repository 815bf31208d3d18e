import type { ConnectorRateLimits, RateBudgetDeclaration } from '@talkbridge/core';

/**
 * Help Scout's per-minute account limit. The Inbox (Mailbox) API 2.0 page "Rate limiting"
 * (developer.helpscout.com/mailbox-api/overview/rate-limiting) says the limit depends on the plan and that
 * every user of one account counts against the same one; the figure Help Scout documents is 200 requests a
 * minute per account (its Mailbox API pages), which we declare: an account on a plan with more raises it in
 * the gateway config. Write requests (POST, PUT, PATCH, DELETE) count twice against it; a budget counts
 * calls, and the connector writes only in its actions, so they are counted once. Answers carry
 * `X-RateLimit-Remaining-Minute`; a 429 says in `X-RateLimit-Retry-After` how many seconds until the
 * limit is refreshed.
 */
export const HELPSCOUT_MINUTE_BUDGET: RateBudgetDeclaration = {
  name: 'minute',
  points: 200,
  durationMs: 60_000,
  scope: 'account',
  remainingHeader: 'x-ratelimit-remaining-minute',
  resetHeader: { name: 'x-ratelimit-retry-after', kind: 'seconds' },
};

/**
 * Per account, but the auth is an access token alone: nothing in it names the Help Scout account without a
 * call, so each token is its own account (core's default).
 */
export const helpscoutRateLimits: ConnectorRateLimits<unknown> = {
  budgets: [HELPSCOUT_MINUTE_BUDGET],
};
