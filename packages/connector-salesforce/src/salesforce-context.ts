// What every Salesforce hook shares: the auth fields and settings, the context type, and the few request
// helpers (SOQL with batches, SOSL people search, where agents open records) that more than one hook uses.
import {
  assertAllowedOrigin,
  type ConnectorContext,
  type ConnectorSettings,
  collectPages,
  mappingSettingsShape,
  path,
} from '@talkbridge/core';
import { z } from 'zod';
import { queryResultSchema, searchResultSchema } from './salesforce-api.js';
import { isSalesforceId, type PersonObject, personObjectOf, queryLocatorOf } from './salesforce-query.js';

/** Where an instance URL from the auth fields may point: My Domain, sandboxes, Lightning, sites. */
export const SALESFORCE_HOSTS = ['*.salesforce.com', '*.force.com'] as const;

export const salesforceAuth = z.object({
  access_token: z
    .string({ error: 'expected the Salesforce OAuth access token' })
    .min(1, 'expected the Salesforce OAuth access token')
    .meta({
      title: 'Salesforce access token',
      description: 'The OAuth 2.0 access token of the Salesforce user Talkdesk acts as',
    }),
  instance_url: z
    .url({
      protocol: /^https?$/,
      error: 'expected the Salesforce instance URL, e.g. https://acme.my.salesforce.com',
    })
    .meta({
      title: 'Salesforce instance URL',
      description: 'Your My Domain address, e.g. https://acme.my.salesforce.com',
    }),
});

/** Task `Status` a logged call gets: a closed status of the org's Task status picklist. */
export const DEFAULT_LOG_CALL_STATUS = 'Completed';
/** Seconds before the checkpoint an incremental contact sync starts reading again (see README). */
export const DEFAULT_CONTACT_SYNC_LOOKBACK_SECONDS = 60;

export const salesforceSettings = z.object({
  ...mappingSettingsShape,
  /** Seconds an org's CaseStatus picklist is reused before it is read again; 0 reads it every time. */
  caseStatusCacheSeconds: z.number().int().min(0).max(86_400).optional(),
  /**
   * ISO 3166-1 country (`US`, `GB`) in which phone numbers stored without a country code are read when
   * contacts are synchronized; without it such numbers are sent as stored.
   */
  phoneCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as US or GB')
    .optional(),
  /** The Task `Status` given to logged calls: one of the org's closed task statuses. */
  logCallStatus: z.string().trim().min(1).max(40).optional(),
  /**
   * An incremental contact sync reads from this many seconds before the checkpoint, for records whose
   * transaction committed after the previous sync read past their timestamp.
   */
  contactSyncLookbackSeconds: z.number().int().min(0).max(3_600).optional(),
});

export type SalesforceSettings = z.input<typeof salesforceSettings>;
export type SalesforceAuth = z.output<typeof salesforceAuth>;
export type SalesforceContext = ConnectorContext<
  SalesforceAuth,
  ConnectorSettings<typeof salesforceSettings>
>;

/** A SOSL hit on a Contact or Lead, with its standard Email when the search returned it. */
export interface PersonHit {
  id: string;
  object: PersonObject;
  email: string | undefined;
}

/** One SOSL search (`GET /search/?q=…`) for people: the Contacts and Leads it returned, in its order. */
export async function searchPeople(ctx: SalesforceContext, sosl: string): Promise<PersonHit[]> {
  const records = await ctx.http.get('/search/', { query: { q: sosl }, schema: searchResultSchema });
  const people: PersonHit[] = [];
  for (const record of records) {
    const object = record.attributes?.type ?? personObjectOf(record.Id);
    if ((object === 'Contact' || object === 'Lead') && isSalesforceId(record.Id)) {
      people.push({ id: record.Id, object, email: record.Email ?? undefined });
    }
  }
  return people;
}

/** Records of one SOQL query, and whether Salesforce has more than were collected. */
export interface QueryPage<T> {
  records: T[];
  /** Salesforce announced another batch that was not read (the limit or the deadline stopped us). */
  more: boolean;
}

/**
 * Runs a SOQL query and follows `nextRecordsUrl` (Salesforce may split even a LIMITed answer into
 * batches) until `limit` records, the last batch, or the deadline.
 */
export async function queryPage<T>(
  ctx: SalesforceContext,
  soql: string,
  record: z.ZodType<T>,
  limit: number,
): Promise<QueryPage<T>> {
  const schema = queryResultSchema(record);
  let more = false;
  const records = await collectPages<T, string>(
    async (locator) => {
      const batch =
        locator === undefined
          ? await ctx.http.get('/query', { query: { q: soql }, schema })
          : await ctx.http.get(path`/query/${locator}`, { schema });
      more = batch.done === false;
      const next = more ? queryLocatorOf(batch.nextRecordsUrl) : undefined;
      if (more && next === undefined) {
        ctx.log.warn({}, 'salesforce query: more records announced without a usable nextRecordsUrl');
      }
      return { items: batch.records as T[], next };
    },
    { limit, deadline: ctx.deadline, log: ctx.log },
  );
  return { records, more };
}

/** The records of a SOQL query, at most `limit` (see `queryPage`). */
export async function queryRecords<T>(
  ctx: SalesforceContext,
  soql: string,
  record: z.ZodType<T>,
  limit: number,
): Promise<T[]> {
  return (await queryPage(ctx, soql, record, limit)).records;
}

/**
 * Where agents open records: the instance URL when it is a Salesforce host, else the operator's baseUrl
 * (a self-hosted proxy or test double), else nowhere (no link rather than a link elsewhere).
 */
export function agentOrigin(ctx: SalesforceContext): string | undefined {
  try {
    return assertAllowedOrigin(new URL(ctx.auth.instance_url).origin, SALESFORCE_HOSTS);
  } catch {
    return ctx.settings.baseUrl ? new URL(ctx.settings.baseUrl).origin : undefined;
  }
}

/** `https://acme.my.salesforce.com/lightning/r/Contact/003…/view`: a record in Lightning Experience. */
export function recordUrl(ctx: SalesforceContext, object: string, id: string): string | undefined {
  const origin = agentOrigin(ctx);
  return origin ? `${origin}/lightning/r/${object}/${encodeURIComponent(id)}/view` : undefined;
}
