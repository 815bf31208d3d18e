// A fake Salesforce org for the tests: serves the JSON fixtures next to this file through msw, the way
// the REST API would (sObject Rows, SOSL search, SOQL query with batches), and parses the SOSL and SOQL it
// is sent, so that a badly escaped value shows up as a different query, not just a different string.
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import caseStatuses from './case-statuses.json' with { type: 'json' };
import cases from './cases.json' with { type: 'json' };
import contacts from './contacts.json' with { type: 'json' };
import invalidSession from './error-invalid-session.json' with { type: 'json' };
import malformedQuery from './error-malformed-query.json' with { type: 'json' };
import notFound from './error-not-found.json' with { type: 'json' };
import events from './events.json' with { type: 'json' };
import leads from './leads.json' with { type: 'json' };
import resourcesByVersion from './resources-by-version.json' with { type: 'json' };
import tasks from './tasks.json' with { type: 'json' };
import users from './users.json' with { type: 'json' };

export const FAKE_SALESFORCE_ORIGIN = 'https://talkbridge-test.my.salesforce.com';
export const FAKE_ACCESS_TOKEN = '00DDn000001aBcD!AQ4AQHq7.fake.session.9f3k2Lm';
export const FAKE_API_PATH = '/services/data/v66.0';

export const JANE_CONTACT_ID = '003Dn00000QX9fLIAT';
export const MARY_CONTACT_ID = '003Dn00000QX9fMIAT';
export const LEE_LEAD_ID = '00QDn00000Ab1cDEAR';
/** A Contact id of the right shape that the org does not hold (merged away). */
export const STALE_CONTACT_ID = '003Dn00000ZZ9zZIAZ';
/** Active internal users (agents), by id. */
export const PRIYA_USER_ID = '005Dn000001hLqAIAU';
export const LUIS_USER_ID = '005Dn000001hLqDIAU';
export const MEI_USER_ID = '005Dn000001hLqEIAU';
/** A user who left: still in the org, inactive. */
export const INACTIVE_USER_ID = '005Dn000001hLqBIAU';

/** What the fake understood of a SOSL search. */
export interface ParsedSearch {
  terms: string[];
  /** The operators between the terms, e.g. ['OR']. */
  operators: string[];
  /** Everything after the FIND clause. */
  rest: string;
}

/** What the fake understood of a SOQL query. */
export interface ParsedQuery {
  fields: string[];
  object: string;
  filterField?: string;
  ids?: string[];
  orderBy?: string;
  limit?: number;
  /** Contact sync: the `SystemModstamp >=` bound, as written. */
  since?: string;
  /** Contact sync: the keyset `(SystemModstamp, Id) >` bound, as written. */
  after?: { time: string; id: string };
  /** Agent sync: the keyset `Id >` bound. */
  afterId?: string;
  /** Parent-to-child subqueries (`(SELECT … FROM Cases ORDER BY CreatedDate DESC LIMIT n)`), in order. */
  subqueries?: ParsedSubquery[];
}

/** One parent-to-child subquery of a Contact or Lead query. */
export interface ParsedSubquery {
  relationship: string;
  fields: string[];
  orderBy: string;
  limit: number;
}

/** A record the fake created through POST /composite. */
export interface CreatedRecord {
  object: string;
  id: string;
  body: Record<string, unknown>;
}

/** One subrequest of a POST /composite, as sent. */
export interface CompositeSubrequest {
  method: string;
  url: string;
  referenceId: string;
  body: Record<string, unknown>;
}

export interface FakeSalesforce {
  upstream: FakeUpstream;
  origin: string;
  /** Every SOSL search and SOQL query, as parsed. */
  searches: ParsedSearch[];
  queries: ParsedQuery[];
  /** Every POST /composite body, as sent. */
  composites: { allOrNone: unknown; compositeRequest: CompositeSubrequest[] }[];
  /** Records the org now holds because a composite call created them (rolled-back ones are not here). */
  created: CreatedRecord[];
  /** Records per batch (Salesforce may split an answer); default: everything in one batch. */
  batchSize: number | undefined;
  /** Back to defaults, between tests (with upstream.reset()). */
  reset(): void;
}

