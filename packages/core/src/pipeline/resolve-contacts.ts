import type {
  AnyConnector,
  ConnectorContext,
  ContactLookup,
  ContactQuery,
  ContactRef,
} from '../connector.js';
import type { ContactCacheUse } from './runtime-scope.js';

/**
 * Finds the contact the request is about: the synced external id first; if that finds no one (it can be
 * stale after a merge or delete), every email; then every phone. Stops at the first step that matches.
 * Several matches are all returned (their interactions are merged), de-duplicated by id.
 */
export async function resolveContacts(
  connector: AnyConnector,
  ctx: ConnectorContext<unknown, unknown>,
  query: ContactQuery,
  /** Keeps what each step found for a short TTL, and shares identical steps in flight. */
  cache?: ContactCacheUse,
): Promise<ContactRef[]> {
  for (const lookup of lookupSteps(query)) {
    const find = (): Promise<ContactRef[]> => connector.findContacts(ctx, lookup);
    const found: ContactRef[] = cache
      ? await cache.contacts.resolve(cache.scope, lookup, find)
      : await find();
    if (found.length > 0) {
      ctx.log.debug({ step: lookup.by, matches: found.length }, 'contact resolved');
      return uniqueById(found);
    }
  }
  return [];
}

function lookupSteps(query: ContactQuery): ContactLookup[] {
  const steps: ContactLookup[] = [];
  if (query.externalId) steps.push({ by: 'externalId', externalId: query.externalId });
  if (query.emails.length > 0) steps.push({ by: 'email', emails: query.emails });
  if (query.phones.length > 0) steps.push({ by: 'phone', phones: query.phones });
  return steps;
}

function uniqueById<T extends ContactRef>(contacts: T[]): T[] {
  const byId = new Map<string, T>();
  for (const contact of contacts) if (!byId.has(contact.id)) byId.set(contact.id, contact);
  return [...byId.values()];
}
