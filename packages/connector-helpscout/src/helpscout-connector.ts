import {
  BridgeError,
  type ContactRef,
  collectPages,
  defineConnector,
  path,
  phoneSpellings,
  samePhoneNumber,
} from '@talkbridge/core';
import { helpScoutActions } from './helpscout-actions.js';
import {
  type HelpScoutConversation,
  type HelpScoutConversationList,
  type HelpScoutCustomer,
  helpScoutConversationListSchema,
  helpScoutCustomerSchema,
  helpScoutResourceOwnerSchema,
} from './helpscout-api.js';
import { customersWithEmails, entryValues, searchCustomers } from './helpscout-customers.js';
import { anyOfIds, anyOfQuoted } from './helpscout-query.js';
import { helpscoutRateLimits } from './helpscout-rate-limits.js';
import { type HelpScoutContext, helpScoutAuth, helpScoutSettings } from './helpscout-settings.js';
import { syncHelpScoutAgents, syncHelpScoutContacts } from './helpscout-sync.js';
import {
  createHelpScoutStatusMapper,
  isHiddenConversation,
  mapHelpScoutConversation,
} from './map-helpscout-conversation.js';

export type { HelpScoutSettings } from './helpscout-settings.js';

export const HELPSCOUT_API_ORIGIN = 'https://api.helpscout.net';

/** The most conversation pages one retrieval reads (Help Scout decides the page size, 25 by default). */
const MAX_CONVERSATION_PAGES = 10;

export const helpscout = defineConnector({
  id: 'helpscout',
  displayName: 'Help Scout',
  description:
    'Shared inbox and help desk: shows the contact’s Help Scout conversations (email, chat and phone), syncs customers and users, and creates conversations.',
  auth: helpScoutAuth,
  settings: helpScoutSettings,
  interactionTypes: ['conversation'],
  http: {
    origin: HELPSCOUT_API_ORIGIN,
    basePath: '/v2',
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    // 429 with the seconds to wait in `X-RateLimit-Retry-After` (Help Scout's rate-limiting page).
    resetHeaders: [{ name: 'x-ratelimit-retry-after', kind: 'seconds' }],
    rateLimits: helpscoutRateLimits,
    // Never changes how a failure is classified; keeps Help Scout's field errors for create_ticket.
  },

  async findContacts(ctx, lookup) {
    switch (lookup.by) {
      case 'externalId': {
        // Help Scout customer ids are integers: anything else is no customer of this account.
        if (!/^\d+$/.test(lookup.externalId)) return [];
        const customer = await ctx.http.getIfExists(path`/customers/${lookup.externalId}`, {
          schema: helpScoutCustomerSchema,
        });
        return customer ? [{ id: customer.id }] : [];
      }
      case 'email':
        // Help Scout's email search matches addresses *containing* the text (ann@ also finds joann@):
        // only customers that really have one of the addresses are kept.
        return (await customersWithEmails(ctx, lookup.emails)).map(toContactRef);
      case 'phone': {
        // Phones are stored as typed: search the usual spellings of each number in one query, then keep
        // customers whose stored phone is really one of the numbers.
        const variants = [...new Set(lookup.phones.flatMap(phoneSpellings))];
        const customers = await searchCustomers(ctx, anyOfQuoted('phone', variants));
        return customers
          .filter((customer) => {
            const phones = entryValues(customer, 'phones');
            return (
              phones === undefined ||
              phones.some((stored) => lookup.phones.some((e164) => samePhoneNumber(stored, e164)))
            );
          })
          .map(toContactRef);
      }
    }
  },

  async listInteractions(ctx, contacts, type) {
    if (type !== 'conversation') {
      throw new BridgeError('internal', `Help Scout connector asked for unsupported type "${type}"`);
    }
    const mapStatus = createHelpScoutStatusMapper(ctx.settings.statusMap, ctx.log);
    // One search covers every matched customer: `(customerIds:1 OR customerIds:2)`, newest first.
    const query = anyOfIds(
      'customerIds',
      contacts.map((contact) => contact.id),
    );
    if (query === undefined) return [];
    const conversations = await collectPages<HelpScoutConversation, number>(
      (page) => fetchConversations(ctx, query, page ?? 1),
      { limit: ctx.limit, deadline: ctx.deadline, log: ctx.log, maxPages: MAX_CONVERSATION_PAGES },
    );
    return conversations.map((conversation) => mapHelpScoutConversation(conversation, mapStatus));
  },

  /** `GET /v2/users/me`: one call; a refused token is a 401 (core maps it to invalid_credentials). */
  async validateAuth(ctx) {
    await ctx.http.get('/users/me', { schema: helpScoutResourceOwnerSchema });
    // Nothing to store: the token is the only auth field.
    return undefined;
  },

  syncContacts: syncHelpScoutContacts,
  syncAgents: syncHelpScoutAgents,
  actions: helpScoutActions,
});

function toContactRef(customer: HelpScoutCustomer): ContactRef {
  return { id: customer.id };
}

/**
 * One page of the customers' conversations, spam left out. `status=all`: Help Scout lists only `active`
 * ones by default. A page that was all spam is followed by the next one here, so that the pager (which
 * stops at an empty page) keeps going.
 */
async function fetchConversations(
  ctx: HelpScoutContext,
  query: string,
  firstPage: number,
): Promise<{ items: HelpScoutConversation[]; next?: number }> {
  let page = firstPage;
  for (;;) {
    const answer = await ctx.http.get('/conversations', {
      query: { query, status: 'all', sortField: 'createdAt', sortOrder: 'desc', page },
      schema: helpScoutConversationListSchema,
    });
    const all = answer._embedded?.conversations ?? [];
    const items = all.filter((conversation) => !isHiddenConversation(conversation));
    // Pages are read in order from 1, so the page number bounds the pages read in all.
    const next = page < MAX_CONVERSATION_PAGES ? nextPage(answer, page, all.length) : undefined;
    if (items.length > 0 || next === undefined) return next === undefined ? { items } : { items, next };
    page = next;
  }
}

function nextPage(
  answer: HelpScoutConversationList,
  requested: number,
  received: number,
): number | undefined {
  if (received === 0) return undefined;
  const current = answer.page?.number ?? requested;
  const total = answer.page?.totalPages;
  if (typeof total === 'number') return current < total ? current + 1 : undefined;
  return answer._links?.next ? current + 1 : undefined;
}