type SalesforceRecord = Record<string, unknown> & { Id: string };

const tables: Record<string, SalesforceRecord[]> = {
  Contact: contacts.records,
  Lead: leads.records,
  Case: cases.records,
  Task: tasks.records,
  Event: events.records,
  CaseStatus: caseStatuses.records as unknown as SalesforceRecord[],
  User: users.records,
};

export function createFakeSalesforce(origin = FAKE_SALESFORCE_ORIGIN): FakeSalesforce {
  const pendingBatches = new Map<string, SalesforceRecord[]>();
  let locatorCount = 0;

  const fake: FakeSalesforce = {
    upstream: undefined as unknown as FakeUpstream,
    origin,
    searches: [],
    queries: [],
    composites: [],
    created: [],
    batchSize: undefined,
    reset() {
      fake.upstream.reset();
      fake.searches.length = 0;
      fake.queries.length = 0;
      fake.composites.length = 0;
      fake.created.length = 0;
      fake.batchSize = undefined;
      pendingBatches.clear();
    },
  };

  const answerRecords = (records: SalesforceRecord[]) => {
    const size = fake.batchSize ?? records.length;
    const batch = records.slice(0, Math.max(size, 0));
    const remaining = records.slice(batch.length);
    if (remaining.length === 0)
      return HttpResponse.json({ totalSize: batch.length, done: true, records: batch });
    locatorCount += 1;
    const locator = `01gDn00000FakeQL${String(locatorCount).padStart(2, '0')}-${batch.length}`;
    pendingBatches.set(locator, remaining);
    return HttpResponse.json({
      totalSize: records.length,
      done: false,
      nextRecordsUrl: `${FAKE_API_PATH}/query/${locator}`,
      records: batch,
    });
  };

  fake.upstream = createFakeUpstream(
    origin,
    http.all(`${origin}/*`, async ({ request }) => {
      if (request.headers.get('authorization') !== `Bearer ${FAKE_ACCESS_TOKEN}`) {
        return HttpResponse.json(invalidSession, { status: 401 });
      }
      const url = new URL(request.url);
      if (!url.pathname.startsWith(`${FAKE_API_PATH}/`)) return HttpResponse.json(notFound, { status: 404 });
      const route = url.pathname.slice(FAKE_API_PATH.length);
      if (request.method === 'POST' && route === '/composite') {
        const body = (await request.json().catch(() => undefined)) as CompositeBody | undefined;
        if (!isCompositeBody(body)) return HttpResponse.json(jsonParserError, { status: 400 });
        fake.composites.push(body);
        return HttpResponse.json(runComposite(body, fake.created) as Record<string, unknown>);
      }
      if (request.method !== 'GET') return HttpResponse.json(notFound, { status: 404 });

      // Resources by Version: what auth validation asks for.
      if (route === '/') return HttpResponse.json(resourcesByVersion);

      const sobject = /^\/sobjects\/(Contact|Lead)\/([^/]+)$/.exec(route);
      if (sobject) {
        const [, object = '', id = ''] = sobject;
        const record = tables[object]?.find((candidate) => sameId(candidate.Id, decodeURIComponent(id)));
        if (!record) return HttpResponse.json(notFound, { status: 404 });
        const fields = (url.searchParams.get('fields') ?? 'Id').split(',');
        return HttpResponse.json({ attributes: record.attributes, ...pick(record, fields) });
      }

      if (route === '/search/') {
        const parsed = parseSearch(url.searchParams.get('q') ?? '');
        if (!parsed) return HttpResponse.json(malformedQuery, { status: 400 });
        fake.searches.push(parsed);
        return HttpResponse.json({ searchRecords: runSearch(parsed) });
      }

      if (route === '/query') {
        const soql = url.searchParams.get('q') ?? '';
        const parsed = parseActivitiesQuery(soql) ?? parseQuery(soql) ?? parseSyncQuery(soql);
        if (!parsed) return HttpResponse.json(malformedQuery, { status: 400 });
        const unknown = parsed.subqueries?.find(
          (subquery) => !CHILD_RELATIONSHIPS[parsed.object]?.[subquery.relationship],
        );
        if (unknown) {
          return HttpResponse.json(
            [
              {
                message: `Didn't understand relationship '${unknown.relationship}' in FROM part of query call.`,
                errorCode: 'INVALID_TYPE',
              },
            ],
            { status: 400 },
          );
        }
        fake.queries.push(parsed);
        return answerRecords(runQuery(parsed));
      }

      const more = /^\/query\/([^/]+)$/.exec(route);
      if (more) {
        const remaining = pendingBatches.get(decodeURIComponent(more[1] ?? ''));
        if (!remaining) return HttpResponse.json(notFound, { status: 404 });
        return answerRecords(remaining);
      }
      return HttpResponse.json(notFound, { status: 404 });
    }),
  );
  return fake;
}

