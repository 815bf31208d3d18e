// Running SOQL queries and SOSL searches: the two request shapes every Salesforce hook reads through.
import { collectPages, path } from '@talkbridge/core';
import type { z } from 'zod';
import { queryResultSchema, searchResultSchema } from './salesforce-api.js';
import type { SalesforceContext } from './salesforce-context.js';
import { isSalesforceId, type PersonObject, personObjectOf, queryLocatorOf } from './salesforce-query.js';

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
