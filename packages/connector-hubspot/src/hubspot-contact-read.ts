// A contact read by id or by email together with the ids of its tickets and activities: one
// `GET /crm/v3/objects/contacts/{id}?associations=…` instead of a lookup and then one associations call per
// type. The ids travel on the contact reference, so each lister only has its one batch read left to make.
import { isEmailAddress, path } from '@talkbridge/core';
import { type HubspotObjectWithAssociations, hubspotObjectWithAssociationsSchema } from './hubspot-api.js';
import type { HubspotContext } from './hubspot-context.js';

/** The CRM object types the listers read, as the v3/v4 paths and the `associations` parameter spell them. */
export const CONTACT_ASSOCIATION_TYPES = [
  'tickets',
  'notes',
  'calls',
  'emails',
  'meetings',
  'tasks',
] as const;

/**
 * Where a read of the contact leaves its associated ids, per object type. A symbol key on purpose: the
 * contact cache serialises references with JSON, which drops symbol keys, so ids read for one view are
 * never replayed from the cache into a later one (interactions are always fresh). A reference without
 * them (from the cache, or from a search) makes the listers read the associations themselves.
 */
export const ASSOCIATED_IDS: unique symbol = Symbol('hubspot associated ids');

export interface HubspotContactRef {
  id: string;
  /** Object type → every associated id; a type missing here (its list was paged) is read by the lister. */
  [ASSOCIATED_IDS]?: Partial<Record<string, readonly string[]>>;
}

/** Emails read one by one (in parallel) at most: more go into one search instead of a wide fan-out. */
export const MAX_EMAIL_READS = 4;

/**
 * An address that may stand in a URL path as the contact id: a valid email of plain characters only, so
 * that no encoded separator or dot segment can reach HubSpot's router (anything else is searched instead).
 */
const PATH_SAFE_EMAIL = /^[a-z0-9._+@-]+$/i;
export const isPathSafeEmail = (email: string) => isEmailAddress(email) && PATH_SAFE_EMAIL.test(email);

/**
 * The contact with this id, or with this primary email (`idProperty=email`, which HubSpot matches against
 * the primary address only), with its associations; undefined when HubSpot has no such contact (404).
 */
export async function readContactWithAssociations(
  ctx: HubspotContext,
  key: { id: string } | { email: string },
): Promise<{ contact: HubspotObjectWithAssociations; ref: HubspotContactRef } | undefined> {
  const byEmail = 'email' in key;
  const contact = await ctx.http.getIfExists(path`/crm/v3/objects/contacts/${byEmail ? key.email : key.id}`, {
    query: {
      ...(byEmail ? { idProperty: 'email' } : {}),
      properties: 'email',
      associations: CONTACT_ASSOCIATION_TYPES.join(','),
    },
    schema: hubspotObjectWithAssociationsSchema,
  });
  if (!contact) return undefined;
  return { contact, ref: { id: contact.id, [ASSOCIATED_IDS]: associatedIdsOf(contact) } };
}

/**
 * The complete id lists of the answer, per object type. HubSpot leaves a type out when the contact has
 * none of it, and pages a list past 100 ids (`paging.next`): such a type is left out here, so the lister
 * reads it whole through the associations API rather than answer from the first page.
 */
export function associatedIdsOf(contact: HubspotObjectWithAssociations): Record<string, readonly string[]> {
  const byType: Record<string, readonly string[]> = {};
  for (const type of CONTACT_ASSOCIATION_TYPES) {
    const list = contact.associations?.[type];
    if (list?.paging?.next) continue;
    // The same record can be listed once per association label (unlabeled, primary, custom): once is enough.
    byType[type] = [...new Set((list?.results ?? []).map((associated) => associated.id))];
  }
  return byType;
}
