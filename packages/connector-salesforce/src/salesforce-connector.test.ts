import { buildIntegrationConfiguration, type Interaction } from '@talkbridge/core';
import { interactionRetrievalResponseSchema } from '@talkbridge/core/contract';
import {
  bridgeErrorOf,
  createCaptureLogger,
  HttpResponse,
  http,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import invalidSession from './__fixtures__/error-invalid-session.json' with { type: 'json' };
import requestLimit from './__fixtures__/error-request-limit.json' with { type: 'json' };
import {
  createFakeSalesforce,
  FAKE_ACCESS_TOKEN,
  FAKE_API_PATH,
  JANE_CONTACT_ID,
  LEE_LEAD_ID,
  STALE_CONTACT_ID,
} from './__fixtures__/fake-salesforce.js';
import { caseStatusCache } from './salesforce-case-statuses.js';
import { salesforce } from './salesforce-connector.js';

const fake = createFakeSalesforce();
const upstream = fake.upstream;
const AUTH = { access_token: FAKE_ACCESS_TOKEN, instance_url: fake.origin };
const SETTINGS = { baseUrl: fake.origin };
const ALL_TYPES = ['case', 'task', 'event'];

const JANE_CASES = ['500Dn00000Kx1AaIAJ', '500Dn00000Kx1AbIAJ', '500Dn00000Kx1AcIAJ', '500Dn00000Kx1AdIAJ'];
const JANE_TASKS = ['00TDn00000Zq7QwMAJ', '00TDn00000Zq7QxMAJ'];
const JANE_EVENTS = ['00UDn00000Fh2XyUAJ'];
const LEE_ITEMS = ['00TDn00000Zq7QyMAJ', '00UDn00000Fh2XzUAJ'];
const MARY_CASE = '500Dn00000Kx1AeIAJ';

// The queries the connector sends, written out: one per person object, a subquery per type.
const CASES = (limit: number) =>
  '(SELECT Id, CaseNumber, Subject, Description, Status, Priority, IsClosed, CreatedDate, ContactId FROM Cases ' +
  `ORDER BY CreatedDate DESC LIMIT ${limit})`;
const TASKS = (limit: number) =>
  '(SELECT Id, Subject, Description, Status, Priority, IsClosed, ActivityDate, TaskSubtype, CreatedDate, WhoId ' +
  `FROM Tasks ORDER BY CreatedDate DESC LIMIT ${limit})`;
const EVENTS = (limit: number) =>
  '(SELECT Id, Subject, Description, Location, StartDateTime, EndDateTime, IsAllDayEvent, ActivityDate, ' +
  `CreatedDate, WhoId FROM Events ORDER BY StartDateTime DESC LIMIT ${limit})`;
const CASE_STATUS_SOQL = 'SELECT ApiName, MasterLabel, IsClosed, IsDefault FROM CaseStatus';
const contactQuery = (id: string, limit = 50) =>
  `SELECT Id, ${CASES(limit)}, ${TASKS(limit)}, ${EVENTS(limit)} FROM Contact WHERE Id IN ('${id}')`;
const leadQuery = (id: string, limit = 50) =>
  `SELECT Id, ${TASKS(limit)}, ${EVENTS(limit)} FROM Lead WHERE Id IN ('${id}')`;
const SEARCH_PATH = '/services/data/v66.0/search/';
const QUERY_PATH = '/services/data/v66.0/query';

const retrieve = retrievalHarness(salesforce, { auth: AUTH, types: ALL_TYPES, settings: SETTINGS });

const failure = bridgeErrorOf;

const ids = (answer: Interaction[]) => answer.map((item) => item.id).sort();
const paths = () => upstream.requests.map((request) => request.path);
const queriedObjects = () => fake.queries.map((query) => query.object).sort();
/** Every upstream call as `path q`, sorted (calls of one round run in parallel: their order is not fixed). */
const calls = () =>
  upstream.requests.map((request) => `${request.path} ${request.query.get('q') ?? ''}`.trim()).sort();

beforeAll(() => upstream.listen());
afterEach(() => {
  fake.reset();
  caseStatusCache.clear();
});
afterAll(() => upstream.close());

describe('finding the person', () => {
  it('reads a synced Contact id and all its cases, tasks and events in one query: one round trip', async () => {
    const answer = await retrieve({ contact_external_id: JANE_CONTACT_ID });
    // The org's case statuses go in the same round (once per org while cached).
    expect(calls()).toEqual([
      `${QUERY_PATH} ${CASE_STATUS_SOQL}`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
    ]);
    expect(ids(answer)).toEqual([...JANE_CASES, ...JANE_TASKS, ...JANE_EVENTS].sort());
    fake.reset();
    await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['task'] });
    expect(calls()).toEqual([`${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`]);
    for (const request of upstream.requests) {
      expect(request.method).toBe('GET');
      expect(request.headers.get('authorization')).toBe(`Bearer ${FAKE_ACCESS_TOKEN}`);
      expect(request.path.startsWith('/services/data/v66.0/')).toBe(true);
    }
  });

  it('reads a synced Lead id (00Q…) from Lead and lists its tasks and events, never cases', async () => {
    const answer = await retrieve({ contact_external_id: LEE_LEAD_ID });
    // A Lead owns no cases: no Cases subquery, and no case statuses read.
    expect(calls()).toEqual([`${QUERY_PATH} ${leadQuery(LEE_LEAD_ID)}`]);
    expect(fake.queries[0]?.subqueries?.map((subquery) => subquery.relationship)).toEqual([
      'Tasks',
      'Events',
    ]);
    expect(ids(answer)).toEqual(LEE_ITEMS.sort());
  });

  /** What the fake saw, in order: each call's arrival and its answer (`search ->`, `id <-`…). */
  const timeline = () => {
    const events: string[] = [];
    const nameOf = (url: string) =>
      url.includes(SEARCH_PATH) ? 'search' : url.includes(STALE_CONTACT_ID) ? 'id' : undefined;
    const arrived = ({ request }: { request: Request }) => {
      const name = nameOf(request.url);
      if (name) events.push(`${name} ->`);
    };
    const answered = ({ request }: { request: Request }) => {
      const name = nameOf(request.url);
      if (name) events.push(`${name} <-`);
    };
    upstream.server.events.on('request:start', arrived);
    upstream.server.events.on('response:mocked', answered);
    return {
      events,
      stop: () => {
        upstream.server.events.removeListener('request:start', arrived);
        upstream.server.events.removeListener('response:mocked', answered);
      },
    };
  };
  const staleIdThenEmail = { contact_external_id: STALE_CONTACT_ID, contact_emails: ['jane@example.com'] };

  it('falls back to the email when the synced id is gone: the search waits for the id, no call spent on a good id', async () => {
    const seen = timeline();
    const answer = await retrieve(staleIdThenEmail).finally(seen.stop);
    // Round 1: the id's query (no row: stale) and the case statuses; round 2: the email search; round 3:
    // the query for whom the search found.
    expect(seen.events).toEqual(['id ->', 'id <-', 'search ->', 'search <-']);
    expect(ids(answer)).toEqual([...JANE_CASES, ...JANE_TASKS, ...JANE_EVENTS].sort());
    expect(calls()).toEqual([
      `${QUERY_PATH} ${CASE_STATUS_SOQL}`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
      `${QUERY_PATH} ${contactQuery(STALE_CONTACT_ID)}`,
      `${SEARCH_PATH} FIND {"jane@example.com"} IN EMAIL FIELDS RETURNING Contact(Id, Email LIMIT 50), ` +
        'Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    ]);
    expect(upstream.requests.at(-1)?.query.get('q')).toBe(contactQuery(JANE_CONTACT_ID));

    // A good id with emails: the id's query alone (no search spent).
    fake.reset();
    await retrieve({ contact_external_id: JANE_CONTACT_ID, contact_emails: ['jane@example.com'] });
    expect(paths()).not.toContain(SEARCH_PATH);
  });

  it('sends the email search in the id round when the integration asks for it (lookupAlongsideExternalId)', async () => {
    // The id's answer is held until the search arrives: it can only arrive if it is sent in the same round.
    let searchArrived!: () => void;
    const searched = new Promise<void>((resolve) => {
      searchArrived = resolve;
    });
    upstream.use(
      http.get(`${fake.origin}${QUERY_PATH}`, async ({ request }) => {
        if (new URL(request.url).searchParams.get('q')?.includes(STALE_CONTACT_ID)) await searched;
        return undefined;
      }),
      http.get(`${fake.origin}${SEARCH_PATH}`, () => {
        searchArrived();
        return undefined;
      }),
    );
    const seen = timeline();
    const answer = await retrieve(staleIdThenEmail, { lookupAlongsideExternalId: true }).finally(seen.stop);
    expect(seen.events.slice(0, 2)).toEqual(['id ->', 'search ->']);
    expect(ids(answer)).toEqual([...JANE_CASES, ...JANE_TASKS, ...JANE_EVENTS].sort());
    // One search, not two.
    expect(paths().filter((path) => path === SEARCH_PATH)).toHaveLength(1);
  });

  it('sends nothing for an external id that is not a Contact or Lead id, and falls back', async () => {
    for (const externalId of ['001Dn00000Ab1cDEAR', "003' OR Id != '", '../sobjects/User/005']) {
      await retrieve(
        { contact_external_id: externalId, contact_emails: ['jane@example.com'] },
        { types: ['task'] },
      );
      expect(paths()[0]).toBe('/services/data/v66.0/search/');
      fake.reset();
    }
  });

  it('searches every email in one SOSL search over Contacts and unconverted Leads', async () => {
    const answer = await retrieve({ contact_emails: ['Jane@Example.com', 'lee.chen@prospect.example'] });
    const search = upstream.requests[0];
    expect(search?.path).toBe('/services/data/v66.0/search/');
    expect(search?.query.get('q')).toBe(
      'FIND {"jane@example.com" OR "lee.chen@prospect.example"} IN EMAIL FIELDS RETURNING ' +
        'Contact(Id, Email LIMIT 50), Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    );
    expect(fake.searches).toHaveLength(1);
    // Then one query per person object, in parallel, every type in it (cases: the Contact only), and the
    // org's case statuses beside them: two rounds.
    expect(calls().filter((call) => call.startsWith(QUERY_PATH))).toEqual([
      `${QUERY_PATH} ${CASE_STATUS_SOQL}`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
      `${QUERY_PATH} ${leadQuery(LEE_LEAD_ID)}`,
    ]);
    expect(upstream.requests).toHaveLength(4);
    expect(ids(answer)).toEqual([...JANE_CASES, ...JANE_TASKS, ...JANE_EVENTS, ...LEE_ITEMS].sort());
  });

  it('keeps only exact email matches: mary.jane@example.com is someone else', async () => {
    const answer = await retrieve({ contact_emails: ['jane@example.com'] }, { types: ['case'] });
    expect(ids(answer)).toEqual([...JANE_CASES].sort());
    expect(ids(answer)).not.toContain(MARY_CASE);
    expect(fake.queries.find((query) => query.object === 'Contact')?.ids).toEqual([JANE_CONTACT_ID]);
    // Only the requested type's subquery is sent.
    expect(calls()).toContain(
      `${QUERY_PATH} SELECT Id, ${CASES(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
    );
  });

  it('searches phones by their digits, with and without country code, in one SOSL search', async () => {
    const answer = await retrieve({ contact_phones: ['+1 (415) 555-0132', '+44 20 7946 0018'] });
    expect(upstream.requests[0]?.query.get('q')).toBe(
      'FIND {14155550132 OR 4155550132 OR 442079460018 OR 2079460018 OR 02079460018} IN PHONE FIELDS ' +
        'RETURNING Contact(Id LIMIT 50), Lead(Id WHERE IsConverted = false LIMIT 50)',
    );
    // Stored as "(415) 555-0132" (a Contact) and "020 7946 0018" (a Lead).
    expect(ids(answer)).toEqual([...JANE_CASES, ...JANE_TASKS, ...JANE_EVENTS, ...LEE_ITEMS].sort());
  });

  it('answers [] after one search when nobody has the email', async () => {
    expect(await retrieve({ contact_emails: ['nobody@example.org'] })).toEqual([]);
    expect(paths()).toEqual(['/services/data/v66.0/search/']);
  });
});

describe('query-language escaping', () => {
  it('sends hostile emails as escaped SOSL phrases that stay one literal each', async () => {
    const hostile = [
      'a" OR x:"b@example.com',
      "x' OR Name != '",
      '} IN ALL FIELDS RETURNING User(Id, Email) //',
    ];
    const answer = await retrieve({ contact_emails: hostile });
    expect(answer).toEqual([]);
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.query.get('q')).toBe(
      'FIND {"a\\" or x\\:\\"b@example.com" OR "x\\\' or name \\!= \\\'" OR ' +
        '"\\} in all fields returning user\\(id, email\\) //"} IN EMAIL FIELDS RETURNING ' +
        'Contact(Id, Email LIMIT 50), Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    );
    // Read back the way SOSL reads it: three phrases joined by OR, the clauses after FIND untouched.
    expect(fake.searches[0]).toEqual({
      terms: hostile.map((email) => email.toLowerCase()),
      operators: ['OR', 'OR'],
      rest: ' IN EMAIL FIELDS RETURNING Contact(Id, Email LIMIT 50), Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    });
  });
});

describe('listing interactions', () => {
  it('answers the Talkdesk contract, newest first, with Lightning links on the instance', async () => {
    const answer = await retrieve({ contact_external_id: JANE_CONTACT_ID });
    expect(interactionRetrievalResponseSchema.parse(answer)).toEqual(answer);
    expect(answer.map((item) => [item.id, item.type, item.date, item.status, item.priority])).toEqual([
      ['00TDn00000Zq7QwMAJ', 'task', '2025-03-20 00:00:00 UTC', 'new', 'high'],
      ['00UDn00000Fh2XyUAJ', 'event', '2025-03-18 16:00:00 UTC', 'closed', 'none'],
      ['500Dn00000Kx1AcIAJ', 'case', '2025-03-15 08:30:00 UTC', 'open', 'low'],
      ['00TDn00000Zq7QxMAJ', 'task', '2025-03-10 14:40:31 UTC', 'closed', 'normal'],
      ['500Dn00000Kx1AaIAJ', 'case', '2025-03-10 14:22:05 UTC', 'open', 'high'],
      ['500Dn00000Kx1AbIAJ', 'case', '2025-02-01 09:00:00 UTC', 'closed', 'normal'],
      ['500Dn00000Kx1AdIAJ', 'case', '2025-01-20 17:45:12 UTC', 'closed', 'none'],
    ]);
    expect(answer.find((item) => item.id === '500Dn00000Kx1AaIAJ')).toMatchObject({
      subject: 'Order #4521 arrived damaged',
      description: 'The box was crushed on arrival & the lamp inside is broken. Photos attached.',
      url: `${fake.origin}/lightning/r/Case/500Dn00000Kx1AaIAJ/view`,
    });
    expect(answer.find((item) => item.id === '500Dn00000Kx1AdIAJ')?.subject).toBe('Case 00001012');
  });

  it('makes 1 query for a synced id and every type, plus CaseStatus only while not cached', async () => {
    await retrieve({ contact_external_id: JANE_CONTACT_ID });
    expect(upstream.requests).toHaveLength(2);
    expect(queriedObjects()).toEqual(['CaseStatus', 'Contact']);
    fake.reset();
    await retrieve({ contact_external_id: JANE_CONTACT_ID });
    expect(calls()).toEqual([`${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`]);
  });

  it('makes 1 search and 1 query per person object for a phone: two rounds', async () => {
    await retrieve({ contact_phones: ['+1 (415) 555-0132'] }, { types: ['task', 'event'] });
    expect(calls()).toEqual([
      `${QUERY_PATH} SELECT Id, ${TASKS(50)}, ${EVENTS(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
      `${SEARCH_PATH} FIND {14155550132 OR 4155550132} IN PHONE FIELDS RETURNING Contact(Id LIMIT 50), ` +
        'Lead(Id WHERE IsConverted = false LIMIT 50)',
    ]);
    expect(paths()).toEqual([SEARCH_PATH, QUERY_PATH]);
  });

  it('asks for the types alone when the shared query fails for a reason of its own', async () => {
    // A profile without access to Case: Salesforce refuses any query naming the Cases relationship.
    upstream.use(
      http.get(`${fake.origin}${FAKE_API_PATH}/query`, ({ request }) => {
        if (!new URL(request.url).searchParams.get('q')?.includes('FROM Cases')) return undefined;
        return HttpResponse.json(
          [{ message: "Didn't understand relationship 'Cases'", errorCode: 'INVALID_TYPE' }],
          { status: 400 },
        );
      }),
    );
    const log = createCaptureLogger();
    const answer = await retrieve({ contact_emails: ['jane@example.com'] }, { log });
    expect(ids(answer)).toEqual([...JANE_TASKS, ...JANE_EVENTS].sort());
    expect(calls()).toEqual([
      `${QUERY_PATH} ${CASE_STATUS_SOQL}`,
      `${QUERY_PATH} SELECT Id, ${CASES(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
      `${QUERY_PATH} SELECT Id, ${EVENTS(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
      `${QUERY_PATH} SELECT Id, ${TASKS(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
      expect.stringMatching(/^\/services\/data\/v66\.0\/search\/ FIND /),
    ]);
    expect(log.text()).toContain('interaction type left out of the answer');
  });

  it('still answers the readable types of a synced id when its query is refused for Case', async () => {
    upstream.use(
      http.get(`${fake.origin}${FAKE_API_PATH}/query`, ({ request }) => {
        if (!new URL(request.url).searchParams.get('q')?.includes('FROM Cases')) return undefined;
        return HttpResponse.json(
          [{ message: "Didn't understand relationship 'Cases'", errorCode: 'INVALID_TYPE' }],
          { status: 400 },
        );
      }),
    );
    const answer = await retrieve({ contact_external_id: JANE_CONTACT_ID });
    expect(ids(answer)).toEqual([...JANE_TASKS, ...JANE_EVENTS].sort());
    // The person alone, then the listers' shared query (refused), then the types one by one.
    expect(calls()).toEqual([
      `${QUERY_PATH} ${CASE_STATUS_SOQL}`,
      `${QUERY_PATH} SELECT Id FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
      `${QUERY_PATH} SELECT Id, ${CASES(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
      `${QUERY_PATH} SELECT Id, ${EVENTS(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
      `${QUERY_PATH} SELECT Id, ${TASKS(50)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
    ]);
  });

  it('does not retry a failure every type shares (credentials) type by type', async () => {
    upstream.use(
      http.get(`${fake.origin}${FAKE_API_PATH}/query`, ({ request }) => {
        if (!new URL(request.url).searchParams.get('q')?.includes('FROM Contact')) return undefined;
        return HttpResponse.json(invalidSession, { status: 401 });
      }),
    );
    const error = await failure(retrieve({ contact_emails: ['jane@example.com'] }));
    expect(error.code).toBe('invalid_credentials');
    expect(fake.queries.filter((query) => query.object === 'Contact')).toHaveLength(0);
    expect(calls().filter((call) => call.includes('FROM Contact'))).toHaveLength(1);
  });

  it('asks each type for its newest items, at most the limit, in one query', async () => {
    const answer = await retrieve({ contact_external_id: JANE_CONTACT_ID }, { limit: 2 });
    expect(calls()).toContain(
      `${QUERY_PATH} SELECT Id, ` +
        '(SELECT Id, CaseNumber, Subject, Description, Status, Priority, IsClosed, CreatedDate, ContactId ' +
        'FROM Cases ORDER BY CreatedDate DESC LIMIT 2), ' +
        '(SELECT Id, Subject, Description, Status, Priority, IsClosed, ActivityDate, TaskSubtype, CreatedDate, WhoId ' +
        'FROM Tasks ORDER BY CreatedDate DESC LIMIT 2), ' +
        '(SELECT Id, Subject, Description, Location, StartDateTime, EndDateTime, IsAllDayEvent, ActivityDate, ' +
        'CreatedDate, WhoId FROM Events ORDER BY StartDateTime DESC LIMIT 2) ' +
        `FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
    );
    expect(answer).toHaveLength(2);
  });

  it('merges the children of several people newest first and cuts them to the limit', async () => {
    // Jane (a Contact) and Lee (a Lead): each brings at most 2 tasks; the newest 2 of all are kept.
    const answer = await retrieve(
      { contact_emails: ['jane@example.com', 'lee.chen@prospect.example'] },
      { types: ['task'], limit: 2 },
    );
    expect(answer.map((item) => [item.id, item.date])).toEqual([
      ['00TDn00000Zq7QwMAJ', '2025-03-20 00:00:00 UTC'],
      ['00TDn00000Zq7QyMAJ', '2025-03-12 10:00:00 UTC'],
    ]);
  });

  it('follows nextRecordsUrl when Salesforce splits an answer of several people', async () => {
    await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['case'] }); // caches CaseStatus
    fake.reset();
    fake.batchSize = 1;
    // Two Contacts (the search also finds mary.jane@example.com, asked for too): one query, two batches.
    const answer = await retrieve(
      { contact_emails: ['jane@example.com', 'mary.jane@example.com'] },
      { types: ['case'], limit: 3 },
    );
    expect(ids(answer)).toEqual(['500Dn00000Kx1AaIAJ', '500Dn00000Kx1AcIAJ', MARY_CASE].sort());
    expect(paths()).toEqual([
      SEARCH_PATH,
      QUERY_PATH,
      expect.stringMatching(/^\/services\/data\/v66\.0\/query\/01gDn00000FakeQL\d\d-1$/),
    ]);
    expect(upstream.requests[1]?.query.get('q')).toBe(
      `SELECT Id, ${CASES(3)} FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}', '003Dn00000QX9fMIAT')`,
    );
  });

  it('does not follow a nextRecordsUrl that is not a query locator', async () => {
    const log = createCaptureLogger();
    upstream.use(
      http.get(`${fake.origin}${FAKE_API_PATH}/query`, () =>
        HttpResponse.json({
          totalSize: 9,
          done: false,
          nextRecordsUrl: 'https://evil.example/steal',
          records: [
            {
              Id: JANE_CONTACT_ID,
              Tasks: {
                totalSize: 1,
                done: true,
                records: [
                  { Id: '00TDn00000Zq7QwMAJ', Subject: 'x', CreatedDate: '2025-03-01T00:00:00.000+0000' },
                ],
              },
            },
          ],
        }),
      ),
    );
    const answer = await retrieve({ contact_emails: ['jane@example.com'] }, { types: ['task'], log });
    expect(answer).toHaveLength(1);
    expect(upstream.requests).toHaveLength(2);
    expect(log.text()).toContain('without a usable nextRecordsUrl');
  });
});

describe("the org's case statuses", () => {
  it('maps custom statuses from CaseStatus and lets statusMap override them', async () => {
    const answer = await retrieve(
      { contact_external_id: JANE_CONTACT_ID },
      { types: ['case'], settings: { ...SETTINGS, statusMap: { Waiting_on_Customer: 'pending' } } },
    );
    const statuses = Object.fromEntries(answer.map((item) => [item.id, item.status]));
    expect(statuses).toEqual({
      '500Dn00000Kx1AaIAJ': 'open',
      '500Dn00000Kx1AbIAJ': 'closed',
      '500Dn00000Kx1AcIAJ': 'pending',
      '500Dn00000Kx1AdIAJ': 'closed',
    });
    expect(fake.queries.find((query) => query.object === 'CaseStatus')?.fields).toEqual([
      'ApiName',
      'MasterLabel',
      'IsClosed',
      'IsDefault',
    ]);
  });

  it('reads CaseStatus once per org: again for another instance, every time with a TTL of 0', async () => {
    const caseStatusQueries = () => fake.queries.filter((query) => query.object === 'CaseStatus').length;
    await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['case'] });
    await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['case'] });
    expect(caseStatusQueries()).toBe(1);
    await retrieve(
      { contact_external_id: JANE_CONTACT_ID },
      { types: ['case'], auth: { ...AUTH, instance_url: 'https://globex.my.salesforce.com' } },
    );
    expect(caseStatusQueries()).toBe(2);
    const noCache = { ...SETTINGS, caseStatusCacheSeconds: 0 };
    await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['case'], settings: noCache });
    await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['case'], settings: noCache });
    expect(caseStatusQueries()).toBe(4);
  });

  it('still lists cases, by the default table and IsClosed, when CaseStatus cannot be read', async () => {
    const log = createCaptureLogger();
    upstream.use(
      http.get(`${fake.origin}${FAKE_API_PATH}/query`, ({ request }) => {
        if (!new URL(request.url).searchParams.get('q')?.includes('FROM CaseStatus')) return undefined;
        return HttpResponse.json(
          [{ message: "sObject type 'CaseStatus' is not supported.", errorCode: 'INVALID_TYPE' }],
          { status: 400 },
        );
      }),
    );
    const answer = await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['case'], log });
    expect(Object.fromEntries(answer.map((item) => [item.id, item.status]))).toEqual({
      '500Dn00000Kx1AaIAJ': 'open',
      '500Dn00000Kx1AbIAJ': 'closed',
      '500Dn00000Kx1AcIAJ': 'open',
      '500Dn00000Kx1AdIAJ': 'closed',
    });
    expect(log.text()).toContain('salesforce case statuses');
    // A failed read is not kept: the next retrieval asks again.
    fake.reset();
    await retrieve({ contact_external_id: JANE_CONTACT_ID }, { types: ['case'] });
    expect(fake.queries.filter((query) => query.object === 'CaseStatus')).toHaveLength(1);
  });
});

