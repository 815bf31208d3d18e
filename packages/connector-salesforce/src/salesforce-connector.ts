import {
  assertAllowedOrigin,
  BridgeError,
  type ConnectorContext,
  type ConnectorInteraction,
  type ConnectorSettings,
  type ContactRef,
  collectPages,
  defineConnector,
  mappingSettingsShape,
  path,
} from '@talkbridge/core';
import { z } from 'zod';
import { createCaseMapping, mapSalesforceCase } from './map-salesforce-case.js';
import { createEventMapping, mapSalesforceEvent } from './map-salesforce-event.js';
import { createTaskMapping, mapSalesforceTask } from './map-salesforce-task.js';
import {
  caseRecordSchema,
  caseStatusRecordSchema,
  errorBodySchema,
  eventRecordSchema,
  queryResultSchema,
  type SalesforceCaseStatus,
  searchResultSchema,
  sobjectIdSchema,
  taskRecordSchema,
} from './salesforce-api.js';
import { caseStatusCache, DEFAULT_CASE_STATUS_TTL_SECONDS } from './salesforce-case-statuses.js';
import {
  CASE_STATUS_QUERY,
  caseQuery,
  emailSearch,
  eventQuery,
  isSalesforceId,
  type PersonObject,
  personObjectOf,
  phoneSearch,
  queryLocatorOf,
  SALESFORCE_BASE_PATH,
  taskQuery,
} from './salesforce-query.js';

/** Where an instance URL from the auth fields may point: My Domain, sandboxes, Lightning, sites. */
export const SALESFORCE_HOSTS = ['*.salesforce.com', '*.force.com'] as const;

const salesforceAuth = z.object({
  access_token: z
    .string({ error: 'expected the Salesforce OAuth access token' })
    .min(1, 'expected the Salesforce OAuth access token'),
  instance_url: z.url({
    protocol: /^https?$/,
    error: 'expected the Salesforce instance URL, e.g. https://acme.my.salesforce.com',
  }),
});

const salesforceSettings = z.object({
  ...mappingSettingsShape,
  /** Seconds an org's CaseStatus picklist is reused before it is read again; 0 reads it every time. */
  caseStatusCacheSeconds: z.number().int().min(0).max(86_400).optional(),
});

export type SalesforceSettings = z.input<typeof salesforceSettings>;
type SalesforceContext = ConnectorContext<
  z.output<typeof salesforceAuth>,
  ConnectorSettings<typeof salesforceSettings>
>;

/** A Contact or a Lead: both can be the person on the phone, and the objects own different activities. */
export interface SalesforcePerson extends ContactRef {
  object: PersonObject;
}

export const salesforce = defineConnector({
  id: 'salesforce',
  displayName: 'Salesforce',
  description: 'Shows the cases, tasks and events of the Salesforce Contact or Lead who is calling.',
  auth: salesforceAuth,
  settings: salesforceSettings,
  interactionTypes: ['case', 'task', 'event'],
  hosts: SALESFORCE_HOSTS,
  http: {
    // The instance URL from the OAuth token response; the host guard holds it to SALESFORCE_HOSTS.
    origin: (auth) => new URL(auth.instance_url).origin,
    basePath: SALESFORCE_BASE_PATH,
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    // Salesforce sends no reset header: `Sforce-Limit-Info` reports usage of the rolling 24-hour
    // allowance, not when it frees up.
    classifyFailure: ({ body }) => {
      const errors = errorBodySchema.safeParse(body);
      if (!errors.success) return undefined;
      const codes = new Set(errors.data.map((error) => error.errorCode));
      // An expired or revoked session: Talkdesk refreshes the OAuth token on a 401 and retries.
      if (codes.has('INVALID_SESSION_ID')) return 'invalid_credentials';
      // The org's daily API allowance (or its concurrent long-request limit) is used up: a 403.
      if (codes.has('REQUEST_LIMIT_EXCEEDED')) return 'rate_limited';
      return undefined;
    },
  },

  async findContacts(ctx, lookup): Promise<SalesforcePerson[]> {
    switch (lookup.by) {
      case 'externalId':
        return findByExternalId(ctx, lookup.externalId);
      case 'email': {
        const found = await search(ctx, emailSearch(lookup.emails));
        // SOSL matches words, so "jane@example.com" can also hit "mary.jane@example.com": keep exact
        // matches of the standard Email (or records matched on another email field, Email left empty).
        const wanted = new Set(lookup.emails.map((email) => email.toLowerCase()));
        return found
          .filter((hit) => !hit.email || wanted.has(hit.email.toLowerCase()))
          .map(({ id, object }) => ({ id, object }));
      }
      case 'phone': {
        const sosl = phoneSearch(lookup.phones);
        if (!sosl) return [];
        return (await search(ctx, sosl)).map(({ id, object }) => ({ id, object }));
      }
    }
  },

  async listInteractions(ctx, contacts, type) {
    const people = contacts.filter((person) => isSalesforceId(person.id));
    switch (type) {
      case 'case':
        return listCases(ctx, people);
      case 'task':
        return listTasks(ctx, people);
      case 'event':
        return listEvents(ctx, people);
      default:
        return [];
    }
  },
});

/** The synced id names its object by its prefix; a 404 (deleted, merged away) means stale. */
async function findByExternalId(ctx: SalesforceContext, externalId: string): Promise<SalesforcePerson[]> {
  const object = personObjectOf(externalId);
  if (!object) {
    ctx.log.debug({}, 'external id is not a Salesforce Contact or Lead id: skipped');
    return [];
  }
  const target =
    object === 'Contact' ? path`/sobjects/Contact/${externalId}` : path`/sobjects/Lead/${externalId}`;
  const record = await ctx.http.getIfExists(target, { query: { fields: 'Id' }, schema: sobjectIdSchema });
  return record ? [{ id: record.Id, object }] : [];
}

