import {
  BridgeError,
  type ConnectorContext,
  type ConnectorInteraction,
  type ConnectorSettings,
  collectPages,
  defineConnector,
  mappingSettingsShape,
  path,
  type UrlPath,
  withoutTrailing,
} from '@talkbridge/core';
import { z } from 'zod';
import { createZohoCallMapper, createZohoEventMapper } from './map-zoho-crm-activity.js';
import { createZohoCaseMapper } from './map-zoho-crm-case.js';
import { createZohoNoteMapper } from './map-zoho-crm-note.js';
import { createZohoTaskMapper } from './map-zoho-crm-task.js';
import { zohoCrmActions } from './zoho-crm-actions.js';
import {
  type ZohoNote,
  zohoCallSchema,
  zohoCaseSchema,
  zohoEventSchema,
  zohoListSchema,
  zohoNoteSchema,
  zohoTaskSchema,
  zohoUsersSchema,
} from './zoho-crm-api.js';
import type { ZohoMappingOptions } from './zoho-crm-mapping.js';
import { findByEmails, findByPhones, findByRecordId } from './zoho-crm-people.js';
import { coqlIdList, ZOHO_RECORD_ID } from './zoho-crm-query.js';
import { zohoCrmRateLimits } from './zoho-crm-rate-limits.js';
import { syncZohoAgents, syncZohoContacts } from './zoho-crm-sync.js';
import { ZOHO_API_HOSTS, zohoWebLinks } from './zoho-crm-web.js';

const zohoCrmAuth = z.object({
  /** The OAuth access token (`1000.…`), sent as `Authorization: Zoho-oauthtoken <token>`. */
  access_token: z.string().trim().min(1, 'expected the Zoho CRM OAuth access token').meta({
    title: 'Zoho CRM access token',
    description: 'The OAuth access token of a Zoho CRM user (1000.…), from the OAuth token response',
  }),
  /**
   * The `api_domain` of the OAuth token response, e.g. `https://www.zohoapis.eu`: the account's data centre.
   * Only Zoho's API hosts pass the connector's host guard (`hosts`); anything else is refused before a request.
   */
  api_domain: z
    .url({
      protocol: /^https$/,
      error: 'expected the api_domain of the Zoho OAuth token, such as https://www.zohoapis.com',
    })
    .transform((url) => withoutTrailing(url, '/'))
    .meta({
      title: 'Zoho API domain',
      description:
        'api_domain from the OAuth token response: https://www.zohoapis.com, .eu, .in, .com.au, .jp, …',
    }),
});

export type ZohoCrmAuth = z.output<typeof zohoCrmAuth>;

const zohoCrmSettings = z.object({
  ...mappingSettingsShape,
  /**
   * The organisation in CRM web links (`org20071234`, from the CRM's address bar). Without it, links open the
   * record in the signed-in agent's organisation.
   */
  orgId: z
    .string()
    .trim()
    .regex(/^(org)?\d+$/, 'expected the org id from the CRM address bar, such as org20071234')
    .optional(),
});

/** The operator options of a Zoho CRM integration (gateway config `options`). */
export type ZohoCrmSettings = z.input<typeof zohoCrmSettings>;

/** A Contact or a Lead: the module says which related lists and lookups lead to its interactions. */
export interface ZohoContactRef {
  id: string;
  module: 'Contacts' | 'Leads';
}

export type ZohoContext = ConnectorContext<ZohoCrmAuth, ConnectorSettings<typeof zohoCrmSettings>>;

export const ZOHO_CRM_INTERACTION_TYPES = ['case', 'note', 'task', 'call', 'event'] as const;
type ZohoInteractionType = (typeof ZOHO_CRM_INTERACTION_TYPES)[number];

/** The most records one COQL query returns (Zoho's documented LIMIT maximum). */
const COQL_MAX_LIMIT = 2000;
/** The most values one COQL `in` may hold (API v7 and later). */
const COQL_MAX_IN_VALUES = 100;
/** The most records one related-list page holds (Zoho's maximum `per_page`). */
const RELATED_PAGE_SIZE = 200;
/** Related lists cannot be sorted: read at most this many pages of notes per record, then sort. */
const MAX_NOTE_PAGES = 5;

/**
 * Zoho's error codes for a token it does not accept: expired or revoked, or without the scopes this
 * connector needs (the v8 spec spells the second AUTHENTICATION_FAILURE, Zoho's guides AUTHENTICATION_FAILED).
 */
const INVALID_CREDENTIAL_CODES = new Set([
  'INVALID_TOKEN',
  'AUTHENTICATION_FAILURE',
  'AUTHENTICATION_FAILED',
  'OAUTH_SCOPE_MISMATCH',
]);