/** 15-character ids are case-sensitive prefixes of the 18-character ones. */
function sameId(stored: string, asked: string): boolean {
  return asked.length === 15 ? stored.slice(0, 15) === asked : stored.toLowerCase() === asked.toLowerCase();
}

function pick(record: SalesforceRecord, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const name = field.trim();
    if (name in record) out[name] = record[name];
  }
  return out;
}

/** `FIND {"a\-b@x.com" OR "c@y.com"} IN EMAIL FIELDS RETURNING …`, read like SOSL reads it. */
export function parseSearch(sosl: string): ParsedSearch | undefined {
  if (!sosl.startsWith('FIND {')) return undefined;
  const terms: string[] = [];
  const operators: string[] = [];
  let index = 'FIND {'.length;
  const read = (stop: (char: string) => boolean): string | undefined => {
    let text = '';
    while (index < sosl.length && !stop(sosl[index] as string)) {
      if (sosl[index] === '\\') index += 1;
      if (index >= sosl.length) return undefined;
      text += sosl[index];
      index += 1;
    }
    return text;
  };
  for (;;) {
    const char = sosl[index];
    if (char === undefined) return undefined;
    if (char === '}') break;
    if (char === ' ') {
      index += 1;
      continue;
    }
    if (char === '"') {
      index += 1;
      const phrase = read((next) => next === '"');
      if (phrase === undefined || sosl[index] !== '"') return undefined;
      index += 1;
      terms.push(phrase);
      continue;
    }
    const word = read((next) => next === ' ' || next === '}');
    if (word === undefined) return undefined;
    if (['OR', 'AND', 'NOT'].includes(word)) operators.push(word);
    else terms.push(word);
  }
  return { terms, operators, rest: sosl.slice(index + 1) };
}

function runSearch(search: ParsedSearch): SalesforceRecord[] {
  const scope = /^ IN (EMAIL|PHONE) FIELDS RETURNING /.exec(search.rest)?.[1];
  const unconvertedLeadsOnly = /Lead\([^)]*WHERE IsConverted = false/.test(search.rest);
  const hits: SalesforceRecord[] = [];
  for (const object of ['Contact', 'Lead'] as const) {
    if (!search.rest.includes(`${object}(`)) continue;
    for (const record of tables[object] ?? []) {
      if (object === 'Lead' && unconvertedLeadsOnly && record.IsConverted === true) continue;
      const matches =
        scope === 'EMAIL'
          ? // Like the search index, which matches words: "jane@example.com" is inside "mary.jane@…".
            search.terms.some((term) =>
              String(record.Email ?? '')
                .toLowerCase()
                .includes(term.toLowerCase()),
            )
          : [record.Phone, record.MobilePhone].some((phone) =>
              search.terms.includes(String(phone ?? '').replace(/\D/g, '') || '-'),
            );
      if (!matches) continue;
      hits.push({
        attributes: record.attributes,
        Id: record.Id,
        ...(scope === 'EMAIL' ? { Email: record.Email } : {}),
      });
    }
  }
  return hits;
}

