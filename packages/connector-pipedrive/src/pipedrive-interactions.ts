// The listers of the three interaction types: the activities, deals and notes of the persons a lookup found.
import {
  type ConnectorInteraction,
  type ContactRef,
  collectPages,
  createValueMapper,
  path,
} from '@talkbridge/core';
import {
  mapPipedriveActivity,
  PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS,
  PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS,
} from './map-pipedrive-activity.js';
import { mapPipedriveDeal, PIPEDRIVE_DEAL_STATUS_DEFAULTS } from './map-pipedrive-deal.js';
import { mapPipedriveNote } from './map-pipedrive-note.js';
import {
  activitiesResponseSchema,
  dealsResponseSchema,
  notesResponseSchema,
  PIPEDRIVE_MAX_PAGE_SIZE,
} from './pipedrive-api.js';
import { appOriginOf, type PipedriveContext } from './pipedrive-context.js';

/** A lookup matching more people than this (a shared mailbox, say) lists the first ones only. */
export const MAX_CONTACTS = 10;

/**
 * One person's items at a time (`person_id` takes one id), all persons at once: newest first, paged until
 * `ctx.limit`. One call per person unless more pages.
 */
async function forEachPerson(
  ctx: PipedriveContext,
  contacts: ContactRef[],
  listOne: (person: ContactRef, page: PageOptions) => Promise<ConnectorInteraction[]>,
): Promise<ConnectorInteraction[]> {
  const people = contacts.slice(0, MAX_CONTACTS);
  if (contacts.length > people.length) {
    ctx.log.warn(
      { matches: contacts.length, listed: people.length },
      'many people matched: listing the first',
    );
  }
  const page: PageOptions = {
    size: Math.max(1, Math.min(ctx.limit, PIPEDRIVE_MAX_PAGE_SIZE)),
    appOrigin: appOriginOf(ctx.auth),
    paging: { limit: ctx.limit, deadline: ctx.deadline, log: ctx.log },
  };
  const lists = await Promise.all(people.map((person) => listOne(person, page)));
  return lists.flat();
}

interface PageOptions {
  size: number;
  appOrigin: string | undefined;
  paging: { limit: number; deadline: number; log: PipedriveContext['log'] };
}

/** `GET /api/v2/activities?person_id=…`, v2 cursor pages. */
export function listPipedriveActivities(ctx: PipedriveContext, contacts: ContactRef[]) {
  const status = createValueMapper({
    name: 'pipedrive.activity.status',
    defaults: PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS,
    overrides: ctx.settings.statusMap,
    fallback: 'open',
    log: ctx.log,
  });
  const priority = createValueMapper({
    name: 'pipedrive.activity.priority',
    defaults: PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS,
    overrides: ctx.settings.priorityMap,
    fallback: 'none',
    missing: 'none',
    log: ctx.log,
  });
  return forEachPerson(ctx, contacts, async (person, { size, appOrigin, paging }) => {
    const activities = await collectPages(async (cursor: string | undefined) => {
      const page = await ctx.http.get(path`/v2/activities`, {
        query: { person_id: person.id, sort_by: 'add_time', sort_direction: 'desc', limit: size, cursor },
        schema: activitiesResponseSchema,
      });
      return { items: page.data ?? [], next: page.additional_data?.next_cursor ?? undefined };
    }, paging);
    const now = Date.now();
    return activities.map((activity) =>
      mapPipedriveActivity(activity, { appOrigin, contactId: person.id, status, priority, now }),
    );
  });
}

/** `GET /api/v2/deals?person_id=…`, v2 cursor pages. */
export function listPipedriveDeals(ctx: PipedriveContext, contacts: ContactRef[]) {
  const status = createValueMapper({
    name: 'pipedrive.deal.status',
    defaults: PIPEDRIVE_DEAL_STATUS_DEFAULTS,
    overrides: ctx.settings.statusMap,
    fallback: 'open',
    log: ctx.log,
  });
  return forEachPerson(ctx, contacts, async (person, { size, appOrigin, paging }) => {
    const deals = await collectPages(async (cursor: string | undefined) => {
      const page = await ctx.http.get(path`/v2/deals`, {
        query: { person_id: person.id, sort_by: 'add_time', sort_direction: 'desc', limit: size, cursor },
        schema: dealsResponseSchema,
      });
      return { items: page.data ?? [], next: page.additional_data?.next_cursor ?? undefined };
    }, paging);
    return deals.map((deal) => mapPipedriveDeal(deal, { appOrigin, status }));
  });
}

/** `GET /api/v1/notes?person_id=…` (notes have no v2 endpoint), v1 `start` offset pages. */
export function listPipedriveNotes(ctx: PipedriveContext, contacts: ContactRef[]) {
  return forEachPerson(ctx, contacts, async (person, { size, appOrigin, paging }) => {
    const notes = await collectPages(async (start: number | undefined) => {
      const page = await ctx.http.get(path`/v1/notes`, {
        query: { person_id: person.id, sort: 'add_time DESC', start: start ?? 0, limit: size },
        schema: notesResponseSchema,
      });
      const pagination = page.additional_data?.pagination;
      return {
        items: page.data ?? [],
        next: pagination?.more_items_in_collection ? (pagination.next_start ?? undefined) : undefined,
      };
    }, paging);
    return notes.map((note) => mapPipedriveNote(note, { appOrigin, contactId: person.id }));
  });
}
