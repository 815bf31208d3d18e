import { type ContactRef, path, samePhoneNumber } from '@talkbridge/core';
import { personResponseSchema, personSearchResponseSchema, textsOf } from './pipedrive-api.js';
import type { PipedriveContext } from './pipedrive-context.js';
import { phoneSearchTerms } from './pipedrive-phone.js';

// Finding persons: used by interaction retrieval (findContacts) and by the actions (the person a call or
// note goes on when Talkdesk sends an email or a phone instead of a synced id).

/** Pipedrive person and user ids are integers: anything else cannot exist, so it costs no call. */
export const PIPEDRIVE_ID = /^\d{1,15}$/;

/**
 * The person a synced id names, without a call: the listers need only the id (`person_id=`), so core lists
 * the activities, notes and deals in the same round as `findById` checks the id.
 */
export function pipedrivePersonFromId(externalId: string): ContactRef | undefined {
  const id = externalId.trim();
  return PIPEDRIVE_ID.test(id) ? { id } : undefined;
}

/** A synced person id: one GET; a 404, a deleted person or a non-numeric id means stale. */
export async function findById(ctx: PipedriveContext, externalId: string): Promise<ContactRef[]> {
  const id = externalId.trim();
  if (!PIPEDRIVE_ID.test(id)) return [];
  const found = await ctx.http.getIfExists(path`/v2/persons/${id}`, { schema: personResponseSchema });
  const person = found?.data;
  return person && !person.is_deleted ? [{ id: String(person.id) }] : [];
}

/**
 * One search per email (the API takes a single term), all at once. `term` is a plain value, not a query
 * language; `exact_match` stops partial matches, and each hit's emails are checked again here.
 */
export async function findByEmails(ctx: PipedriveContext, emails: string[]): Promise<ContactRef[]> {
  const found = await Promise.all(
    emails.map(async (email) => {
      const answer = await searchPersons(ctx, { term: email, fields: 'email', exact_match: 'true' });
      return answer
        .filter((person) => person.emails.length === 0 || person.emails.some((value) => value === email))
        .map((person) => ({ id: person.id }));
    }),
  );
  return found.flat();
}

/**
 * Two searches per number, all at once: as E.164 and as its national digits, matching anywhere in the phone
 * field. Pipedrive keeps numbers as typed, so each hit is compared digit by digit before it counts.
 */
export async function findByPhones(ctx: PipedriveContext, phones: string[]): Promise<ContactRef[]> {
  const found = await Promise.all(
    phones.flatMap((phone) =>
      phoneSearchTerms(phone).map(async (term) => {
        const answer = await searchPersons(ctx, { term, fields: 'phone' });
        return answer
          .filter(
            (person) =>
              person.phones.length === 0 || person.phones.some((value) => samePhoneNumber(value, phone)),
          )
          .map((person) => ({ id: person.id }));
      }),
    ),
  );
  return found.flat();
}

async function searchPersons(
  ctx: PipedriveContext,
  query: { term: string; fields: 'email' | 'phone'; exact_match?: 'true' },
): Promise<{ id: string; emails: string[]; phones: string[] }[]> {
  const answer = await ctx.http.get(path`/v2/persons/search`, { query, schema: personSearchResponseSchema });
  return (answer.data?.items ?? []).map(({ item }) => ({
    id: String(item.id),
    emails: textsOf(item.emails).map((email) => email.trim().toLowerCase()),
    phones: textsOf(item.phones),
  }));
}