const QUERY_SHAPE =
  /^SELECT (.+?) FROM (\w+)(?: WHERE (\w+) IN \((.*)\))?(?: ORDER BY (\w+) DESC)?(?: LIMIT (\d+))?$/;

/** The SELECT … FROM … [WHERE x IN ('…')] [ORDER BY f DESC] [LIMIT n] queries this connector sends. */
export function parseQuery(soql: string): ParsedQuery | undefined {
  const match = QUERY_SHAPE.exec(soql);
  if (!match) return undefined;
  const [, fields = '', object = '', filterField, idList, orderBy, limit] = match;
  const parsed: ParsedQuery = { fields: fields.split(', '), object };
  if (filterField !== undefined && idList !== undefined) {
    const ids = parseLiteralList(idList);
    if (!ids) return undefined;
    parsed.filterField = filterField;
    parsed.ids = ids;
  }
  if (orderBy) parsed.orderBy = orderBy;
  if (limit) parsed.limit = Number(limit);
  return parsed;
}

/** `'a', 'b\'c'` → ['a', "b'c"]; undefined when it is not a list of SOQL string literals. */
function parseLiteralList(text: string): string[] | undefined {
  const values: string[] = [];
  let index = 0;
  while (index < text.length) {
    if (text[index] !== "'") return undefined;
    index += 1;
    let value = '';
    while (index < text.length && text[index] !== "'") {
      if (text[index] === '\\') index += 1;
      value += text[index] ?? '';
      index += 1;
    }
    if (text[index] !== "'") return undefined;
    index += 1;
    values.push(value);
    if (index === text.length) break;
    if (text.slice(index, index + 2) !== ', ') return undefined;
    index += 2;
  }
  return values;
}

/** Child relationships of the person objects: the child object and its field that points at the parent. */
const CHILD_RELATIONSHIPS: Record<string, Record<string, { object: string; parentField: string }>> = {
  Contact: {
    Cases: { object: 'Case', parentField: 'ContactId' },
    Tasks: { object: 'Task', parentField: 'WhoId' },
    Events: { object: 'Event', parentField: 'WhoId' },
  },
  Lead: {
    Tasks: { object: 'Task', parentField: 'WhoId' },
    Events: { object: 'Event', parentField: 'WhoId' },
  },
};

const ACTIVITIES_SHAPE = /^SELECT Id, (\(SELECT .+\)) FROM (Contact|Lead) WHERE Id IN \((.*)\)$/;
const SUBQUERY_SHAPE = /^\(SELECT ([^()]+) FROM (\w+) ORDER BY (\w+) DESC LIMIT (\d+)\)$/;

/**
 * `SELECT Id, (SELECT … FROM Cases ORDER BY CreatedDate DESC LIMIT 5), … FROM Contact WHERE Id IN ('…')`:
 * a person query with parent-to-child subqueries, as SOQL's relationship queries write them.
 */
export function parseActivitiesQuery(soql: string): ParsedQuery | undefined {
  const match = ACTIVITIES_SHAPE.exec(soql);
  if (!match) return undefined;
  const [, subqueryText = '', object = '', idList = ''] = match;
  const subqueries: ParsedSubquery[] = [];
  for (const part of subqueryText.split('), (')) {
    const text = `${part.startsWith('(') ? '' : '('}${part}${part.endsWith(')') ? '' : ')'}`;
    const sub = SUBQUERY_SHAPE.exec(text);
    if (!sub) return undefined;
    const [, fields = '', relationship = '', orderBy = '', limit = ''] = sub;
    subqueries.push({ relationship, fields: fields.split(', '), orderBy, limit: Number(limit) });
  }
  const ids = parseLiteralList(idList);
  if (!ids) return undefined;
  return { fields: ['Id'], object, filterField: 'Id', ids, subqueries };
}

