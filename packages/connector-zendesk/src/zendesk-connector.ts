import { BridgeError, defineConnector } from '@talkbridge/core';
import { zendeskActions } from './zendesk-actions.js';
import { zendeskCurrentUserResponseSchema, zendeskErrorBodySchema } from './zendesk-api.js';
import { ZENDESK_HOSTS, zendeskAuth, zendeskOrigin, zendeskSettings } from './zendesk-context.js';
import { zendeskEmailListing } from './zendesk-email-listing.js';
import { zendeskRateLimits } from './zendesk-rate-limits.js';
import { zendeskAgentSync, zendeskContactSync } from './zendesk-sync.js';
import { listZendeskTickets } from './zendesk-tickets.js';
import { findZendeskUsers, zendeskUserFromId } from './zendesk-users.js';

export const zendesk = defineConnector({
  id: 'zendesk',
  displayName: 'Zendesk',
  description: 'Zendesk Support: finds the contact among Zendesk users and shows the tickets they requested.',
  auth: zendeskAuth,
  settings: zendeskSettings,
  interactions: { ticket: listZendeskTickets },
  // Zendesk's authorization code grant, per account (developer.zendesk.com: OAuth Tokens for Grant Types).
  // `read` covers the searches, users, custom statuses and the exports; `write` creating tickets (and
  // the requester Zendesk creates with one).
  oauth: {
    authorizationUrl: 'https://{account}.zendesk.com/oauth/authorizations/new',
    tokenUrl: 'https://{account}.zendesk.com/oauth/tokens',
    scopes: ['read', 'write'],
    inputFields: ['account'],
    docsUrl: 'https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/',
  },
  hosts: ZENDESK_HOSTS,
  http: {
    origin: zendeskOrigin,
    basePath: '/api/v2',
    authenticate: (auth) =>
      auth.kind === 'oauth'
        ? { type: 'bearer', token: auth.accessToken }
        : { type: 'basic', username: `${auth.email}/token`, password: auth.token },
    // 429s carry Retry-After (seconds, handled by core); list and search answers also say when the
    // minute's budget resets.
    resetHeaders: [{ name: 'ratelimit-reset', kind: 'seconds' }],
    rateLimits: zendeskRateLimits,
    errorBody: zendeskErrorBodySchema,
  },

  findContacts: findZendeskUsers,
  contactFromExternalId: zendeskUserFromId,
  listingByEmail: zendeskEmailListing,

  /** One `GET /api/v2/users/me`: a 401 is `invalid_credentials` (core); so is an anonymous or end-user answer. */
  async validateAuth(ctx) {
    const { user } = await ctx.http.get('/users/me', { schema: zendeskCurrentUserResponseSchema });
    // `/users/me` allows anonymous callers: Zendesk may answer 200 with an anonymous user (no id) rather
    // than refuse credentials it did not take.
    if (user.id === null || user.id === undefined) {
      throw new BridgeError(
        'invalid_credentials',
        'Zendesk answered for an anonymous user: the credentials were not accepted',
      );
    }
    if (user.role === 'end-user') {
      throw new BridgeError(
        'invalid_credentials',
        'The credentials belong to a Zendesk end user: an agent’s or admin’s are needed',
      );
    }
    return undefined;
  },

  syncContacts: zendeskContactSync,
  syncAgents: zendeskAgentSync,
  actions: zendeskActions,
});
