// Contact resolution: Zendesk users by id, by email and by phone.
import { type ContactLookup, type ContactRef, path } from '@talkbridge/core';
import {
  type ZendeskUser,
  zendeskSearchResponseSchema,
  zendeskUserResponseSchema,
  zendeskUserSchema,
} from './zendesk-api.js';
import type { ZendeskContext } from './zendesk-context.js';
import { phoneSearchValues, searchQuery, searchTerm, storedPhoneMatches } from './zendesk-search-query.js';
import { ZENDESK_SEARCH_MAX_PER_PAGE } from './zendesk-tickets.js';

/** Emails or phones OR'ed in one user search (Talkdesk sends a handful; this bounds the query's length). */
const MAX_LOOKUP_VALUES = 20;

/**
 * A user as the lookup finds it and the ticket lister searches for it: by its id, or (the provisional
 * contact of `zendeskEmailListing`) by the requester email the ticket search names.
 */
export interface ZendeskContactRef extends ContactRef {
  /** The provisional contact of an email: its tickets are searched by `requester:`; `id` is not Zendesk's. */
  requesterEmail?: string;
  /**
   * Set by the email lookup on a user whose primary email (`user.email`) is one of the emails looked up.
   * Only a flag, so no address sits in the contact cache.
   */
  byPrimaryEmail?: true;
}

/** One resolution step: the user with that id, or one search over all emails (or all phones). */
export async function findZendeskUsers(
  ctx: ZendeskContext,
  lookup: ContactLookup,
): Promise<ZendeskContactRef[]> {
  switch (lookup.by) {
    case 'externalId':
      return findUserById(ctx, lookup.externalId);
    case 'email': {
      const emails = bounded(ctx, lookup.emails, 'emails');
      const users = await searchUsers(
        ctx,
        emails.map((email) => searchTerm('email', email)),
      );
      const looked = new Set(emails);
      return users.map((user) =>
        user.email && looked.has(user.email.trim().toLowerCase())
          ? { ...contactRef(user), byPrimaryEmail: true }
          : contactRef(user),
      );
    }
    case 'phone': {
      const phones = bounded(ctx, lookup.phones, 'phones');
      const users = await searchUsers(
        ctx,
        phones.flatMap((phone) => phoneSearchValues(phone).map((value) => searchTerm('phone', value))),
      );
      // The national-number variants can hit the same digits in another country: a user whose primary
      // phone is another number is dropped; one without a primary phone matched another identity.
      return users
        .filter((user) => !user.phone || phones.some((phone) => storedPhoneMatches(user.phone ?? '', phone)))
        .map(contactRef);
    }
  }
}

/** Zendesk user ids are integers: anything else cannot be one, so it is stale without asking. */
const ZENDESK_ID = /^\d{1,19}$/;

/**
 * The user a synced id names, without a call: the ticket lister needs only the requester id, so core
 * searches the tickets in the same round as `findUserById` checks the id.
 */
export function zendeskUserFromId(externalId: string): ZendeskContactRef | undefined {
  return ZENDESK_ID.test(externalId) ? { id: externalId } : undefined;
}

async function findUserById(ctx: ZendeskContext, externalId: string): Promise<ZendeskContactRef[]> {
  if (!ZENDESK_ID.test(externalId)) return [];
  const found = await ctx.http.getIfExists(path`/users/${externalId}`, { schema: zendeskUserResponseSchema });
  // A deleted user (merged ones are deleted) is stale too: the pipeline falls back to emails and phones.
  if (!found || found.user.active === false) return [];
  return [contactRef(found.user)];
}

/** One `type:user` search whose terms are OR'ed; no terms, no call. */
async function searchUsers(ctx: ZendeskContext, terms: (string | undefined)[]): Promise<ZendeskUser[]> {
  if (terms.every((term) => term === undefined)) return [];
  const answer = await ctx.http.get('/search', {
    query: { query: searchQuery('user', terms), per_page: ZENDESK_SEARCH_MAX_PER_PAGE },
    schema: zendeskSearchResponseSchema(zendeskUserSchema),
  });
  return answer.results.filter((user) => (user.result_type ?? 'user') === 'user' && user.active !== false);
}

function contactRef(user: ZendeskUser): ZendeskContactRef {
  return { id: String(user.id) };
}

function bounded(ctx: ZendeskContext, values: string[], what: string): string[] {
  if (values.length > MAX_LOOKUP_VALUES) {
    ctx.log.warn(
      { [what]: values.length, searched: MAX_LOOKUP_VALUES },
      `only the first ${what} are searched`,
    );
  }
  return values.slice(0, MAX_LOOKUP_VALUES);
}
