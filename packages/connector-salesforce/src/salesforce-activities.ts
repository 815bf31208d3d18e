// A retrieval's cases, tasks and events come from one SOQL query per person object (Contact, Lead), with a
// parent-to-child subquery per type, instead of one query per type. The three listers run in parallel and
// each asks for its own relationship: the first to ask opens a batch, the others join it in the same tick,
// and one query answers them all. Batches live per retrieval (keyed by its context), never longer: the
// contact cache keeps only who the person is, interactions are always read fresh.
import { BridgeError } from '@talkbridge/core';
import { personActivitiesSchema, type SalesforcePersonActivities } from './salesforce-api.js';
import type { SalesforceContext } from './salesforce-context.js';
import {
  type ActivityRelationship,
  activitiesQuery,
  type PersonObject,
  RELATIONSHIPS_OF,
} from './salesforce-query.js';
import { queryRecords } from './salesforce-requests.js';

interface Batch {
  /** The object and the ids asked about, in order. */
  key: string;
  relationships: Set<ActivityRelationship>;
  /** Once the query is sent, a relationship it does not hold needs a batch of its own. */
  sent: boolean;
  people: Promise<SalesforcePersonActivities[]>;
}

const batchesByRetrieval = new WeakMap<SalesforceContext, Batch[]>();

function batchesOf(ctx: SalesforceContext): Batch[] {
  let batches = batchesByRetrieval.get(ctx);
  if (!batches) {
    batches = [];
    batchesByRetrieval.set(ctx, batches);
  }
  return batches;
}

const keyOf = (object: PersonObject, ids: readonly string[]) => `${object} ${ids.join(' ')}`;

/** Runs one activities query: the people it names (one lookup's worth, at most 50) with their children. */
export function queryActivities(
  ctx: SalesforceContext,
  object: PersonObject,
  ids: readonly string[],
  relationships: readonly ActivityRelationship[],
): Promise<SalesforcePersonActivities[]> {
  return queryRecords(
    ctx,
    activitiesQuery(object, ids, relationships, ctx.limit),
    personActivitiesSchema,
    ids.length,
  );
}

/**
 * Records what a lookup already read (the person and all of their children), so that this retrieval's
 * listers read it from here instead of asking again.
 */
export function rememberActivities(
  ctx: SalesforceContext,
  object: PersonObject,
  people: SalesforcePersonActivities[],
): void {
  batchesOf(ctx).push({
    key: keyOf(
      object,
      people.map((person) => person.Id),
    ),
    relationships: new Set(RELATIONSHIPS_OF[object]),
    sent: true,
    people: Promise.resolve(people),
  });
}

/**
 * The people (all of one object) with the children of `relationship`, from the retrieval's shared query.
 * When a shared query fails for a reason of its own (a 4xx such as a profile without access to Case, or an
 * unreadable answer), this relationship is asked alone, so one type's failure does not take the others.
 */
export async function activitiesOf(
  ctx: SalesforceContext,
  object: PersonObject,
  ids: readonly string[],
  relationship: ActivityRelationship,
): Promise<SalesforcePersonActivities[]> {
  const key = keyOf(object, ids);
  const batches = batchesOf(ctx);
  let batch = batches.find(
    (candidate) => candidate.key === key && (candidate.relationships.has(relationship) || !candidate.sent),
  );
  if (!batch) {
    const opened: Batch = {
      key,
      relationships: new Set(),
      sent: false,
      // Sent after the current tick, once every lister started in it has joined.
      people: Promise.resolve().then(() => {
        opened.sent = true;
        return queryActivities(ctx, object, ids, [...opened.relationships]);
      }),
    };
    // Nobody may be left holding a rejection: each lister reads the outcome through its own await.
    opened.people.catch(() => undefined);
    batches.push(opened);
    batch = opened;
  }
  batch.relationships.add(relationship);
  try {
    return await batch.people;
  } catch (error) {
    if (batch.relationships.size === 1 || !failedOnItsOwn(error)) throw error;
    ctx.log.debug({ relationship }, 'salesforce activities query failed: asking for this type alone');
    return queryActivities(ctx, object, ids, [relationship]);
  }
}

/** Failures that may belong to one subquery; credentials, limits and the deadline concern every type. */
export function failedOnItsOwn(error: unknown): boolean {
  return (
    BridgeError.isInstance(error) &&
    (error.code === 'upstream_unavailable' || error.code === 'upstream_invalid_response')
  );
}
