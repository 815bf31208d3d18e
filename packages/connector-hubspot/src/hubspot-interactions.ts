// The interaction listers: for each Talkdesk type, the CRM objects of one type associated with the
// contacts, read by id in batches of 100 (v3 batch read), mapped. The associated ids usually come with the
// contact reference (read along with the contact); only references without them cost a v4 associations
// batch read first.
import { type ConnectorInteraction, chunk, collectPages, path } from '@talkbridge/core';
import {
  type HubspotObject,
  hubspotAssociationsResponseSchema,
  hubspotBatchReadResponseSchema,
} from './hubspot-api.js';
import { ASSOCIATED_IDS, type HubspotContactRef } from './hubspot-contact-read.js';
import type { HubspotContext } from './hubspot-context.js';
import { portalForLinks, ticketStagesFor } from './hubspot-portal.js';
import {
  createEngagementValueMappers,
  HUBSPOT_ENGAGEMENT_PROPERTIES,
  type HubspotEngagementType,
  mapHubspotEngagement,
  millisOf,
} from './map-hubspot-engagement.js';
import {
  createTicketValueMappers,
  HUBSPOT_TICKET_PROPERTIES,
  mapHubspotTicket,
  ticketStagesFrom,
} from './map-hubspot-ticket.js';

/** Ids per `POST /crm/v3/objects/{type}/batch/read`. */
export const OBJECT_BATCH_SIZE = 100;
/** Most objects of one type read per retrieval (the newest ids first), however large `ctx.limit`. */
export const MAX_OBJECTS_READ = 1_000;
/** Contacts per associations batch read (HubSpot accepts up to 1,000). */
const MAX_ASSOCIATION_INPUTS = 1_000;
/** Association pages followed for a record with more associations than one page holds. */
export const MAX_ASSOCIATION_PAGES = 3;

type Contacts = HubspotContactRef[];

/** Tickets, with their pipeline stage's open/closed state and a link to the ticket's record page. */
export async function listHubspotTickets(
  ctx: HubspotContext,
  contacts: Contacts,
): Promise<ConnectorInteraction[]> {
  const owners = await associatedObjects(ctx, contacts, 'tickets');
  if (owners.size === 0) return [];
  const [records, portal, stages] = await Promise.all([
    readObjects(ctx, 'tickets', idsToRead(ctx, owners), HUBSPOT_TICKET_PROPERTIES),
    portalForLinks(ctx),
    ticketStagesFor(ctx),
  ]);
  const context = {
    stages: stages ?? ticketStagesFrom({ results: [] }),
    values: createTicketValueMappers(ctx.settings, ctx.log),
    portal,
  };
  return newestFirst(records.map((record) => mapHubspotTicket(record, context))).slice(0, ctx.limit);
}

/** The CRM object type behind each activity type, as the v3/v4 paths spell it. */
const ACTIVITY_OBJECT_TYPES: Record<HubspotEngagementType, string> = {
  note: 'notes',
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  task: 'tasks',
};

/** The lister of one activity type (note, call, email, meeting, task), linked on the contact's timeline. */
export function hubspotActivityLister(
  type: HubspotEngagementType,
): (ctx: HubspotContext, contacts: Contacts) => Promise<ConnectorInteraction[]> {
  const objectType = ACTIVITY_OBJECT_TYPES[type];
  return async (ctx, contacts) => {
    const owners = await associatedObjects(ctx, contacts, objectType);
    if (owners.size === 0) return [];
    const [records, portal] = await Promise.all([
      readObjects(ctx, objectType, idsToRead(ctx, owners), HUBSPOT_ENGAGEMENT_PROPERTIES[type]),
      portalForLinks(ctx),
    ]);
    const values = createEngagementValueMappers(type, ctx.settings, ctx.log);
    const now = Date.now();
    const interactions = records.map((record) =>
      mapHubspotEngagement(type, record, { values, portal, contactId: owners.get(record.id), now }),
    );
    return newestFirst(interactions).slice(0, ctx.limit);
  };
}

