// Listing interactions, one lister per Talkdesk type: cases, tasks, calls and meetings through one COQL query
// each for every matched person at once; notes through each person's Notes related list (COQL cannot read it).
import {
  type ConnectorInteraction,
  collectPages,
  type InteractionLister,
  path,
  type UrlPath,
} from '@talkbridge/core';
import type { z } from 'zod';
import { createZohoCallMapper, createZohoEventMapper } from './map-zoho-crm-activity.js';
import { createZohoCaseMapper } from './map-zoho-crm-case.js';
import { createZohoNoteMapper } from './map-zoho-crm-note.js';
import { createZohoTaskMapper } from './map-zoho-crm-task.js';
import {
  type ZohoNote,
  zohoCallSchema,
  zohoCaseSchema,
  zohoEventSchema,
  zohoListSchema,
  zohoNoteSchema,
  zohoTaskSchema,
} from './zoho-crm-api.js';
import type { ZohoContactRef, ZohoCrmContext } from './zoho-crm-context.js';
import type { ZohoMappingOptions } from './zoho-crm-mapping.js';
import { coqlIdList, ZOHO_RECORD_ID } from './zoho-crm-query.js';
import { zohoWebLinks } from './zoho-crm-web.js';

/** The most records one COQL query returns (Zoho's documented LIMIT maximum). */
const COQL_MAX_LIMIT = 2000;
/** The most values one COQL `in` may hold (API v7 and later). */
const COQL_MAX_IN_VALUES = 100;
/** The most records one related-list page holds (Zoho's maximum `per_page`). */
const RELATED_PAGE_SIZE = 200;
/** Related lists cannot be sorted: read at most this many pages of notes per record, then sort. */
const MAX_NOTE_PAGES = 5;

type ZohoLister = InteractionLister<ZohoCrmContext, ZohoContactRef>;

/** What every mapper needs besides the record, for one retrieval. */
function mappingOptions(ctx: ZohoCrmContext): ZohoMappingOptions {
  return {
    links: zohoWebLinks(ctx.auth.api_domain, ctx.settings.orgId),
    statusMap: ctx.settings.statusMap,
    priorityMap: ctx.settings.priorityMap,
    log: ctx.log,
    now: Date.now(),
  };
}

/**
 * The ids of the matched records of one module, for a COQL `in`: at most 100 (Zoho's limit per `in`);
 * a caller matching more people than that is an ambiguous search, and the first 100 are plenty.
 */
function idsOf(ctx: ZohoCrmContext, contacts: ZohoContactRef[], module: ZohoContactRef['module']): string[] {
  const ids = contacts
    .filter((contact) => contact.module === module && ZOHO_RECORD_ID.test(contact.id))
    .map(({ id }) => id);
  if (ids.length > COQL_MAX_IN_VALUES) {
    ctx.log.warn(
      { module, matches: ids.length },
      'zoho-crm: too many matches; interactions of the first 100 only',
    );
  }
  return ids.slice(0, COQL_MAX_IN_VALUES);
}

/**
 * One COQL query for every contact at once, newest first, at most `ctx.limit` rows. COQL is a POST that only
 * reads: retried like a GET.
 */
async function coql<T extends z.ZodType>(
  ctx: ZohoCrmContext,
  selectQuery: string,
  item: T,
): Promise<z.output<T>[]> {
  const found = await ctx.http.post('/coql', {
    json: { select_query: selectQuery },
    readOnly: true,
    schema: zohoListSchema(item),
  });
  return (found?.data ?? []) as z.output<T>[];
}

function coqlLimit(ctx: ZohoCrmContext): number {
  return Math.max(1, Math.min(ctx.limit, COQL_MAX_LIMIT));
}

/**
 * Activities point at a Contact through `Who_Id` and at a Lead through `What_Id` (the "Related To"
 * multi-module lookup COQL supports for Tasks, Calls and Events).
 */