/** Each parent with its children per subquery: `null` when it has none, as the REST API answers. */
function runActivitiesQuery(query: ParsedQuery): SalesforceRecord[] {
  const ids = query.ids ?? [];
  const parents = (tables[query.object] ?? []).filter((record) => ids.some((id) => sameId(record.Id, id)));
  return parents.map((parent) => {
    const out: SalesforceRecord = { attributes: parent.attributes, Id: parent.Id };
    for (const subquery of query.subqueries ?? []) {
      const child = CHILD_RELATIONSHIPS[query.object]?.[subquery.relationship];
      const children = (tables[child?.object ?? ''] ?? [])
        .filter((record) => sameId(String(record[child?.parentField ?? '']), parent.Id))
        .sort((a, b) => Date.parse(String(b[subquery.orderBy])) - Date.parse(String(a[subquery.orderBy])))
        .slice(0, subquery.limit)
        .map((record) => pickFields(record, subquery.fields));
      out[subquery.relationship] =
        children.length === 0 ? null : { totalSize: children.length, done: true, records: children };
    }
    return out;
  });
}

function runQuery(query: ParsedQuery): SalesforceRecord[] {
  if (query.subqueries) return runActivitiesQuery(query);
  if (query.object === 'User' || query.orderBy === 'SystemModstamp ASC, Id ASC') return runSyncQuery(query);
  let records = [...(tables[query.object] ?? [])];
  if (query.filterField && query.ids) {
    const ids = query.ids;
    records = records.filter((record) =>
      ids.some((id) => sameId(String(record[query.filterField ?? '']), id)),
    );
  }
  if (query.orderBy) {
    const field = query.orderBy;
    records.sort((a, b) => Date.parse(String(b[field])) - Date.parse(String(a[field])));
  }
  if (query.limit !== undefined) records = records.slice(0, query.limit);
  return records;
}

const SOQL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;
const CONTACT_SYNC_SHAPE =
  /^SELECT (.+?) FROM Contact(?: WHERE (.+?))? ORDER BY SystemModstamp ASC, Id ASC LIMIT (\d+)$/;
const USER_SYNC_SHAPE =
  /^SELECT (.+?) FROM User WHERE IsActive = true AND UserType = 'Standard'(?: AND Id > '([A-Za-z0-9]+)')? ORDER BY Id ASC LIMIT (\d+)$/;

/**
 * The contact and agent sync queries. The WHERE clause is read into its parts and must be exactly what
 * those parts write back, so a quoted datetime or a stray clause is a MALFORMED_QUERY, as in Salesforce.
 */
export function parseSyncQuery(soql: string): ParsedQuery | undefined {
  const user = USER_SYNC_SHAPE.exec(soql);
  if (user) {
    const [, fields = '', afterId, limit = ''] = user;
    return {
      fields: fields.split(', '),
      object: 'User',
      orderBy: 'Id ASC',
      limit: Number(limit),
      ...(afterId ? { afterId } : {}),
    };
  }
  const contact = CONTACT_SYNC_SHAPE.exec(soql);
  if (!contact) return undefined;
  const [, fields = '', where, limit = ''] = contact;
  const parsed: ParsedQuery = {
    fields: fields.split(', '),
    object: 'Contact',
    orderBy: 'SystemModstamp ASC, Id ASC',
    limit: Number(limit),
  };
  if (where !== undefined) {
    const since = /^SystemModstamp >= (\S+)(?: AND |$)/.exec(where)?.[1];
    const keyset = /\(SystemModstamp > (\S+) OR \(SystemModstamp = (\S+) AND Id > '([A-Za-z0-9]+)'\)\)$/.exec(
      where,
    );
    if (since !== undefined) parsed.since = since;
    if (keyset) parsed.after = { time: keyset[1] as string, id: keyset[3] as string };
    const rebuilt = [
      ...(since !== undefined ? [`SystemModstamp >= ${since}`] : []),
      ...(keyset
        ? [`(SystemModstamp > ${keyset[1]} OR (SystemModstamp = ${keyset[1]} AND Id > '${keyset[3]}'))`]
        : []),
    ].join(' AND ');
    const times = [since, keyset?.[1], keyset?.[2]].filter((time) => time !== undefined);
    if (
      rebuilt !== where ||
      keyset?.[1] !== keyset?.[2] ||
      !times.every((time) => SOQL_DATETIME.test(time))
    ) {
      return undefined;
    }
  }
  return parsed;
}