/** The ids worth reading: the newest first, at least one batch, at most MAX_OBJECTS_READ. */
function idsToRead(ctx: HubspotContext, owners: Map<string, string>): string[] {
  return newestIdsFirst([...owners.keys()]).slice(
    0,
    Math.min(MAX_OBJECTS_READ, Math.max(ctx.limit, OBJECT_BATCH_SIZE)),
  );
}

/**
 * Every object of this type associated with the contacts: object id → the first contact it was found on.
 * From the ids the contact references carry; for references without this type's ids, one v4 batch call
 * (more only when a contact has more associations than a page holds).
 */
async function associatedObjects(
  ctx: HubspotContext,
  contacts: Contacts,
  objectType: string,
): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  const unread: Contacts = [];
  for (const contact of contacts) {
    const ids = contact[ASSOCIATED_IDS]?.[objectType];
    if (ids === undefined) unread.push(contact);
    else for (const id of ids) if (!owners.has(id)) owners.set(id, contact.id);
  }
  if (unread.length === 0) return owners;
  for (const [objectId, contactId] of await readAssociations(ctx, unread, objectType)) {
    if (!owners.has(objectId)) owners.set(objectId, contactId);
  }
  return owners;
}

/** `POST /crm/v4/associations/contacts/{type}/batch/read` for the contacts: [object id, contact id] pairs. */
async function readAssociations(
  ctx: HubspotContext,
  contacts: Contacts,
  objectType: string,
): Promise<[string, string][]> {
  type Input = { id: string; after?: string };
  return collectPages<[string, string], Input[]>(
    async (cursor) => {
      const inputs =
        cursor ?? contacts.slice(0, MAX_ASSOCIATION_INPUTS).map((contact) => ({ id: contact.id }));
      const answer = await ctx.http.post(path`/crm/v4/associations/contacts/${objectType}/batch/read`, {
        json: { inputs },
        readOnly: true,
        schema: hubspotAssociationsResponseSchema,
      });
      const items: [string, string][] = [];
      const next: Input[] = [];
      for (const result of answer.results ?? []) {
        for (const to of result.to ?? []) items.push([to.toObjectId, result.from.id]);
        const after = result.paging?.next?.after;
        if (after) next.push({ id: result.from.id, after });
      }
      return { items, next: next.length > 0 ? next : undefined };
    },
    { limit: Number.MAX_SAFE_INTEGER, deadline: ctx.deadline, maxPages: MAX_ASSOCIATION_PAGES, log: ctx.log },
  );
}

/** The objects by id, in batches of 100 read in parallel. Ids that no longer exist are just absent. */
async function readObjects(
  ctx: HubspotContext,
  objectType: string,
  ids: string[],
  properties: readonly string[],
): Promise<HubspotObject[]> {
  const answers = await Promise.all(
    chunk(ids, OBJECT_BATCH_SIZE).map((batch) =>
      ctx.http.post(path`/crm/v3/objects/${objectType}/batch/read`, {
        json: { properties, propertiesWithHistory: [], inputs: batch.map((id) => ({ id })) },
        readOnly: true,
        schema: hubspotBatchReadResponseSchema,
      }),
    ),
  );
  return answers.flatMap((answer) => answer.results);
}

/** HubSpot ids grow over time: the highest ids are the likeliest newest when not all can be read. */
function newestIdsFirst(ids: string[]): string[] {
  return [...ids].sort((a, b) => b.length - a.length || (a < b ? 1 : a > b ? -1 : 0));
}

function newestFirst(interactions: ConnectorInteraction[]): ConnectorInteraction[] {
  const time = (item: ConnectorInteraction) => {
    const millis = millisOf(item.date);
    return Number.isNaN(millis) ? Number.NEGATIVE_INFINITY : millis;
  };
  return [...interactions].sort((a, b) => time(b) - time(a));
}
