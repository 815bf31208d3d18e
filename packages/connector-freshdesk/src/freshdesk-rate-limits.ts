import type { ConnectorRateLimits, RateBudgetDeclaration } from '@talkbridge/core';
import type { FreshdeskAuth } from './freshdesk-context.js';

/**
 * Freshdesk's per-minute account limit ("What are the rate limits for the API calls to Freshdesk?",
 * support.freshdesk.com article 225439): 200 calls a minute on Growth, 400 on Pro, 700 on Enterprise; the
 * Free plan has no API and a trial gets 50. We declare Growth's 200, the lowest paid plan: an account on
 * Pro or Enterprise raises it in the gateway config, a trial lowers it to 50. Every answer carries
 * `X-RateLimit-Remaining` (calls left in this minute; `X-RateLimit-Total` is the plan's limit); only a 429
 * says when it resets, in `Retry-After` (seconds). A spent minute without one is waited out whole.
 */
export const FRESHDESK_GENERAL_BUDGET: RateBudgetDeclaration = {
  name: 'general',
  points: 200,
  durationMs: 60_000,
  scope: 'account',
  remainingHeader: 'x-ratelimit-remaining',
  resetHeader: { name: 'retry-after', kind: 'seconds' },
};

/**
 * Listing tickets (`GET /api/v2/tickets`, how the connector reads a requester's tickets) has its own
 * per-minute cap within the general one, per plan: 20 on Growth, 100 on Pro, 200 on Enterprise (same
 * article). Growth's 20 is declared. Freshdesk sends no separate remaining count for it: its 429 and
 * `Retry-After` are what tell.
 */
export const FRESHDESK_TICKETS_LIST_BUDGET: RateBudgetDeclaration = {
  name: 'tickets_list',
  points: 20,
  durationMs: 60_000,
  scope: 'account',
  appliesTo: ({ method, endpoint }) => method === 'GET' && endpoint === '/api/v2/tickets',
};

/** Listing contacts (`GET /api/v2/contacts`, the contact lookups and sync): 20 a minute on Growth, as above. */
export const FRESHDESK_CONTACTS_LIST_BUDGET: RateBudgetDeclaration = {
  name: 'contacts_list',
  points: 20,
  durationMs: 60_000,
  scope: 'account',
  appliesTo: ({ method, endpoint }) => method === 'GET' && endpoint === '/api/v2/contacts',
};

/**
 * Freshdesk applies its limits to the account "irrespective of the number of agents or IP addresses": every
 * agent's API key of one helpdesk draws from them, and the helpdesk is its subdomain (`acme` of
 * acme.freshdesk.com, already lower-cased by the auth schema).
 */
export const freshdeskRateLimits: ConnectorRateLimits<FreshdeskAuth> = {
  budgets: [FRESHDESK_GENERAL_BUDGET, FRESHDESK_TICKETS_LIST_BUDGET, FRESHDESK_CONTACTS_LIST_BUDGET],
  account: (auth) => `freshdesk-domain:${auth.domain}`,
};
