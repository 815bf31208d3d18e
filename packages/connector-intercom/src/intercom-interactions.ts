// The listers of Talkdesk's interaction types: conversations and tickets by one search each for every
// contact found, notes per contact.
import { type ConnectorInteraction, collectPages, path } from '@talkbridge/core';
import {
  intercomConversationListSchema,
  intercomNoteListSchema,
  intercomTicketListSchema,
  nextCursorOf,
} from './intercom-api.js';
import type { IntercomContext } from './intercom-context.js';
import { type IntercomAgentLinks, intercomAgentLinks } from './intercom-regions.js';
import { conversationMappers, mapIntercomConversation } from './map-intercom-conversation.js';
import { mapIntercomNote } from './map-intercom-note.js';
import { mapIntercomTicket, ticketStatusMapper } from './map-intercom-ticket.js';

/** Intercom's largest search page. */
export const MAX_SEARCH_PAGE = 150;

/** A contact found in Intercom, with what the listing needs later and should not fetch again. */
export interface IntercomContactRef {
  id: string;
  workspaceId?: string;
  /** From the contact's notes summary; undefined when Intercom did not say. */
  notesCount?: number;
}

/** The agent UI links of the workspace the contacts are in (the first that says which). */
function linksOf(ctx: IntercomContext, contacts: IntercomContactRef[]): IntercomAgentLinks {
  return intercomAgentLinks(ctx.auth.region, contacts.find((contact) => contact.workspaceId)?.workspaceId);
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

export async function listIntercomConversations(ctx: IntercomContext, contacts: IntercomContactRef[]) {
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
  const links = linksOf(ctx, contacts);
  return newestFirst(
    conversations.map((conversation) => mapIntercomConversation(conversation, mappers, links)),
    ctx.limit,
  );
}

export async function listIntercomTickets(ctx: IntercomContext, contacts: IntercomContactRef[]) {
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
  const links = linksOf(ctx, contacts);
  return newestFirst(
    tickets.map((ticket) => mapIntercomTicket(ticket, status, links)),
    ctx.limit,
  );
}

export async function listIntercomNotes(ctx: IntercomContext, contacts: IntercomContactRef[]) {
  // Notes are listed per contact (no search covers them), all at once; a contact whose summary says it
  // has no notes is not asked. One page: Intercom's default of the 50 newest notes.
  const links = linksOf(ctx, contacts);
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

/** Newest first, at most `limit`: the order and size every lister's answer promises. */
function newestFirst(items: ConnectorInteraction[], limit: number): ConnectorInteraction[] {
  // Every date here is epoch ms from the mappers (NaN when Intercom sent none; the pipeline drops those).
  const time = (item: ConnectorInteraction) =>
    typeof item.date === 'number' && Number.isFinite(item.date) ? item.date : 0;
  return [...items].sort((a, b) => time(b) - time(a)).slice(0, limit);
}