function runSyncQuery(query: ParsedQuery): SalesforceRecord[] {
  const time = (record: SalesforceRecord) => Date.parse(String(record.SystemModstamp));
  let records = [...(tables[query.object] ?? [])];
  if (query.object === 'User') {
    records = records
      .filter((user) => user.IsActive === true && user.UserType === 'Standard')
      .filter((user) => !query.afterId || user.Id > query.afterId)
      .sort((a, b) => (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
  } else {
    const since = query.since === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.since);
    const after = query.after && { time: Date.parse(query.after.time), id: query.after.id };
    records = records
      .filter((record) => time(record) >= since)
      .filter(
        (record) =>
          !after || time(record) > after.time || (time(record) === after.time && record.Id > after.id),
      )
      .sort((a, b) => time(a) - time(b) || (a.Id < b.Id ? -1 : a.Id > b.Id ? 1 : 0));
  }
  return records.slice(0, query.limit).map((record) => pickFields(record, query.fields));
}

/** The selected fields, `Account.Name` as a nested Account the way the REST API nests relationships. */
function pickFields(record: SalesforceRecord, fields: string[]): SalesforceRecord {
  const out: Record<string, unknown> = { attributes: record.attributes };
  for (const field of fields) {
    const [parent, child] = field.split('.');
    if (child === undefined) {
      if (parent && parent in record) out[parent] = record[parent];
      continue;
    }
    const related = record[parent as string] as Record<string, unknown> | null | undefined;
    if (!related) {
      out[parent as string] = null;
      continue;
    }
    const nested = (out[parent as string] ?? { attributes: related.attributes }) as Record<string, unknown>;
    nested[child] = related[child];
    out[parent as string] = nested;
  }
  return out as SalesforceRecord;
}

interface CompositeBody {
  allOrNone: unknown;
  compositeRequest: CompositeSubrequest[];
}

const jsonParserError = [{ message: 'Json Deserialization failed on token', errorCode: 'JSON_PARSER_ERROR' }];

function isCompositeBody(body: unknown): body is CompositeBody {
  const requests = (body as CompositeBody | undefined)?.compositeRequest;
  return (
    Array.isArray(requests) &&
    requests.length > 0 &&
    requests.every(
      (sub) =>
        typeof sub === 'object' &&
        sub !== null &&
        typeof sub.method === 'string' &&
        typeof sub.url === 'string' &&
        /^[A-Za-z0-9_]+$/.test(String(sub.referenceId)) &&
        typeof sub.body === 'object',
    )
  );
}

const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'];
const ID_PREFIXES: Record<string, string> = { Task: '00T', ContentNote: '069', ContentDocumentLink: '06A' };
let createdCount = 0;

type FieldError = { message: string; errorCode: string; fields: string[] };

/**
 * POST /composite with sObject creates, allOrNone: each subrequest is checked the way the org would
 * (references exist, restricted picklists hold known values); the first refusal rolls everything back and
 * the other subrequests answer PROCESSING_HALTED. The top-level answer is a 200 either way.
 */
function runComposite(body: CompositeBody, created: CreatedRecord[]): unknown {
  const references = new Map<string, string>();
  const pending: CreatedRecord[] = [];
  const results: unknown[] = [];
  let failedAt = -1;
  body.compositeRequest.forEach((sub, index) => {
    if (failedAt >= 0) return;
    const object = /^\/services\/data\/v66\.0\/sobjects\/(\w+)$/.exec(sub.url)?.[1];
    const fields = resolveReferences(sub.body, references);
    const error =
      sub.method !== 'POST' || !object || !ID_PREFIXES[object]
        ? { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND', fields: [] }
        : checkRecord(object, fields, [...created, ...pending]);
    if (error) {
      failedAt = index;
      results.push({ body: [error], httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId });
      return;
    }
    createdCount += 1;
    const id = `${ID_PREFIXES[object as string]}Dn00000Fk${String(createdCount).padStart(4, '0')}QAA`;
    references.set(sub.referenceId, id);
    pending.push({ object: object as string, id, body: fields });
    results.push({
      body: { id, success: true, errors: [] },
      httpHeaders: { Location: `${FAKE_API_PATH}/sobjects/${object}/${id}` },
      httpStatusCode: 201,
      referenceId: sub.referenceId,
    });
  });
  if (failedAt < 0) {
    created.push(...pending);
    return { compositeResponse: results };
  }
  const halted = {
    message: 'The transaction was rolled back since another operation in the same transaction failed.',
    errorCode: 'PROCESSING_HALTED',
  };
  return {
    compositeResponse: body.compositeRequest.map((sub, index) =>
      index === failedAt
        ? results[index]
        : { body: [halted], httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId },
    ),
  };
}

function resolveReferences(
  body: Record<string, unknown>,
  references: Map<string, string>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).map(([key, value]) => {
      const reference = typeof value === 'string' ? /^@\{(\w+)\.id\}$/.exec(value) : null;
      return [key, reference ? (references.get(reference[1] as string) ?? value) : value];
    }),
  );
}

