import {
  BridgeError,
  beforeFirst,
  type ConnectorContext,
  type ContactRef,
  collectPages,
  defineConnector,
  mappingSettingsShape,
  nextLinkFrom,
  path,
  phoneSpellings,
  samePhoneNumber,
} from '@talkbridge/core';
import { z } from 'zod';
import { createTicketAction } from './freshdesk-actions.js';
import {
  type FreshdeskContact,
  type FreshdeskTicket,
  freshdeskAgentSchema,
  freshdeskContactListSchema,
  freshdeskContactSchema,
  freshdeskContactSearchSchema,
  freshdeskTicketListSchema,
} from './freshdesk-api.js';
import { agentOrigin, freshdeskOrigin } from './freshdesk-context.js';
import { withUpstreamFailures } from './freshdesk-failure.js';
import { freshdeskRateLimits } from './freshdesk-rate-limits.js';
import { isQuotableValue, orQueries, queryTerm } from './freshdesk-search-query.js';
import { syncFreshdeskAgents, syncFreshdeskContacts } from './freshdesk-sync.js';
import { createFreshdeskMappers, mapFreshdeskTicket } from './map-freshdesk-ticket.js';

/**
 * `GET /tickets` returns only tickets created in the last 30 days unless `updated_since` is given; every
 * ticket was updated after this instant (Freshdesk did not exist before it), so none is left out.
 */
export const FRESHDESK_ALL_TICKETS_SINCE = '2000-01-01T00:00:00Z';

/** Freshdesk's largest page (`per_page`). */
const MAX_PER_PAGE = 100;

/**
 * The account's subdomain as people paste it: `acme`, `acme.freshdesk.com` or `https://acme.freshdesk.com/`
 * all become `acme`. Whatever is left is checked by the host guard once it is an origin.
 */
function normaliseDomain(raw: string): string {
  return beforeFirst(
    raw
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, ''),
    '/',
  ).replace(/\.freshdesk\.com\.?$/, '');
}

const DOMAIN_HINT = 'expected the Freshdesk subdomain, e.g. "acme" for acme.freshdesk.com';
const API_KEY_HINT = 'expected the Freshdesk API key (Profile settings → View API key)';

/** The Talkdesk auth fields; the metadata becomes the integration's `authentication_configuration`. */
const freshdeskAuth = z.object({
  domain: z.string({ error: DOMAIN_HINT }).trim().min(1, DOMAIN_HINT).transform(normaliseDomain).meta({
    title: 'Freshdesk subdomain',
    description: 'The part before .freshdesk.com in your helpdesk address',
    format: 'https://{{domain}}.freshdesk.com',
  }),
  api_key: z
    .string({ error: API_KEY_HINT })
    .trim()
    .min(1, API_KEY_HINT)
    .meta({ title: 'API key', description: 'In Freshdesk: Profile settings → View API key' }),
});
type FreshdeskAuth = z.output<typeof freshdeskAuth>;

/**
 * `statusMap` / `priorityMap` override the default tables, keyed by Freshdesk's number as text:
 * `{ "statusMap": { "6": "pending" } }` for an account's custom "Waiting on customer" status.
 * `syncCompanyNames: false` leaves the company out of contact synchronization, saving one
 * `GET /companies/{id}` per distinct company on each page.
 */
const freshdeskSettings = z.object({
  ...mappingSettingsShape,
  syncCompanyNames: z.boolean({ error: 'expected true or false' }).optional(),
});
export type FreshdeskSettings = z.input<typeof freshdeskSettings> & { baseUrl?: string };

type FreshdeskContext = ConnectorContext<
  FreshdeskAuth,
  z.output<typeof freshdeskSettings> & { baseUrl?: string }
>;

export { freshdeskOrigin };

