import { type ConnectorInteraction, collectPages, defineConnector, path } from '@talkbridge/core';
import { intercomActions } from './intercom-actions.js';
import {
  type IntercomContact,
  intercomContactListSchema,
  intercomContactSchema,
  intercomConversationListSchema,
  intercomMeSchema,
  intercomNoteListSchema,
  intercomTicketListSchema,
  nextCursorOf,
} from './intercom-api.js';
import {
  type IntercomContext,
  type IntercomSettings,
  intercomAuth,
  intercomSettings,
} from './intercom-context.js';
import { intercomPhoneVariants } from './intercom-phone-variants.js';
import { intercomRateLimits } from './intercom-rate-limits.js';
import { INTERCOM_API_HOSTS, type IntercomAgentLinks, intercomAgentLinks } from './intercom-regions.js';
import { syncIntercomAgents, syncIntercomContacts } from './intercom-sync.js';
import { conversationMappers, mapIntercomConversation } from './map-intercom-conversation.js';
import { mapIntercomNote } from './map-intercom-note.js';
import { mapIntercomTicket, ticketStatusMapper } from './map-intercom-ticket.js';

/** The API version every request pins (`Intercom-Version`): the one the response schemas were read from. */
export const INTERCOM_API_VERSION = '2.15';

/** Intercom's largest search page. */
const MAX_SEARCH_PAGE = 150;

export type { IntercomSettings };

/** A contact found in Intercom, with what the listing needs later and should not fetch again. */
interface IntercomContactRef {
  id: string;
  workspaceId?: string;
  /** From the contact's notes summary; undefined when Intercom did not say. */
  notesCount?: number;
}

export const intercom = defineConnector({
  id: 'intercom',
  displayName: 'Intercom',
  description:
    'Intercom is a customer service platform: conversations, tickets and notes of your customers in one inbox.',
  auth: intercomAuth,
  settings: intercomSettings,
  interactionTypes: ['conversation', 'ticket', 'note'],
  hosts: Object.values(INTERCOM_API_HOSTS),
  http: {
    origin: (auth) => `https://${INTERCOM_API_HOSTS[auth.region]}`,
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    headers: { 'Intercom-Version': INTERCOM_API_VERSION },
    // Intercom answers 429 with the end of its 10-second window as a Unix time.
    resetHeaders: [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
    rateLimits: intercomRateLimits,
    // Classifies nothing: records refusals so that an action can say what Intercom objected to.
  },

  async findContacts(ctx, lookup) {
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

  async listInteractions(ctx, contacts, type) {
    const links = intercomAgentLinks(
      ctx.auth.region,
      contacts.find((contact) => contact.workspaceId)?.workspaceId,
    );
    switch (type) {
      case 'conversation':
        return listConversations(ctx, contacts, links);
      case 'ticket':
        return listTickets(ctx, contacts, links);
      case 'note':
        return listNotes(ctx, contacts, links);
      default:
        return [];
    }
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

/** The search filter "belongs to one of these contacts", for conversations and tickets alike. */
function byContacts(contacts: IntercomContactRef[]) {
  return { field: 'contact_ids', operator: 'IN', value: contacts.map((contact) => contact.id) };
}

/** Search pages of up to `ctx.limit` items (Intercom allows 150), until the limit or the last page. */
function searchPages<TItem>(
  ctx: IntercomContext,
  fetchPage: (pagination: {
    per_page: number;
    starting_after?: string;
  }) => Promise<{ items: TItem[]; next: string | undefined }>,
): Promise<TItem[]> {
  const perPage = Math.max(1, Math.min(ctx.limit, MAX_SEARCH_PAGE));
  return collectPages<TItem, string>(
    (cursor) => fetchPage({ per_page: perPage, ...(cursor ? { starting_after: cursor } : {}) }),
    { limit: ctx.limit, deadline: ctx.deadline, log: ctx.log },
  );
}

async function listConversations(
  ctx: IntercomContext,
  contacts: IntercomContactRef[],
  links: IntercomAgentLinks,
) {
  const conversations = await searchPages(ctx, async (pagination) => {
    const page = await ctx.http.post('/conversations/search', {
      // Newest first, so the first pages hold what the answer keeps.
      json: { query: byContacts(contacts), sort: { field: 'created_at', order: 'descending' }, pagination },
      readOnly: true,
      schema: intercomConversationListSchema,
    });
    return { items: page.conversations ?? [], next: nextCursorOf(page.pages) };
  });
  const mappers = conversationMappers({ ...ctx.settings, log: ctx.log });
  return newestFirst(
    conversations.map((conversation) => mapIntercomConversation(conversation, mappers, links)),
    ctx.limit,
  );
}

async function listTickets(ctx: IntercomContext, contacts: IntercomContactRef[], links: IntercomAgentLinks) {
  // Intercom documents no sort for ticket search (only for contacts and conversations): the tickets are
  // sorted here, and with more of them than the limit, the kept ones are the first Intercom gives.
  const tickets = await searchPages(ctx, async (pagination) => {
    const page = await ctx.http.post('/tickets/search', {
      json: { query: byContacts(contacts), pagination },
      readOnly: true,
      schema: intercomTicketListSchema,
    });
    return { items: page.tickets ?? [], next: nextCursorOf(page.pages) };
  });
  const status = ticketStatusMapper({ ...ctx.settings, log: ctx.log });
  return newestFirst(
    tickets.map((ticket) => mapIntercomTicket(ticket, status, links)),
    ctx.limit,
  );
}

async function listNotes(ctx: IntercomContext, contacts: IntercomContactRef[], links: IntercomAgentLinks) {
  // Notes are listed per contact (no search covers them), all at once; a contact whose summary says it
  // has no notes is not asked. One page: Intercom's default of the 50 newest notes.
  const perContact = await Promise.all(
    contacts
      .filter((contact) => contact.notesCount !== 0)
      .map(async (contact) => {
        const list = await ctx.http.getIfExists(path`/contacts/${contact.id}/notes`, {
          schema: intercomNoteListSchema,
        });
        return (list?.data ?? []).map((note) => mapIntercomNote(note, contact.id, links));
      }),
  );
  return newestFirst(perContact.flat(), ctx.limit);
}

/** Newest first, at most `limit`: the order and size every `listInteractions` answer promises. */
function newestFirst(items: ConnectorInteraction[], limit: number): ConnectorInteraction[] {
  // Every date here is epoch ms from the mappers (NaN when Intercom sent none; the pipeline drops those).
  const time = (item: ConnectorInteraction) =>
    typeof item.date === 'number' && Number.isFinite(item.date) ? item.date : 0;
  return [...items].sort((a, b) => time(b) - time(a)).slice(0, limit);
}