export const zohoCrm = defineConnector({
  id: 'zoho-crm',
  displayName: 'Zoho CRM',
  description:
    'Zoho CRM: finds the caller among Contacts and Leads, shows their cases, notes, tasks, calls and meetings, syncs Contacts and users, and logs calls and notes.',
  auth: zohoCrmAuth,
  settings: zohoCrmSettings,
  interactionTypes: ZOHO_CRM_INTERACTION_TYPES,
  hosts: ZOHO_API_HOSTS,
  http: {
    origin: (auth) => auth.api_domain,
    basePath: '/crm/v8',
    authenticate: (auth) => ({
      type: 'header',
      name: 'authorization',
      value: `Zoho-oauthtoken ${auth.access_token}`,
    }),
    // Zoho's reset header is a Unix time; `epoch` reads seconds or milliseconds alike.
    resetHeaders: [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
    rateLimits: zohoCrmRateLimits,
    classifyFailure: ({ status, body }) => {
      const code = zohoErrorCode(body);
      if (code && INVALID_CREDENTIAL_CODES.has(code)) return 'invalid_credentials';
      // Zoho says TOO_MANY_REQUESTS with 429; should it ever come with another status, it is still a limit.
      if (code === 'TOO_MANY_REQUESTS' && status !== 429) return 'rate_limited';
      return undefined;
    },
  },

  async findContacts(ctx, lookup): Promise<ZohoContactRef[]> {
    switch (lookup.by) {
      case 'externalId':
        return findByRecordId(ctx, lookup.externalId.trim());
      case 'email':
        return findByEmails(ctx, lookup.emails);
      case 'phone':
        return findByPhones(ctx, lookup.phones);
    }
  },

  async listInteractions(ctx, contacts, type) {
    const options: ZohoMappingOptions = {
      links: zohoWebLinks(ctx.auth.api_domain, ctx.settings.orgId),
      statusMap: ctx.settings.statusMap,
      priorityMap: ctx.settings.priorityMap,
      log: ctx.log,
      now: Date.now(),
    };
    switch (type as ZohoInteractionType) {
      case 'case':
        return listCases(ctx, contacts, options);
      case 'note':
        return listNotes(ctx, contacts, options);
      case 'task':
        return listTasks(ctx, contacts, options);
      case 'call':
        return listCalls(ctx, contacts, options);
      case 'event':
        return listEvents(ctx, contacts, options);
      default:
        throw new BridgeError('internal', `zoho-crm cannot list interactions of type "${type}"`);
    }
  },

  /** One call: the token's own user (`GET /users?type=CurrentUser`). Nothing to store. */
  async validateAuth(ctx) {
    await ctx.http.get('/users', { query: { type: 'CurrentUser' }, schema: zohoUsersSchema });
    return undefined;
  },

  syncContacts: syncZohoContacts,
  syncAgents: syncZohoAgents,
  actions: zohoCrmActions,
});

function zohoErrorCode(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const code = (body as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

// ─── Listing interactions ───────────────────────────────────────────────────────────────────────────────

/**
 * The ids of the matched records of one module, for a COQL `in`: at most 100 (Zoho's limit per `in`);
 * a caller matching more people than that is an ambiguous search, and the first 100 are plenty.
 */
function idsOf(ctx: ZohoContext, contacts: ZohoContactRef[], module: ZohoContactRef['module']): string[] {
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
  ctx: ZohoContext,
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

function coqlLimit(ctx: ZohoContext): number {
  return Math.max(1, Math.min(ctx.limit, COQL_MAX_LIMIT));
}

/**
 * Activities point at a Contact through `Who_Id` and at a Lead through `What_Id` (the "Related To"
 * multi-module lookup COQL supports for Tasks, Calls and Events).
 */
function activityOwnerCondition(ctx: ZohoContext, contacts: ZohoContactRef[]): string | undefined {
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
async function listCases(
  ctx: ZohoContext,
  contacts: ZohoContactRef[],
  options: ZohoMappingOptions,
): Promise<ConnectorInteraction[]> {
  const contactIds = idsOf(ctx, contacts, 'Contacts');
  if (contactIds.length === 0) return [];
  const records = await coql(
    ctx,
    `select id, Subject, Description, Status, Priority, Case_Number, Created_Time from Cases where Contact_Name in ${coqlIdList(contactIds)} order by Created_Time desc limit ${coqlLimit(ctx)}`,
    zohoCaseSchema,
  );
  return records.map(createZohoCaseMapper(options));
}

async function listTasks(
  ctx: ZohoContext,
  contacts: ZohoContactRef[],
  options: ZohoMappingOptions,
): Promise<ConnectorInteraction[]> {
  const owner = activityOwnerCondition(ctx, contacts);
  if (!owner) return [];
  const records = await coql(
    ctx,
    `select id, Subject, Description, Status, Priority, Due_Date, Created_Time from Tasks where ${owner} order by Created_Time desc limit ${coqlLimit(ctx)}`,
    zohoTaskSchema,
  );
  return records.map(createZohoTaskMapper(options));
}

async function listCalls(
  ctx: ZohoContext,
  contacts: ZohoContactRef[],
  options: ZohoMappingOptions,
): Promise<ConnectorInteraction[]> {
  const owner = activityOwnerCondition(ctx, contacts);
  if (!owner) return [];
  const records = await coql(
    ctx,
    `select id, Subject, Description, Call_Type, Call_Start_Time, Call_Duration, Created_Time from Calls where ${owner} order by Call_Start_Time desc limit ${coqlLimit(ctx)}`,
    zohoCallSchema,
  );
  return records.map(createZohoCallMapper(options));
}

async function listEvents(
  ctx: ZohoContext,
  contacts: ZohoContactRef[],
  options: ZohoMappingOptions,
): Promise<ConnectorInteraction[]> {
  const owner = activityOwnerCondition(ctx, contacts);
  if (!owner) return [];
  const records = await coql(
    ctx,
    `select id, Event_Title, Description, Start_DateTime, End_DateTime, Venue, Created_Time from Events where ${owner} order by Start_DateTime desc limit ${coqlLimit(ctx)}`,
    zohoEventSchema,
  );
  return records.map(createZohoEventMapper(options));
}

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
async function listNotes(
  ctx: ZohoContext,
  contacts: ZohoContactRef[],
  options: ZohoMappingOptions,
): Promise<ConnectorInteraction[]> {
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
}
