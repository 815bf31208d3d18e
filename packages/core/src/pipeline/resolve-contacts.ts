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
  options: { alongsideExternalId?: boolean } = {},
): Promise<ContactRef[]> {
  const find = (lookup: ContactLookup): Promise<ContactRef[]> => {
    const load = (): Promise<ContactRef[]> => connector.findContacts(ctx, lookup);
    return cache ? cache.contacts.resolve(cache.scope, lookup, load) : load();
  };
  const steps = lookupSteps(query);
  const started: (Promise<ContactRef[]> | undefined)[] = [];
  if (options.alongsideExternalId && steps[0]?.by === 'externalId' && steps[1]) {
    started[0] = find(steps[0]);
    started[1] = find(steps[1]);
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
