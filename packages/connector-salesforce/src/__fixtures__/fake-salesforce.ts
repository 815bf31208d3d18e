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
import tasks from './tasks.json' with { type: 'json' };

export const FAKE_SALESFORCE_ORIGIN = 'https://talkbridge-test.my.salesforce.com';
export const FAKE_ACCESS_TOKEN = '00DDn000001aBcD!AQ4AQHq7.fake.session.9f3k2Lm';
export const FAKE_API_PATH = '/services/data/v66.0';

export const JANE_CONTACT_ID = '003Dn00000QX9fLIAT';
export const MARY_CONTACT_ID = '003Dn00000QX9fMIAT';
export const LEE_LEAD_ID = '00QDn00000Ab1cDEAR';
/** A Contact id of the right shape that the org does not hold (merged away). */
export const STALE_CONTACT_ID = '003Dn00000ZZ9zZIAZ';

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
}

export interface FakeSalesforce {
  upstream: FakeUpstream;
  origin: string;
  /** Every SOSL search and SOQL query, as parsed. */
  searches: ParsedSearch[];
  queries: ParsedQuery[];
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
};

export function createFakeSalesforce(origin = FAKE_SALESFORCE_ORIGIN): FakeSalesforce {
  const pendingBatches = new Map<string, SalesforceRecord[]>();
  let locatorCount = 0;

  const fake: FakeSalesforce = {
    upstream: undefined as unknown as FakeUpstream,
    origin,
    searches: [],
    queries: [],
    batchSize: undefined,
    reset() {
      fake.upstream.reset();
      fake.searches.length = 0;
      fake.queries.length = 0;
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
    http.all(`${origin}/*`, ({ request }) => {
      if (request.headers.get('authorization') !== `Bearer ${FAKE_ACCESS_TOKEN}`) {
        return HttpResponse.json(invalidSession, { status: 401 });
      }
      const url = new URL(request.url);
      if (request.method !== 'GET' || !url.pathname.startsWith(`${FAKE_API_PATH}/`)) {
        return HttpResponse.json(notFound, { status: 404 });
      }
      const route = url.pathname.slice(FAKE_API_PATH.length);

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
        const parsed = parseQuery(url.searchParams.get('q') ?? '');
        if (!parsed) return HttpResponse.json(malformedQuery, { status: 400 });
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

function runQuery(query: ParsedQuery): SalesforceRecord[] {
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