describe('Salesforce failures through the pipeline', () => {
  it('answers invalid_credentials for an expired session (401 INVALID_SESSION_ID), without retrying', async () => {
    const error = await failure(
      retrieve(
        { contact_external_id: JANE_CONTACT_ID },
        { auth: { ...AUTH, access_token: 'expired-token-77' } },
      ),
    );
    expect(error.code).toBe('invalid_credentials');
    // The one round's two calls, each sent once.
    expect(calls()).toEqual([
      `${QUERY_PATH} ${CASE_STATUS_SOQL}`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
    ]);
    expect(error.message).not.toContain('expired-token-77');
  });

  it('answers rate_limited for the daily API limit (403 REQUEST_LIMIT_EXCEEDED), without retrying', async () => {
    upstream.use(http.all(`${fake.origin}/*`, () => HttpResponse.json(requestLimit, { status: 403 })));
    const error = await failure(retrieve({ contact_external_id: JANE_CONTACT_ID }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(60);
    expect(calls()).toEqual([
      `${QUERY_PATH} ${CASE_STATUS_SOQL}`,
      `${QUERY_PATH} ${contactQuery(JANE_CONTACT_ID)}`,
    ]);
  });

  it('answers invalid_credentials when INVALID_SESSION_ID comes with another status', async () => {
    upstream.use(http.all(`${fake.origin}/*`, () => HttpResponse.json(invalidSession, { status: 403 })));
    expect((await failure(retrieve({ contact_external_id: JANE_CONTACT_ID }))).code).toBe(
      'invalid_credentials',
    );
  });

  it('answers upstream_unavailable for any other 403, not rate_limited', async () => {
    upstream.use(
      http.all(`${fake.origin}/*`, () =>
        HttpResponse.json(
          [
            {
              message: 'insufficient access rights on object id',
              errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
            },
          ],
          { status: 403 },
        ),
      ),
    );
    expect((await failure(retrieve({ contact_external_id: JANE_CONTACT_ID }))).code).toBe(
      'upstream_unavailable',
    );
  });

  it('classifies only Salesforce error arrays', () => {
    const classify = salesforce.http?.classifyFailure;
    const headers = new Headers();
    expect(classify?.({ status: 401, body: invalidSession, headers })).toBe('invalid_credentials');
    expect(classify?.({ status: 403, body: requestLimit, headers })).toBe('rate_limited');
    expect(
      classify?.({ status: 403, body: { errorCode: 'REQUEST_LIMIT_EXCEEDED' }, headers }),
    ).toBeUndefined();
    expect(classify?.({ status: 500, body: undefined, headers })).toBeUndefined();
  });
});

describe('where requests go', () => {
  it('sends requests to the instance URL from the auth fields when no baseUrl is set', async () => {
    const answer = await retrieve(
      { contact_external_id: JANE_CONTACT_ID },
      { settings: { baseUrl: undefined } },
    );
    expect(answer.length).toBeGreaterThan(0);
    expect(upstream.requests.every((request) => request.url.origin === fake.origin)).toBe(true);
  });

  it.each([
    'https://evil.example',
    'https://salesforce.com.evil.example',
    'http://acme.my.salesforce.com',
    'https://acme.my.salesforce.com@evil.example',
    'https://127.0.0.1',
    'https://salesforce.com',
  ])('refuses the instance URL %s before any request', async (instanceUrl) => {
    const error = await failure(
      retrieve(
        { contact_external_id: JANE_CONTACT_ID },
        { settings: { baseUrl: undefined }, auth: { ...AUTH, instance_url: instanceUrl } },
      ),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(upstream.requests).toHaveLength(0);
  });

  it("links records on the user's instance even when requests go to the operator's baseUrl", async () => {
    const answer = await retrieve(
      { contact_external_id: JANE_CONTACT_ID },
      { auth: { ...AUTH, instance_url: 'https://acme.my.salesforce.com/' } },
    );
    expect(answer.length).toBeGreaterThan(0);
    for (const item of answer) {
      const object = { case: 'Case', task: 'Task', event: 'Event' }[item.type];
      expect(item.url).toBe(`https://acme.my.salesforce.com/lightning/r/${object}/${item.id}/view`);
    }
  });
});

describe('auth fields and settings', () => {
  it('names every missing auth field', async () => {
    const error = await failure(retrieve({ contact_external_id: JANE_CONTACT_ID }, { auth: {} }));
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual([
      'auth.access_token',
      'auth.instance_url',
    ]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('explains an instance_url that is not a URL, without echoing it', async () => {
    const error = await failure(
      retrieve(
        { contact_external_id: JANE_CONTACT_ID },
        { auth: { ...AUTH, instance_url: 'acme-secretish' } },
      ),
    );
    expect(error.issues).toEqual([
      { path: 'auth.instance_url', message: expect.stringContaining('instance URL') },
    ]);
    expect(JSON.stringify(error.issues)).not.toContain('acme-secretish');
  });

  it('validates its options strictly', () => {
    const parse = (options: unknown) => salesforce.settingsSchema.safeParse(options).success;
    expect(
      parse({
        baseUrl: 'https://proxy.example',
        statusMap: { On_Hold: 'pending' },
        caseStatusCacheSeconds: 60,
      }),
    ).toBe(true);
    expect(parse({ statusMap: { New: 'fresh' } })).toBe(false);
    expect(parse({ priorityMap: { High: 'critical' } })).toBe(false);
    expect(parse({ caseStatusCacheSeconds: -1 })).toBe(false);
    expect(parse({ apiVersion: 'v60.0' })).toBe(false);
  });
});

describe('OAuth 2.0', () => {
  const target = { integrationId: 'salesforce', publicUrl: 'https://bridge.example.com' };

  it("registers oauth2 with the token and the instance URL from Salesforce's token answer", () => {
    const configuration = buildIntegrationConfiguration(salesforce, { ...target, authentication: 'oauth2' });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration).toEqual([
      { access_token: expect.objectContaining({ type: 'oauth', mandatory: true, store: true }) },
      { instance_url: expect.objectContaining({ type: 'oauth', mandatory: true, store: true }) },
    ]);
    expect(salesforce.oauth).toEqual({
      authorizationUrl: 'https://login.salesforce.com/services/oauth2/authorize',
      tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
      scopes: ['api', 'refresh_token'],
      docsUrl: expect.stringMatching(/^https:\/\/help\.salesforce\.com\//),
    });
  });

  it('sends the token from the OAuth flow as a bearer token to the instance it names', async () => {
    const oauthAuth = { access_token: FAKE_ACCESS_TOKEN, instance_url: fake.origin };
    const answer = await retrieve(
      { contact_external_id: JANE_CONTACT_ID },
      { types: ['task'], auth: oauthAuth, settings: { baseUrl: undefined } },
    );
    expect(answer.length).toBeGreaterThan(0);
    for (const request of upstream.requests) {
      expect(request.url.origin).toBe(fake.origin);
      expect(request.headers.get('authorization')).toBe(`Bearer ${FAKE_ACCESS_TOKEN}`);
    }
  });

  it('answers invalid_credentials for a refused token, so Talkdesk refreshes it', async () => {
    upstream.use(http.all(`${fake.origin}/*`, () => HttpResponse.json(invalidSession, { status: 401 })));
    const error = await failure(retrieve({ contact_external_id: JANE_CONTACT_ID }));
    expect(error.code).toBe('invalid_credentials');
  });
});
