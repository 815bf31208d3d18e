import { defineConnector, path } from '@talkbridge/core';
import { intercomActions } from './intercom-actions.js';
import {
  type IntercomContact,
  intercomContactListSchema,
  intercomContactSchema,
  intercomErrorBodySchema,
  intercomMeSchema,
} from './intercom-api.js';
import {
  INTERCOM_API_VERSION,
  INTERCOM_HOSTS,
  intercomAuth,
  intercomOriginOf,
  intercomSettings,
} from './intercom-context.js';
import {
  type IntercomContactRef,
  listIntercomConversations,
  listIntercomNotes,
  listIntercomTickets,
} from './intercom-interactions.js';
import { intercomPhoneVariants } from './intercom-phone-variants.js';
import { intercomRateLimits } from './intercom-rate-limits.js';
import { syncIntercomAgents, syncIntercomContacts } from './intercom-sync.js';

/** Intercom's guide to OAuth for public apps: where the operator registers the app Talkdesk signs in with. */
const INTERCOM_OAUTH_DOCS =
  'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth';

export const intercom = defineConnector({
  id: 'intercom',
  displayName: 'Intercom',
  description:
    'Intercom is a customer service platform: conversations, tickets and notes of your customers in one inbox.',
  auth: intercomAuth,
  settings: intercomSettings,
  // Intercom's OAuth 2.0 for public apps. Its authorize page takes no scope: the permissions are ticked on
  // the app in the Developer Hub, and these are the ones the connector's calls need. Tokens do not expire
  // (no refresh token). The user still says the region, which picks the API host the token is sent to.
  oauth: {
    authorizationUrl: 'https://app.intercom.com/oauth',
    tokenUrl: 'https://api.intercom.io/auth/eagle/token',
    scopes: [
      'Read and list users and companies',
      'Read conversations',
      'Read tickets',
      'Write tickets',
      'Read admins',
    ],
    inputFields: ['region'],
    docsUrl: INTERCOM_OAUTH_DOCS,
  },
  interactions: {
    conversation: listIntercomConversations,
    ticket: listIntercomTickets,
    note: listIntercomNotes,
  },
  hosts: INTERCOM_HOSTS,
  http: {
    origin: intercomOriginOf,
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    headers: { 'Intercom-Version': INTERCOM_API_VERSION },
    // Intercom answers 429 with the end of its 10-second window as a Unix time.
    resetHeaders: [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
    rateLimits: intercomRateLimits,
    // Read by the actions (refusalOf) to say what Intercom objected to; it classifies nothing.
    errorBody: intercomErrorBodySchema,
  },

  async findContacts(ctx, lookup): Promise<IntercomContactRef[]> {
    if (lookup.by === 'externalId') {
      // Merged or deleted contacts answer 404: the pipeline then tries the emails.
      const contact = await ctx.http.getIfExists(path`/contacts/${lookup.externalId}`, {
        schema: intercomContactSchema,
      });
      return contact ? [toContactRef(contact)] : [];
    }
    // One search for all emails (or all layouts of all phones). The query is JSON: each value stays one
    // literal string, whatever quotes or operators it contains.
    const query =
      lookup.by === 'email'
        ? { field: 'email', operator: 'IN', value: lookup.emails }
        : { field: 'phone', operator: 'IN', value: intercomPhoneVariants(lookup.phones) };
    const found = await ctx.http.post('/contacts/search', {
      json: { query },
      readOnly: true,
      schema: intercomContactListSchema,
    });
    return (found.data ?? []).map(toContactRef);
  },

  /** `GET /me`: the admin the token belongs to. One call; nothing to store. */
  async validateAuth(ctx) {
    await ctx.http.get('/me', { schema: intercomMeSchema });
    return undefined;
  },

  syncContacts: syncIntercomContacts,
  syncAgents: syncIntercomAgents,
  actions: intercomActions,
});

function toContactRef(contact: IntercomContact): IntercomContactRef {
  return {
    id: contact.id,
    ...(contact.workspace_id ? { workspaceId: contact.workspace_id } : {}),
    ...(typeof contact.notes?.total_count === 'number' ? { notesCount: contact.notes.total_count } : {}),
  };
}
