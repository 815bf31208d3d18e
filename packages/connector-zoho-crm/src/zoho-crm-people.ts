// Finding people: the Contact or Lead a request is about, by record id, emails or phones. Used by interaction
// retrieval (findContacts) and by the actions, which attach what they create to that person.
import { chunk, path, type UrlPath } from '@talkbridge/core';
import { type ZohoPerson, zohoListSchema, zohoPersonSchema } from './zoho-crm-api.js';
import type { ZohoContactRef, ZohoCrmContext } from './zoho-crm-context.js';
import {
  equalsAnyCriteria,
  MAX_CRITERIA_CONDITIONS,
  nationalDigits,
  ZOHO_RECORD_ID,
} from './zoho-crm-query.js';

/** What finding a person reads: the emails, to keep only exact matches. */
const PERSON_FIELDS = 'Email,Secondary_Email';

/** The most records one search page holds (Zoho's maximum `per_page`). */
const SEARCH_PAGE_SIZE = 200;

const peopleSchema = zohoListSchema(zohoPersonSchema);

function recordPath(module: ZohoContactRef['module'], id: string): UrlPath {
  return module === 'Contacts' ? path`/Contacts/${id}` : path`/Leads/${id}`;
}

function searchPath(module: ZohoContactRef['module']): string {
  return module === 'Contacts' ? '/Contacts/search' : '/Leads/search';
}

/**
 * The person a synced id names, without a call: a Contact (contact synchronization gives Contacts only), so
 * core lists its interactions in the same round as `findByRecordId` checks the id. The rare Lead's id is
 * found in Leads, which does not match this ref, and its interactions are listed again as a Lead's.
 */
export function zohoContactFromId(externalId: string): ZohoContactRef | undefined {
  const id = externalId.trim();
  return ZOHO_RECORD_ID.test(id) ? { id, module: 'Contacts' } : undefined;
}

/**
 * The synced id is a Contact's or a Lead's (Zoho ids are unique across modules): Contacts first, then
 * Leads, one call each, in order, so a Contact costs one call. Zoho answers 204 (or 404) for an id it does
 * not know; anything that is not a Zoho id is stale without asking.
 */
export async function findByRecordId(ctx: ZohoCrmContext, id: string): Promise<ZohoContactRef[]> {
  if (!ZOHO_RECORD_ID.test(id)) {
    ctx.log.debug({}, 'zoho-crm: the external id is not a Zoho record id; treated as stale');
    return [];
  }
  for (const module of ['Contacts', 'Leads'] as const) {
    const found = await ctx.http.getIfExists(recordPath(module, id), {
      query: { fields: PERSON_FIELDS },
      schema: peopleSchema,
    });
    const person = found?.data?.find((record) => record.id === id) ?? found?.data?.[0];
    if (person) return [{ id: person.id, module }];
  }
  return [];
}

async function search(
  ctx: ZohoCrmContext,
  module: ZohoContactRef['module'],
  query: Record<string, string>,
): Promise<ZohoPerson[]> {
  const found = await ctx.http.get(searchPath(module), {
    query: { ...query, fields: PERSON_FIELDS, per_page: SEARCH_PAGE_SIZE },
    schema: peopleSchema,
  });
  return found?.data ?? [];
}

/**
 * Every email at once: one `criteria` search per module (Contacts and Leads, in parallel) with one
 * `(Email:equals:…)` condition per email, up to Zoho's 10 conditions per search. Zoho's `equals` can match
 * more than the exact address, so only records whose Email or Secondary_Email is one of them are kept.
 */
export async function findByEmails(ctx: ZohoCrmContext, emails: string[]): Promise<ZohoContactRef[]> {
  const wanted = new Set(emails.map((email) => email.toLowerCase()));
  const searches = (['Contacts', 'Leads'] as const).flatMap((module) =>
    chunk(emails, MAX_CRITERIA_CONDITIONS).map(async (group) => {
      const people = await search(ctx, module, { criteria: equalsAnyCriteria('Email', group) });
      return people
        .filter((person) =>
          [person.Email, person.Secondary_Email].some(
            (email) => email && wanted.has(email.trim().toLowerCase()),
          ),
        )
        .map((person) => ({ id: person.id, module }));
    }),
  );
  return unique((await Promise.all(searches)).flat());
}

/**
 * Each phone in both modules, in parallel: Zoho's `phone` search looks in every phone field of the module.
 * It is given the national number (`4155550142` for `+14155550142`), the digits every formatting of the
 * number contains, so `(415) 555-0142` and `+1 415 555 0142` are both found.
 */
export async function findByPhones(ctx: ZohoCrmContext, phones: string[]): Promise<ZohoContactRef[]> {
  const searches = phones.flatMap((phone) =>
    (['Contacts', 'Leads'] as const).map(async (module) => {
      const people = await search(ctx, module, { phone: nationalDigits(phone) });
      return people.map((person) => ({ id: person.id, module }));
    }),
  );
  return unique((await Promise.all(searches)).flat());
}

function unique(contacts: ZohoContactRef[]): ZohoContactRef[] {
  const byId = new Map<string, ZohoContactRef>();
  for (const contact of contacts) if (!byId.has(contact.id)) byId.set(contact.id, contact);
  return [...byId.values()];
}