function checkRecord(
  object: string,
  fields: Record<string, unknown>,
  created: CreatedRecord[],
): FieldError | undefined {
  const person = (id: unknown) =>
    typeof id === 'string' &&
    [...(tables.Contact ?? []), ...(tables.Lead ?? [])].some((record) => sameId(record.Id, id));
  const crossReference = (field: string): FieldError => ({
    message: `${field}: id value of incorrect type`,
    errorCode: 'INVALID_CROSS_REFERENCE_KEY',
    fields: [field],
  });
  if (object === 'Task') {
    if (fields.WhoId !== undefined && !person(fields.WhoId)) return crossReference('WhoId');
    if (
      fields.OwnerId !== undefined &&
      !(tables.User ?? []).some((user) => user.IsActive === true && sameId(user.Id, String(fields.OwnerId)))
    ) {
      return {
        message: 'Assigned To ID: owner cannot be inactive user',
        errorCode: 'INVALID_CROSS_REFERENCE_KEY',
        fields: ['OwnerId'],
      };
    }
    if (fields.Status !== undefined && !TASK_STATUSES.includes(String(fields.Status))) {
      return {
        message: 'Status: bad value for restricted picklist field',
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        fields: ['Status'],
      };
    }
    if (
      fields.CallType !== undefined &&
      !['Inbound', 'Outbound', 'Internal'].includes(String(fields.CallType))
    ) {
      return {
        message: 'Call Type: bad value for restricted picklist field',
        errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        fields: ['CallType'],
      };
    }
    if (typeof fields.Subject === 'string' && fields.Subject.length > 255) {
      return { message: 'Subject: data value too large', errorCode: 'STRING_TOO_LONG', fields: ['Subject'] };
    }
    return undefined;
  }
  if (object === 'ContentNote') {
    if (typeof fields.Title !== 'string' || fields.Title === '') {
      return {
        message: 'Required fields are missing: [Title]',
        errorCode: 'REQUIRED_FIELD_MISSING',
        fields: ['Title'],
      };
    }
    if (fields.Content !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(String(fields.Content))) {
      return { message: 'Content: not base64', errorCode: 'INVALID_FIELD', fields: ['Content'] };
    }
    return undefined;
  }
  // ContentDocumentLink
  if (!created.some((record) => record.object === 'ContentNote' && record.id === fields.ContentDocumentId)) {
    return crossReference('ContentDocumentId');
  }
  if (!person(fields.LinkedEntityId)) return crossReference('LinkedEntityId');
  if (!['V', 'C', 'I'].includes(String(fields.ShareType))) {
    return {
      message: 'Share Type: bad value for restricted picklist field',
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      fields: ['ShareType'],
    };
  }
  return undefined;
}
