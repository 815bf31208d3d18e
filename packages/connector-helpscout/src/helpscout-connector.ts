import { defineConnector } from '@talkbridge/core';
import { helpScoutActions } from './helpscout-actions.js';
import { helpScoutErrorBodySchema, helpScoutResourceOwnerSchema } from './helpscout-api.js';
import { HELPSCOUT_API_ORIGIN, helpScoutAuth, helpScoutSettings } from './helpscout-context.js';
import { listHelpScoutConversations } from './helpscout-conversations.js';
import { findHelpScoutCustomers, helpScoutCustomerFromId } from './helpscout-customers.js';
import { helpscoutRateLimits } from './helpscout-rate-limits.js';
import { helpScoutAgentSync, helpScoutContactSync } from './helpscout-sync.js';

export const helpscout = defineConnector({
  id: 'helpscout',
  displayName: 'Help Scout',
  description:
    'Shared inbox and help desk: shows the contact’s Help Scout conversations (email, chat and phone), syncs customers and users, and creates conversations.',
  auth: helpScoutAuth,
  settings: helpScoutSettings,
  interactions: { conversation: listHelpScoutConversations },
  // Help Scout's Authorization Code flow (developer.helpscout.com, Mailbox API: Authentication). It has no
  // scopes: a token acts as the user who granted it, with that user's inboxes.
  oauth: {
    authorizationUrl: 'https://secure.helpscout.net/authentication/authorizeClientApplication',
    tokenUrl: 'https://api.helpscout.net/v2/oauth2/token',
    scopes: [],
    docsUrl: 'https://developer.helpscout.com/mailbox-api/overview/authentication/',
  },
  http: {
    origin: HELPSCOUT_API_ORIGIN,
    basePath: '/v2',
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    // 429 with the seconds to wait in `X-RateLimit-Retry-After` (Help Scout's rate-limiting page).
    resetHeaders: [{ name: 'x-ratelimit-retry-after', kind: 'seconds' }],
    rateLimits: helpscoutRateLimits,
    // Help Scout's field errors, read by create_ticket to name what it refused.
    errorBody: helpScoutErrorBodySchema,
  },

  findContacts: findHelpScoutCustomers,
  contactFromExternalId: helpScoutCustomerFromId,

  /** `GET /v2/users/me`: one call; a refused token is a 401 (core maps it to invalid_credentials). */
  async validateAuth(ctx) {
    await ctx.http.get('/users/me', { schema: helpScoutResourceOwnerSchema });
    // Nothing to store: the token is the only auth field.
    return undefined;
  },

  syncContacts: helpScoutContactSync,
  syncAgents: helpScoutAgentSync,
  actions: helpScoutActions,
});
