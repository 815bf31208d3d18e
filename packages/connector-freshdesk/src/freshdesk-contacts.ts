// Contact resolution: Freshdesk contacts by id, by email and by phone.
import { type ContactLookup, type ContactRef, path, phoneSpellings, samePhoneNumber } from '@talkbridge/core';
import {
  type FreshdeskContact,
  freshdeskContactListSchema,
  freshdeskContactSchema,
  freshdeskContactSearchSchema,
} from './freshdesk-api.js';
import type { FreshdeskContext } from './freshdesk-context.js';
import { isQuotableValue, orQueries, queryTerm } from './freshdesk-search-query.js';

/**
 * A contact as the lookup finds it and the ticket lister lists it: by its id, or (the provisional contact
 * of `freshdeskEmailListing`) by the requester email the tickets are filtered on.
 */
export interface FreshdeskContactRef extends ContactRef {
  /** The provisional contact of an email: its tickets are listed by `?email=`; `id` is not Freshdesk's. */
  requesterEmail?: string;
  /**
   * Set by the email lookup on a contact whose primary address is one of the emails looked up: the address
   * `GET /tickets?email=` is documented to filter on. Only a flag, so no address sits in the contact cache.
   */
  byPrimaryEmail?: true;
}

export function findFreshdeskContacts(
  ctx: FreshdeskContext,
  lookup: ContactLookup,
): Promise<FreshdeskContactRef[]> {
  switch (lookup.by) {
    case 'externalId':
      return findById(ctx, lookup.externalId);
    case 'email':
      return findByEmails(ctx, lookup.emails);
    case 'phone':
      return findByPhones(ctx, lookup.phones);
  }
}

/** Freshdesk ids are numbers: anything else cannot be one of its contacts. */
const FRESHDESK_ID = /^\d{1,20}$/;

/**
 * The contact a synced id names, without a call: the ticket lister needs only the id
 * (`GET /tickets?requester_id=`), so core lists the tickets in the same round as `findById` checks the id.
 */
export function freshdeskContactFromId(externalId: string): FreshdeskContactRef | undefined {
  return FRESHDESK_ID.test(externalId) ? { id: externalId } : undefined;
}

/** The synced contact id. A 404, or a contact deleted since (e.g. merged into another), is stale: []. */
async function findById(ctx: FreshdeskContext, externalId: string): Promise<FreshdeskContactRef[]> {
  if (!FRESHDESK_ID.test(externalId)) return [];
  const contact = await ctx.http.getIfExists(path`/contacts/${externalId}`, {
    schema: freshdeskContactSchema,
  });
  return contact && !contact.deleted ? [{ id: String(contact.id) }] : [];
}

/**
 * Every email in one search (`email:'a' OR email:'b'`). An email that cannot be quoted in the search
 * language as one literal goes to the exact filter `GET /contacts?email=` instead, as a plain parameter.
 * Both match a contact's primary email and its `other_emails` exactly, but neither answer carries
 * `other_emails` (only `GET /contacts/{id}` does): so every contact they return is kept. Filtering on the
 * primary email would drop the contact an agent's caller wrote from a secondary address, and reading each
 * contact again to see its other emails would cost a round trip per contact. A contact found by its primary
 * address says so (`byPrimaryEmail`): tickets listed by that address beside the search are then its own.
 */
async function findByEmails(ctx: FreshdeskContext, emails: string[]): Promise<FreshdeskContactRef[]> {
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
  const looked = new Set(emails);
  return refsOf(found.flat()).map(({ ref, contact }) =>
    contact.email && looked.has(contact.email.trim().toLowerCase()) ? { ...ref, byPrimaryEmail: true } : ref,
  );
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
  ).map(({ ref }) => ref);
}

async function searchContacts(ctx: FreshdeskContext, query: string): Promise<FreshdeskContact[]> {
  const answer = await ctx.http.get('/search/contacts', {
    query: { query },
    schema: freshdeskContactSearchSchema,
  });
  return answer.results;
}

/** The undeleted contacts' refs, each beside the contact it was made from. */
function refsOf(contacts: FreshdeskContact[]): { ref: FreshdeskContactRef; contact: FreshdeskContact }[] {
  return contacts
    .filter((contact) => !contact.deleted)
    .map((contact) => ({ ref: { id: String(contact.id) }, contact }));
}