async function search(
  ctx: SalesforceContext,
  sosl: string,
): Promise<{ id: string; object: PersonObject; email: string | undefined }[]> {
  const records = await ctx.http.get('/search/', { query: { q: sosl }, schema: searchResultSchema });
  const people: { id: string; object: PersonObject; email: string | undefined }[] = [];
  for (const record of records) {
    const object = record.attributes?.type ?? personObjectOf(record.Id);
    if ((object === 'Contact' || object === 'Lead') && isSalesforceId(record.Id)) {
      people.push({ id: record.Id, object, email: record.Email ?? undefined });
    }
  }
  return people;
}

/** Leads cannot own cases: only Contacts are asked about. */
async function listCases(
  ctx: SalesforceContext,
  people: SalesforcePerson[],
): Promise<ConnectorInteraction[]> {
  const contactIds = people.filter((person) => person.object === 'Contact').map((person) => person.id);
  if (contactIds.length === 0) return [];
  // The cases and the org's statuses do not depend on each other: one round trip, not two.
  const [cases, orgStatuses] = await Promise.all([
    queryRecords(ctx, caseQuery(contactIds, ctx.limit), caseRecordSchema, ctx.limit),
    orgCaseStatuses(ctx),
  ]);
  const mapping = createCaseMapping({
    log: ctx.log,
    overrides: ctx.settings,
    orgStatuses,
    agentOrigin: agentOrigin(ctx),
  });
  return cases.map((record) => mapSalesforceCase(record, mapping));
}

async function listTasks(
  ctx: SalesforceContext,
  people: SalesforcePerson[],
): Promise<ConnectorInteraction[]> {
  if (people.length === 0) return [];
  const tasks = await queryRecords(
    ctx,
    taskQuery(
      people.map((person) => person.id),
      ctx.limit,
    ),
    taskRecordSchema,
    ctx.limit,
  );
  const mapping = createTaskMapping({ log: ctx.log, overrides: ctx.settings, agentOrigin: agentOrigin(ctx) });
  return tasks.map((record) => mapSalesforceTask(record, mapping));
}

async function listEvents(
  ctx: SalesforceContext,
  people: SalesforcePerson[],
): Promise<ConnectorInteraction[]> {
  if (people.length === 0) return [];
  const events = await queryRecords(
    ctx,
    eventQuery(
      people.map((person) => person.id),
      ctx.limit,
    ),
    eventRecordSchema,
    ctx.limit,
  );
  const mapping = createEventMapping({
    log: ctx.log,
    overrides: ctx.settings,
    agentOrigin: agentOrigin(ctx),
  });
  return events.map((record) => mapSalesforceEvent(record, mapping));
}

/**
 * Runs a SOQL query and follows `nextRecordsUrl` (Salesforce may split even a LIMITed answer into
 * batches) until `limit` records, the last batch, or the deadline.
 */
async function queryRecords<T>(
  ctx: SalesforceContext,
  soql: string,
  record: z.ZodType<T>,
  limit: number,
): Promise<T[]> {
  const schema = queryResultSchema(record);
  return collectPages<T, string>(
    async (locator) => {
      const batch =
        locator === undefined
          ? await ctx.http.get('/query', { query: { q: soql }, schema })
          : await ctx.http.get(path`/query/${locator}`, { schema });
      const next = batch.done === false ? queryLocatorOf(batch.nextRecordsUrl) : undefined;
      if (batch.done === false && next === undefined) {
        ctx.log.warn({}, 'salesforce query: more records announced without a usable nextRecordsUrl');
      }
      return { items: batch.records as T[], next };
    },
    { limit, deadline: ctx.deadline, log: ctx.log },
  );
}

const PROPAGATED_CODES = new Set(['invalid_credentials', 'rate_limited', 'deadline_exceeded']);

/**
 * The org's CaseStatus picklist, cached per org. When it cannot be read (a profile without access,
 * say), cases are still listed, mapped with the default table and each case's IsClosed.
 */
async function orgCaseStatuses(ctx: SalesforceContext): Promise<SalesforceCaseStatus[] | undefined> {
  const ttlSeconds = ctx.settings.caseStatusCacheSeconds ?? DEFAULT_CASE_STATUS_TTL_SECONDS;
  try {
    return await caseStatusCache.get(orgKey(ctx), ttlSeconds * 1000, () =>
      queryRecords(ctx, CASE_STATUS_QUERY, caseStatusRecordSchema, 2_000),
    );
  } catch (error) {
    if (BridgeError.isInstance(error) && PROPAGATED_CODES.has(error.code)) throw error;
    ctx.log.warn(
      { code: BridgeError.isInstance(error) ? error.code : 'internal' },
      'salesforce case statuses unavailable: case status mapped from the default table',
    );
    return undefined;
  }
}

/** One org: where the requests go (operator's baseUrl or the instance) and the instance itself. */
function orgKey(ctx: SalesforceContext): string {
  return `${ctx.settings.baseUrl ?? ''} ${new URL(ctx.auth.instance_url).origin}`;
}

/**
 * Where agents open records: the instance URL when it is a Salesforce host, else the operator's baseUrl
 * (a self-hosted proxy or test double), else nowhere (no link rather than a link elsewhere).
 */
function agentOrigin(ctx: SalesforceContext): string | undefined {
  try {
    return assertAllowedOrigin(new URL(ctx.auth.instance_url).origin, SALESFORCE_HOSTS);
  } catch {
    return ctx.settings.baseUrl ? new URL(ctx.settings.baseUrl).origin : undefined;
  }
}