function activityOwnerCondition(ctx: ZohoCrmContext, contacts: ZohoContactRef[]): string | undefined {
  const contactIds = idsOf(ctx, contacts, 'Contacts');
  const leadIds = idsOf(ctx, contacts, 'Leads');
  const conditions = [
    ...(contactIds.length > 0 ? [`Who_Id in ${coqlIdList(contactIds)}`] : []),
    ...(leadIds.length > 0 ? [`What_Id in ${coqlIdList(leadIds)}`] : []),
  ];
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(' or ')})`;
}

/** Cases belong to Contacts (`Contact_Name`); a Lead has none, so a lead-only match costs no call. */
export const listZohoCases: ZohoLister = async (ctx, contacts): Promise<ConnectorInteraction[]> => {
  const options = mappingOptions(ctx);
  const contactIds = idsOf(ctx, contacts, 'Contacts');
  if (contactIds.length === 0) return [];
  const records = await coql(
    ctx,
    `select id, Subject, Description, Status, Priority, Case_Number, Created_Time from Cases where Contact_Name in ${coqlIdList(contactIds)} order by Created_Time desc limit ${coqlLimit(ctx)}`,
    zohoCaseSchema,
  );
  return records.map(createZohoCaseMapper(options));
};

/**
 * An activity module's records of these contacts (owned by them through Who_Id/What_Id), newest first by
 * `orderBy`, mapped with the module's mapper: Tasks, Calls and Events differ only in these.
 */
function activityLister<TRecord>(
  module: 'Tasks' | 'Calls' | 'Events',
  fields: string,
  orderBy: string,
  schema: z.ZodType<TRecord>,
  createMapper: (options: ZohoMappingOptions) => (record: TRecord) => ConnectorInteraction,
): ZohoLister {
  return async (ctx, contacts) => {
    const owner = activityOwnerCondition(ctx, contacts);
    if (!owner) return [];
    const records = await coql(
      ctx,
      `select ${fields} from ${module} where ${owner} order by ${orderBy} desc limit ${coqlLimit(ctx)}`,
      schema,
    );
    return records.map(createMapper(mappingOptions(ctx)));
  };
}

export const listZohoTasks = activityLister(
  'Tasks',
  'id, Subject, Description, Status, Priority, Due_Date, Created_Time',
  'Created_Time',
  zohoTaskSchema,
  createZohoTaskMapper,
);

export const listZohoCalls = activityLister(
  'Calls',
  'id, Subject, Description, Call_Type, Call_Start_Time, Call_Duration, Created_Time',
  'Call_Start_Time',
  zohoCallSchema,
  createZohoCallMapper,
);

export const listZohoEvents = activityLister(
  'Events',
  'id, Event_Title, Description, Start_DateTime, End_DateTime, Venue, Created_Time',
  'Start_DateTime',
  zohoEventSchema,
  createZohoEventMapper,
);

const notesSchema = zohoListSchema(zohoNoteSchema);

function notesPath(contact: ZohoContactRef): UrlPath {
  return contact.module === 'Contacts'
    ? path`/Contacts/${contact.id}/Notes`
    : path`/Leads/${contact.id}/Notes`;
}

/**
 * COQL cannot query Notes, so each contact's Notes related list is read, all contacts in parallel: one
 * call per contact while it has at most 200 notes. The related list cannot be sorted, so up to 5 pages are
 * read before sorting newest first and keeping `ctx.limit`.
 */
export const listZohoNotes: ZohoLister = async (ctx, contacts): Promise<ConnectorInteraction[]> => {
  const options = mappingOptions(ctx);
  const perContact = await Promise.all(
    contacts.map(async (contact) => {
      const notes = await collectPages<ZohoNote, number>(
        async (page) => {
          const current = page ?? 1;
          const found = await ctx.http.get(notesPath(contact), {
            query: {
              fields: 'Note_Title,Note_Content,Created_Time,Parent_Id',
              per_page: RELATED_PAGE_SIZE,
              page: current,
            },
            schema: notesSchema,
          });
          return { items: found?.data ?? [], next: found?.info?.more_records ? current + 1 : undefined };
        },
        {
          // Every page is needed to sort: the cap applies after sorting.
          limit: RELATED_PAGE_SIZE * MAX_NOTE_PAGES,
          maxPages: MAX_NOTE_PAGES,
          deadline: ctx.deadline,
          log: ctx.log,
        },
      );
      return notes.map(createZohoNoteMapper(options, contact.module, contact.id));
    }),
  );
  return perContact
    .flat()
    .map((note) => ({ note, time: Date.parse(String(note.date)) || 0 }))
    .sort((a, b) => b.time - a.time)
    .slice(0, Math.max(0, ctx.limit))
    .map(({ note }) => note);
};
