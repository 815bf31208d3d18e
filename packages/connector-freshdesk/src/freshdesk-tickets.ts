// The `ticket` interaction type: the tickets each matched contact raised, newest first.
import { type ConnectorInteraction, collectPages, nextLinkFrom } from '@talkbridge/core';
import { type FreshdeskTicket, freshdeskTicketListSchema } from './freshdesk-api.js';
import type { FreshdeskContactRef } from './freshdesk-contacts.js';
import { agentOrigin, type FreshdeskContext } from './freshdesk-context.js';
import { createFreshdeskMappers, mapFreshdeskTicket } from './map-freshdesk-ticket.js';

/**
 * `GET /tickets` returns only tickets created in the last 30 days unless `updated_since` is given; every
 * ticket was updated after this instant (Freshdesk did not exist before it), so none is left out.
 */
export const FRESHDESK_ALL_TICKETS_SINCE = '2000-01-01T00:00:00Z';

/** Freshdesk's largest page (`per_page`). */
const MAX_PER_PAGE = 100;

/**
 * A ticket has one requester, and the list filters by one: one call per contact, all at once; by its id,
 * or by the requester email for the provisional contact of an email (see freshdesk-email-listing.ts).
 */
export async function listFreshdeskTickets(
  ctx: FreshdeskContext,
  contacts: FreshdeskContactRef[],
): Promise<ConnectorInteraction[]> {
  const mapping = {
    ...createFreshdeskMappers({
      statusMap: ctx.settings.statusMap,
      priorityMap: ctx.settings.priorityMap,
      log: ctx.log,
    }),
    agentOrigin: agentOrigin(ctx),
  };
  const perContact = await Promise.all(
    contacts.map((contact) =>
      listTicketsOf(
        ctx,
        contact.requesterEmail === undefined
          ? { requester_id: contact.id }
          : { email: contact.requesterEmail },
      ),
    ),
  );
  return perContact
    .flat()
    .sort((a, b) => createdAt(b) - createdAt(a))
    .slice(0, ctx.limit)
    .map((ticket) => mapFreshdeskTicket(ticket, mapping));
}

/** The requester's tickets, newest first, every age (`updated_since`), paged until `ctx.limit`. */
async function listTicketsOf(
  ctx: FreshdeskContext,
  requester: { requester_id: string } | { email: string },
): Promise<FreshdeskTicket[]> {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, ctx.limit));
  return collectPages<FreshdeskTicket, number>(
    async (page) => {
      const answer = await ctx.http.request('GET', '/tickets', {
        query: {
          ...requester,
          updated_since: FRESHDESK_ALL_TICKETS_SINCE,
          order_by: 'created_at',
          order_type: 'desc',
          include: 'description',
          per_page: perPage,
          page,
        },
        schema: freshdeskTicketListSchema,
      });
      // Freshdesk announces a further page with a `Link: <…>; rel="next"` header.
      const current = page ?? 1;
      return { items: answer.data, next: nextLinkFrom(answer.headers.get('link')) ? current + 1 : undefined };
    },
    { limit: ctx.limit, deadline: ctx.deadline, log: ctx.log },
  );
}

function createdAt(ticket: FreshdeskTicket): number {
  const time = ticket.created_at ? Date.parse(ticket.created_at) : Number.NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}