export const freshdesk = defineConnector({
  id: 'freshdesk',
  displayName: 'Freshdesk',
  description:
    'Freshdesk customer support: the tickets a contact raised, contact and agent synchronization, and tickets created from Talkdesk.',
  auth: freshdeskAuth,
  settings: freshdeskSettings,
  interactionTypes: ['ticket'],
  hosts: ['*.freshdesk.com'],
  http: {
    origin: freshdeskOrigin,
    basePath: '/api/v2',
    // Basic auth with the API key as the user name and any password; Freshdesk's docs use `X`.
    authenticate: (auth) => ({ type: 'basic', username: auth.api_key, password: 'X' }),
    rateLimits: freshdeskRateLimits,
    // A 429 carries `Retry-After` (seconds), which core honours; Freshdesk sends no reset time besides it
    // (X-RateLimit-Total / -Remaining / -Used-CurrentRequest count calls), and uses plain 401 and 429.
    // Failures are only observed here (classification stays core's): actions read Freshdesk's validation
    // errors from them.
  },

  /**
   * One `GET /agents/me`: the API key is an agent's. A 401 is core's `invalid_credentials`; a 403 (a key
   * Freshdesk knows but will not let use this API) cannot work for the integration either.
   */
  async validateAuth(ctx) {
    await withUpstreamFailures(
      () => ctx.http.get('/agents/me', { schema: freshdeskAgentSchema }),
      (error, failure) => {
        if (
          BridgeError.isInstance(error) &&
          error.code === 'upstream_unavailable' &&
          failure?.status === 403
        ) {
          throw new BridgeError(
            'invalid_credentials',
            'Freshdesk knows this API key but refuses it access to the agent API (403): use an agent’s API key',
          );
        }
        throw error;
      },
    );
    return undefined;
  },

  syncContacts: syncFreshdeskContacts,
  syncAgents: syncFreshdeskAgents,
  actions: { create_ticket: createTicketAction },

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

  async listInteractions(ctx, contacts, type) {
    if (type !== 'ticket') return [];
    const mapping = {
      ...createFreshdeskMappers({
        statusMap: ctx.settings.statusMap,
        priorityMap: ctx.settings.priorityMap,
        log: ctx.log,
      }),
      agentOrigin: agentOrigin(ctx),
    };
    // A ticket has one requester, and the list filters by one: one call per contact, all at once.
    const perContact = await Promise.all(contacts.map((contact) => listTicketsOf(ctx, contact.id)));
    return perContact
      .flat()
      .sort((a, b) => createdAt(b) - createdAt(a))
      .slice(0, ctx.limit)
      .map((ticket) => mapFreshdeskTicket(ticket, mapping));
  },
});

/** The synced contact id. A 404, or a contact deleted since (e.g. merged into another), is stale: []. */
async function findById(ctx: FreshdeskContext, externalId: string): Promise<ContactRef[]> {
  // Freshdesk ids are numbers: anything else cannot be one of its contacts.
  if (!/^\d{1,20}$/.test(externalId)) return [];
  const contact = await ctx.http.getIfExists(path`/contacts/${externalId}`, {
    schema: freshdeskContactSchema,
  });
  return contact && !contact.deleted ? [{ id: String(contact.id) }] : [];
}

/**
 * Every email in one search (`email:'a' OR email:'b'`). An email that cannot be quoted in the search
 * language as one literal goes to the exact filter `GET /contacts?email=` instead, as a plain parameter.
 */
async function findByEmails(ctx: FreshdeskContext, emails: string[]): Promise<ContactRef[]> {
  const quotable = emails.filter(isQuotableValue);
  const literal = emails.filter((email) => !isQuotableValue(email));
  const found = await Promise.all([
    ...orQueries(quotable.map((email) => queryTerm('email', email))).map((query) =>
      searchContacts(ctx, query),
    ),
    ...literal.map((email) =>
      ctx.http.get('/contacts', { query: { email }, schema: freshdeskContactListSchema }),
    ),
  ]);
  const wanted = new Set(emails);
  return refsOf(found.flat().filter((contact) => emailsOf(contact).some((email) => wanted.has(email))));
}

/** Every phone, in its usual spellings, against `phone` and `mobile`, in one search per 512 characters. */
async function findByPhones(ctx: FreshdeskContext, phones: string[]): Promise<ContactRef[]> {
  const terms = phones.flatMap((phone) =>
    phoneSpellings(phone).flatMap((variant) => [queryTerm('phone', variant), queryTerm('mobile', variant)]),
  );
  const found = await Promise.all(orQueries(terms).map((query) => searchContacts(ctx, query)));
  // The search compares text; keep only contacts whose number really is one of the requested ones.
  return refsOf(
    found
      .flat()
      .filter((contact) =>
        phones.some((phone) =>
          [contact.phone, contact.mobile].some((stored) => !!stored && samePhoneNumber(stored, phone)),
        ),
      ),
  );
}

async function searchContacts(ctx: FreshdeskContext, query: string): Promise<FreshdeskContact[]> {
  const answer = await ctx.http.get('/search/contacts', {
    query: { query },
    schema: freshdeskContactSearchSchema,
  });
  return answer.results;
}

/** The contact's tickets, newest first, every age (`updated_since`), paged until `ctx.limit`. */
async function listTicketsOf(ctx: FreshdeskContext, requesterId: string): Promise<FreshdeskTicket[]> {
  const perPage = Math.min(MAX_PER_PAGE, Math.max(1, ctx.limit));
  return collectPages<FreshdeskTicket, number>(
    async (page) => {
      const answer = await ctx.http.request('GET', '/tickets', {
        query: {
          requester_id: requesterId,
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

function emailsOf(contact: FreshdeskContact): string[] {
  return [contact.email, ...(contact.other_emails ?? [])]
    .filter((email): email is string => typeof email === 'string')
    .map((email) => email.trim().toLowerCase());
}

function refsOf(contacts: FreshdeskContact[]): ContactRef[] {
  return contacts.filter((contact) => !contact.deleted).map((contact) => ({ id: String(contact.id) }));
}

function createdAt(ticket: FreshdeskTicket): number {
  const time = ticket.created_at ? Date.parse(ticket.created_at) : Number.NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}
