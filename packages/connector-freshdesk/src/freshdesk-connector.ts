import { BridgeError, defineConnector, refusalOf } from '@talkbridge/core';
import { createTicketAction } from './freshdesk-actions.js';
import { type FreshdeskErrorBody, freshdeskAgentSchema, freshdeskErrorBodySchema } from './freshdesk-api.js';
import { findFreshdeskContacts, freshdeskContactFromId } from './freshdesk-contacts.js';
import { FRESHDESK_HOSTS, freshdeskAuth, freshdeskOrigin, freshdeskSettings } from './freshdesk-context.js';
import { freshdeskEmailListing } from './freshdesk-email-listing.js';
import { freshdeskRateLimits } from './freshdesk-rate-limits.js';
import { freshdeskAgentSync, freshdeskContactSync } from './freshdesk-sync.js';
import { listFreshdeskTickets } from './freshdesk-tickets.js';

export const freshdesk = defineConnector({
  id: 'freshdesk',
  displayName: 'Freshdesk',
  description:
    'Freshdesk customer support: the tickets a contact raised, contact and agent synchronization, and tickets created from Talkdesk.',
  auth: freshdeskAuth,
  settings: freshdeskSettings,
  interactions: { ticket: listFreshdeskTickets },
  hosts: FRESHDESK_HOSTS,
  http: {
    origin: freshdeskOrigin,
    basePath: '/api/v2',
    // Basic auth with the API key as the user name and any password; Freshdesk's docs use `X`.
    authenticate: (auth) => ({ type: 'basic', username: auth.api_key, password: 'X' }),
    rateLimits: freshdeskRateLimits,
    // A 429 carries `Retry-After` (seconds), which core honours; Freshdesk sends no reset time besides it
    // (X-RateLimit-Total / -Remaining / -Used-CurrentRequest count calls), and uses plain 401 and 429.
    // Its error body is declared so the action can name the fields a refused ticket got wrong.
    errorBody: freshdeskErrorBodySchema,
  },

  findContacts: findFreshdeskContacts,
  contactFromExternalId: freshdeskContactFromId,
  listingByEmail: freshdeskEmailListing,

  /**
   * One `GET /agents/me`: the API key is an agent's. A 401 is core's `invalid_credentials`; a 403 (a key
   * Freshdesk knows but will not let use this API) cannot work for the integration either.
   */
  async validateAuth(ctx) {
    try {
      await ctx.http.get('/agents/me', { schema: freshdeskAgentSchema });
    } catch (error) {
      if (refusalOf<FreshdeskErrorBody>(error)?.status === 403) {
        throw new BridgeError(
          'invalid_credentials',
          'Freshdesk knows this API key but refuses it access to the agent API (403): use an agent’s API key',
        );
      }
      throw error;
    }
    return undefined;
  },

  syncContacts: freshdeskContactSync,
  syncAgents: freshdeskAgentSync,
  actions: { create_ticket: createTicketAction },
});
