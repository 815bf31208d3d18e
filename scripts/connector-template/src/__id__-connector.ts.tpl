// The __DISPLAY__ connector: how to reach the service, and the two questions every connector answers —
// who matches this lookup, and what interactions of each type these contacts have (one lister per type). Core's pipeline owns
// the rest (validation, resolution order, deadline, retries, dates, sorting, the cap).
import { type ContactRef, defineConnector, path, samePhoneNumber } from '@talkbridge/core';
import {
  type __Name__Contact,
  type __Name__Ticket,
  __name__ContactListSchema, __name__ContactSchema, __name__TicketListSchema } from './__id__-api.js';
import {
  __CONST___HOSTS,
  type __Name__Context,
  __name__AgentOrigin,
  __name__Auth,
  __name__Origin,
  __name__Settings,
} from './__id__-context.js';
import { create__Name__Mappers, map__Name__Ticket } from './map-__id__-ticket.js';

/** The vendor's largest page. TODO(__id__): from its docs. */
const MAX_PER_PAGE = 100;

export const __name__ = defineConnector({
  id: '__id__',
  displayName: '__DISPLAY__',
  description: '__DISPLAY__: the tickets a contact raised.',
  auth: __name__Auth,
  settings: __name__Settings,
  hosts: __CONST___HOSTS,
  http: {
    origin: __name__Origin,
    basePath: '/api/v1',
    authenticate: (auth) => ({ type: 'bearer', token: auth.api_token }),
  },

  async findContacts(ctx, lookup) {
    switch (lookup.by) {
      case 'externalId':
        return findById(ctx, lookup.externalId);
      case 'email':
        return findByEmails(ctx, lookup.emails);
      case 'phone':
        return findByPhones(ctx, lookup.phones);
    }
  },

  interactions: { ticket: list__Name__Tickets },
});

/** The contacts' tickets, newest first, at most `ctx.limit`: one call per contact, all at once. */
async function list__Name__Tickets(ctx: __Name__Context, contacts: ContactRef[]) {
  const mapping = {
    ...create__Name__Mappers({ statusMap: ctx.settings.statusMap, priorityMap: ctx.settings.priorityMap, log: ctx.log }),
    agentOrigin: __name__AgentOrigin(ctx),
  };
  // One call per contact, all at once (core bounds how many run in parallel).
  const perContact = await Promise.all(
    contacts.map((contact) =>
      ctx.http.get(path`/contacts/${contact.id}/tickets`, {
        query: { per_page: Math.min(MAX_PER_PAGE, Math.max(1, ctx.limit)) },
        schema: __name__TicketListSchema,
      }),
    ),
  );
  return perContact
    .flatMap((answer) => answer.tickets)
    .sort((a, b) => createdAt(b) - createdAt(a))
    .slice(0, ctx.limit)
    .map((ticket) => map__Name__Ticket(ticket, mapping));
}

/** The synced contact id; a 404 (deleted, merged) is a stale id: nobody, and the pipeline falls back. */
async function findById(ctx: __Name__Context, externalId: string): Promise<ContactRef[]> {
  const contact = await ctx.http.getIfExists(path`/contacts/${externalId}`, { schema: __name__ContactSchema });
  return contact ? [{ id: String(contact.id) }] : [];
}

/** Every email in one call (`?email=a&email=b`); only contacts whose email really is one of them count. */
async function findByEmails(ctx: __Name__Context, emails: string[]): Promise<ContactRef[]> {
  const answer = await ctx.http.get('/contacts', { query: { email: emails }, schema: __name__ContactListSchema });
  const wanted = new Set(emails);
  return refsOf(answer.contacts.filter((contact) => wanted.has(contact.email?.trim().toLowerCase() ?? '')));
}

/** Every phone (E.164) in one call; the stored number is compared as a number, not as text. */
async function findByPhones(ctx: __Name__Context, phones: string[]): Promise<ContactRef[]> {
  const answer = await ctx.http.get('/contacts', { query: { phone: phones }, schema: __name__ContactListSchema });
  return refsOf(
    answer.contacts.filter((contact) => phones.some((phone) => !!contact.phone && samePhoneNumber(contact.phone, phone))),
  );
}

function refsOf(contacts: __Name__Contact[]): ContactRef[] {
  return contacts.map((contact) => ({ id: String(contact.id) }));
}

/** Newest first across contacts; a ticket without a readable date goes last. */
function createdAt(ticket: __Name__Ticket): number {
  const time = ticket.created_at ? Date.parse(ticket.created_at) : Number.NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}
