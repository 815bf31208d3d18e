import { type AnyConnector, defineConnector } from '@talkbridge/core';
import { zohoCrmActions } from './zoho-crm-actions.js';
import { zohoErrorBodySchema, zohoUsersSchema } from './zoho-crm-api.js';
import {
  ZOHO_API_HOSTS,
  type ZohoContactRef,
  zohoCrmAuth,
  zohoCrmSettings,
  zohoOAuth,
} from './zoho-crm-context.js';
import {
  listZohoCalls,
  listZohoCases,
  listZohoEvents,
  listZohoNotes,
  listZohoTasks,
} from './zoho-crm-interactions.js';
import { findByEmails, findByPhones, findByRecordId, zohoContactFromId } from './zoho-crm-people.js';
import { zohoCrmRateLimits } from './zoho-crm-rate-limits.js';
import { syncZohoAgents, syncZohoContacts } from './zoho-crm-sync.js';

/**
 * Zoho's error codes for a token it does not accept: expired or revoked, or without the scopes this
 * connector needs (the v8 spec spells the second AUTHENTICATION_FAILURE, Zoho's guides AUTHENTICATION_FAILED).
 */
const INVALID_CREDENTIAL_CODES = new Set([
  'INVALID_TOKEN',
  'AUTHENTICATION_FAILURE',
  'AUTHENTICATION_FAILED',
  'OAUTH_SCOPE_MISMATCH',
]);

export const zohoCrm = defineConnector({
  id: 'zoho-crm',
  displayName: 'Zoho CRM',
  description:
    'Zoho CRM: finds the caller among Contacts and Leads, shows their cases, notes, tasks, calls and meetings, syncs Contacts and users, and logs calls and notes.',
  auth: zohoCrmAuth,
  settings: zohoCrmSettings,
  // Zoho's OAuth 2.0 for server-based applications, at the US accounts server; an integration whose users
  // are in another data centre names it in `dataCentre` (see forIntegration).
  oauth: zohoOAuth(),
  interactions: {
    case: listZohoCases,
    note: listZohoNotes,
    task: listZohoTasks,
    call: listZohoCalls,
    event: listZohoEvents,
  },
  hosts: ZOHO_API_HOSTS,
  http: {
    origin: (auth) => auth.api_domain,
    basePath: '/crm/v8',
    // Zoho's documented header for its OAuth tokens (it names the scheme `Zoho-oauthtoken`, not `Bearer`).
    authenticate: (auth) => ({
      type: 'header',
      name: 'authorization',
      value: `Zoho-oauthtoken ${auth.access_token}`,
    }),
    // Zoho's reset header is a Unix time; `epoch` reads seconds or milliseconds alike.
    resetHeaders: [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
    rateLimits: zohoCrmRateLimits,
    errorBody: zohoErrorBodySchema,
    classifyFailure: ({ status, body }) => {
      const code = zohoErrorBodySchema.safeParse(body).data?.code ?? undefined;
      if (code && INVALID_CREDENTIAL_CODES.has(code)) return 'invalid_credentials';
      // Zoho says TOO_MANY_REQUESTS with 429; should it ever come with another status, it is still a limit.
      if (code === 'TOO_MANY_REQUESTS' && status !== 429) return 'rate_limited';
      return undefined;
    },
  },

  async findContacts(ctx, lookup): Promise<ZohoContactRef[]> {
    switch (lookup.by) {
      case 'externalId':
        return findByRecordId(ctx, lookup.externalId.trim());
      case 'email':
        return findByEmails(ctx, lookup.emails);
      case 'phone':
        return findByPhones(ctx, lookup.phones);
    }
  },
  contactFromExternalId: zohoContactFromId,

  /** One call: the token's own user (`GET /users?type=CurrentUser`). Nothing to store. */
  async validateAuth(ctx) {
    await ctx.http.get('/users', { query: { type: 'CurrentUser' }, schema: zohoUsersSchema });
    return undefined;
  },

  syncContacts: syncZohoContacts,
  syncAgents: syncZohoAgents,
  actions: zohoCrmActions,

  /**
   * Tokens are traded and refreshed at the accounts server of the users' data centre: an integration that
   * names one (`dataCentre`) registers that server's OAuth 2.0 endpoints; everything else is the same.
   */
  forIntegration(settings): AnyConnector {
    return settings.dataCentre && settings.dataCentre !== 'us'
      ? { ...zohoCrm, oauth: zohoOAuth(settings.dataCentre) }
      : zohoCrm;
  },
});
