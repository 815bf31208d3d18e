import type {
  AnyConnector,
  ConnectorContext,
  ContactLookup,
  ContactQuery,
  ContactRef,
} from '../connector.js';
import type { ContactCacheUse } from './runtime-scope.js';

export interface ResolveContactsOptions {
  alongsideExternalId?: boolean;
  /**
   * Told as a lookup step goes to the connector, just before `findContacts` (not on a cache hit, nor for
   * the step started beside the external id's), so work that only pays off with that call can start in
   * the same round.
   */
  onLookup?: (lookup: ContactLookup) => void;
}

/**
 * Finds the contact the request is about: the synced external id first; if that finds no one (it can be
 * stale after a merge or delete), every email; then every phone. Stops at the first step that matches.
 * Several matches are all returned (their interactions are merged), de-duplicated by id.
 *
 * With `alongsideExternalId`, the step after the external id starts in the same round instead of after it:
 * a stale id then costs no extra round trip, at the price of one lookup call that is thrown away whenever
 * the id is good (the usual case), so it is the integration's choice.
 */
export async function resolveContacts(
  connector: AnyConnector,
  ctx: ConnectorContext<unknown, unknown>,
  query: ContactQuery,
  /** Keeps what each step found for a short TTL, and shares identical steps in flight. */
  cache?: ContactCacheUse,
  options: ResolveContactsOptions = {},
): Promise<ContactRef[]> {
  const find = (lookup: ContactLookup, beside = false): Promise<ContactRef[]> => {
    const load = (): Promise<ContactRef[]> => {
      if (!beside) options.onLookup?.(lookup);
      return connector.findContacts(ctx, lookup);
    };
    // The cache calls `load` only on a miss: a hit starts nothing beside it.
    return cache ? cache.contacts.resolve(cache.scope, lookup, load) : load();
  };
  const steps = lookupSteps(query);
  const started: (Promise<ContactRef[]> | undefined)[] = [];
  if (options.alongsideExternalId && steps[0]?.by === 'externalId' && steps[1]) {
    started[0] = find(steps[0]);
    started[1] = find(steps[1], true);
    // Not waited for when the id finds the contact: its failure must not surface unhandled.
    started[1].catch(() => {});
  }
  for (const [index, lookup] of steps.entries()) {
    const found = await (started[index] ?? find(lookup));
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
