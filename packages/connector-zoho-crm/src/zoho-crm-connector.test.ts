import {
  buildIntegrationConfiguration,
  connectorForIntegration,
  describeAuthFields,
  resolveOrigin,
} from '@talkbridge/core';
import { interactionRetrievalResponseSchema } from '@talkbridge/core/contract';
import {
  bridgeErrorOf,
  createCaptureLogger,
  faults,
  HttpResponse,
  http,
  type RecordedRequest,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createZohoFake, JANE, KRIS, ZOHO_TOKEN } from './__fixtures__/fake-zoho-crm.js';
import { zohoCrm } from './zoho-crm-connector.js';
import { ZOHO_API_HOSTS } from './zoho-crm-context.js';
import { coqlIdList, coqlString, escapeCriteriaValue, nationalDigits } from './zoho-crm-query.js';

// The fake answers on Zoho's EU API host itself: requests go there through the connector's own origin
// (the token's api_domain and the host guard), not through an operator baseUrl. msw intercepts every one.
const ORIGIN = 'https://www.zohoapis.eu';
const upstream = createZohoFake(ORIGIN);
const AUTH = { access_token: ZOHO_TOKEN, api_domain: ORIGIN };

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const retrieve = retrievalHarness(zohoCrm, { auth: AUTH });
const TARGET = { integrationId: 'zoho-crm', publicUrl: 'https://bridge.example.com' };

const failure = bridgeErrorOf;

const calls = () => upstream.requests.map((request) => `${request.method} ${request.path}`);
const coqlQueries = () =>
  upstream.requests
    .filter((request) => request.path === '/crm/v8/coql')
    .map((request) => (request.json as { select_query: string }).select_query)
    .sort();
const searchesOf = (path: string): RecordedRequest[] =>
  upstream.requests.filter((request) => request.path === path);

const JANE_COQL = [
  `select id, Event_Title, Description, Start_DateTime, End_DateTime, Venue, Created_Time from Events where Who_Id in ('${JANE.id}') order by Start_DateTime desc limit 50`,
  `select id, Subject, Description, Call_Type, Call_Start_Time, Call_Duration, Created_Time from Calls where Who_Id in ('${JANE.id}') order by Call_Start_Time desc limit 50`,
  `select id, Subject, Description, Status, Priority, Case_Number, Created_Time from Cases where Contact_Name in ('${JANE.id}') order by Created_Time desc limit 50`,
  `select id, Subject, Description, Status, Priority, Due_Date, Created_Time from Tasks where Who_Id in ('${JANE.id}') order by Created_Time desc limit 50`,
].sort();

describe('requests', () => {
  it('authenticates every request with Zoho-oauthtoken and stays under /crm/v8 on the api_domain', async () => {
    await retrieve({ contact_external_id: JANE.id });
    expect(upstream.requests.length).toBeGreaterThan(0);
    for (const request of upstream.requests) {
      expect(request.url.origin).toBe(ORIGIN);
      expect(request.path.startsWith('/crm/v8/')).toBe(true);
      expect(request.headers.get('authorization')).toBe(`Zoho-oauthtoken ${ZOHO_TOKEN}`);
      expect(request.url.searchParams.has('access_token')).toBe(false);
    }
  });

  it('a trailing slash on api_domain is tolerated', async () => {
    const answer = await retrieve(
      { contact_external_id: JANE.id },
      { types: ['case'], auth: { ...AUTH, api_domain: `${ORIGIN}/` } },
    );
    expect(answer.map((item) => item.id)).toContain('case-3652397000000650001');
  });
});

describe('upstream calls per retrieval', () => {
  it('a Contact by external id, all five types: 1 lookup + 4 COQL queries + 1 Notes list = 6 calls, one round', async () => {
    const answer = await retrieve({ contact_external_id: JANE.id });
    expect(calls().sort()).toEqual(
      [
        `GET /crm/v8/Contacts/${JANE.id}`,
        `GET /crm/v8/Contacts/${JANE.id}/Notes`,
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
      ].sort(),
    );
    // The types are listed by the synced id while the id is checked: the lookup goes out last.
    expect(calls().at(-1)).toBe(`GET /crm/v8/Contacts/${JANE.id}`);
    expect(upstream.requests.at(-1)?.query.get('fields')).toBe('Email,Secondary_Email');
    expect(coqlQueries()).toEqual(JANE_COQL);
    const notes = searchesOf(`/crm/v8/Contacts/${JANE.id}/Notes`)[0];
    expect(notes?.query.get('fields')).toBe('Note_Title,Note_Content,Created_Time,Parent_Id');
    expect(notes?.query.get('per_page')).toBe('200');
    expect(notes?.query.get('page')).toBe('1');

    expect(interactionRetrievalResponseSchema.safeParse(answer).success).toBe(true);
    expect(answer.map((item) => item.id)).toEqual([
      'task-3652397000000670001', // due 2099-06-20
      'event-3652397000000690001', // 2099-02-03
      'call-3652397000000680002', // scheduled 2099-01-15
      'call-3652397000000680001',
      'case-3652397000000650001',
      'note-3652397000000660001',
      'case-3652397000000650002',
      'task-3652397000000670002',
      'note-3652397000000660002',
    ]);
    expect(answer[0]).toMatchObject({
      type: 'task',
      date: '2099-06-20 00:00:00 UTC',
      status: 'open',
      priority: 'urgent',
    });
  });

  it('one requested type costs one call beside the lookup', async () => {
    await retrieve({ contact_external_id: JANE.id }, { types: ['call'] });
    expect(calls()).toEqual(['POST /crm/v8/coql', `GET /crm/v8/Contacts/${JANE.id}`]);
  });

  it('a Lead by external id: Contacts then Leads (2 calls), activities through What_Id, no Cases call', async () => {
    const answer = await retrieve({ contact_external_id: KRIS.id });
    // First round: the id listed as a Contact's (thrown away: it is a Lead's) beside the Contacts read.
    expect(calls().slice(0, 6).sort()).toEqual(
      [
        `GET /crm/v8/Contacts/${KRIS.id}/Notes`,
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        `GET /crm/v8/Contacts/${KRIS.id}`,
      ].sort(),
    );
    expect(calls()[5]).toBe(`GET /crm/v8/Contacts/${KRIS.id}`);
    expect(calls()[6]).toBe(`GET /crm/v8/Leads/${KRIS.id}`);
    expect(calls().slice(7).sort()).toEqual(
      [
        `GET /crm/v8/Leads/${KRIS.id}/Notes`,
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
      ].sort(),
    );
    // The Lead's three activity queries go through What_Id (the Contact's four, thrown away, did not).
    expect(
      coqlQueries().filter((query) => query.includes(`where What_Id in ('${KRIS.id}') order by`)),
    ).toHaveLength(3);
    expect(answer.map((item) => item.id).sort()).toEqual([
      'call-3652397000000680003',
      'event-3652397000000690002',
      'note-3652397000000660003',
      'task-3652397000000670003',
    ]);
    const note = answer.find((item) => item.type === 'note');
    expect(note?.url).toBe(`https://crm.zoho.eu/crm/tab/Leads/${KRIS.id}`);
  });

  it('by email, a Contact and a Lead: 2 searches, 1 Cases + 3 activity queries covering both, 2 Notes lists', async () => {
    const answer = await retrieve({
      contact_emails: ['jane.roe@zylker.example', 'kris.marrier@king.example'],
    });
    expect(calls().slice(0, 2).sort()).toEqual(['GET /crm/v8/Contacts/search', 'GET /crm/v8/Leads/search']);
    expect(calls().slice(2).sort()).toEqual(
      [
        `GET /crm/v8/Contacts/${JANE.id}/Notes`,
        `GET /crm/v8/Leads/${KRIS.id}/Notes`,
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
        'POST /crm/v8/coql',
      ].sort(),
    );
    const tasksQuery = coqlQueries().find((query) => query.includes('from Tasks'));
    expect(tasksQuery).toContain(`where (Who_Id in ('${JANE.id}') or What_Id in ('${KRIS.id}')) order by`);
    expect(answer).toHaveLength(13);
  });

  it('a stale external id costs 2 calls before the email search (2 more)', async () => {
    const answer = await retrieve(
      { contact_external_id: '3652397000000000001', contact_emails: ['nobody@conformance.invalid'] },
      { types: ['case'] },
    );
    expect(answer).toEqual([]);
    // The stale id's cases are asked for beside its Contacts read, and thrown away.
    expect(calls()).toEqual([
      'POST /crm/v8/coql',
      'GET /crm/v8/Contacts/3652397000000000001',
      'GET /crm/v8/Leads/3652397000000000001',
      'GET /crm/v8/Contacts/search',
      'GET /crm/v8/Leads/search',
    ]);
  });

  it('an external id that is no Zoho id is stale without a call', async () => {
    const answer = await retrieve(
      { contact_external_id: '../Leads/42?x=1', contact_emails: ['jane.roe@zylker.example'] },
      { types: ['case'] },
    );
    expect(answer.length).toBeGreaterThan(0);
    expect(calls().filter((call) => call.includes('42'))).toEqual([]);
    expect(calls()[0]).toBe('GET /crm/v8/Contacts/search');
  });

  it('a 404 for the external id is stale too', async () => {
    upstream.use(
      http.get(`${ORIGIN}/crm/v8/:module/3652397000000000404`, () =>
        HttpResponse.json(
          { code: 'INVALID_URL_PATTERN', details: {}, message: 'not found', status: 'error' },
          { status: 404 },
        ),
      ),
    );
    expect(await retrieve({ contact_external_id: '3652397000000000404' })).toEqual([]);
    expect(calls().filter((call) => /^GET \/crm\/v8\/(Contacts|Leads)\/\d+$/.test(call))).toEqual([
      'GET /crm/v8/Contacts/3652397000000000404',
      'GET /crm/v8/Leads/3652397000000000404',
    ]);
  });
});

describe('finding by email', () => {
  it('searches Contacts and Leads with one Email criteria each', async () => {
    await retrieve({ contact_emails: ['Jane.Roe@Zylker.example', 'jane@home.example'] }, { types: ['case'] });
    for (const path of ['/crm/v8/Contacts/search', '/crm/v8/Leads/search']) {
      const [request] = searchesOf(path);
      expect(request?.query.get('criteria')).toBe(
        '((Email:equals:jane.roe@zylker.example)or(Email:equals:jane@home.example))',
      );
      expect(request?.query.get('fields')).toBe('Email,Secondary_Email');
      expect(request?.query.get('per_page')).toBe('200');
    }
  });

  it('more than 10 emails are split into searches of 10 conditions', async () => {
    const emails = Array.from({ length: 12 }, (_, index) => `person${index}@example.com`);
    await retrieve({ contact_emails: emails }, { types: ['case'] });
    const criteria = searchesOf('/crm/v8/Contacts/search').map(
      (request) => request.query.get('criteria') ?? '',
    );
    const conditions = (from: number, to: number) =>
      emails
        .slice(from, to)
        .map((email) => `(Email:equals:${email})`)
        .join('or');
    expect(criteria).toEqual([
      `(${conditions(0, 10)})`,
      '((Email:equals:person10@example.com)or(Email:equals:person11@example.com))',
    ]);
    expect(searchesOf('/crm/v8/Leads/search')).toHaveLength(2);
  });

  it('keeps only records whose Email or Secondary_Email is one of the emails (Zoho equals can match more)', async () => {
    upstream.use(
      http.get(`${ORIGIN}/crm/v8/Contacts/search`, () =>
        HttpResponse.json({
          data: [
            { id: '3652397000000624777', Email: 'mary.jane.roe@zylker.example', Secondary_Email: null },
            { id: JANE.id, Email: 'other@zylker.example', Secondary_Email: 'JANE.ROE@zylker.example' },
          ],
          info: { more_records: false },
        }),
      ),
    );
    const answer = await retrieve({ contact_emails: ['jane.roe@zylker.example'] }, { types: ['case'] });
    expect(coqlQueries()).toEqual([expect.stringContaining(`Contact_Name in ('${JANE.id}')`)]);
    expect(answer.length).toBeGreaterThan(0);
  });

  // Zoho's rule: `(`, `)`, `,` and `\` inside a value are escaped with a backslash; the value stays one literal.
  it.each([
    ['a" OR x:"b@example.com', '(Email:equals:a" or x:"b@example.com)'],
    ['x)or(Email:starts_with:a', String.raw`(Email:equals:x\)or\(email:starts_with:a)`],
    ['a),(Email:equals:*', String.raw`(Email:equals:a\)\,\(email:equals:*)`],
    ['trailing\\', String.raw`(Email:equals:trailing\\)`],
    ['back\\)slash(or)@example.com', String.raw`(Email:equals:back\\\)slash\(or\)@example.com)`],
  ])('a hostile email stays one literal value: %s', async (email, expected) => {
    const answer = await retrieve({ contact_emails: [email] }, { types: ['case'] });
    expect(answer).toEqual([]);
    for (const path of ['/crm/v8/Contacts/search', '/crm/v8/Leads/search']) {
      expect(searchesOf(path)[0]?.query.get('criteria')).toBe(expected);
    }
  });

  it('escapes backslash, parentheses and commas with a backslash; nothing else', () => {
    expect(escapeCriteriaValue('a\\b(c)d,e:f"g\'h')).toBe('a\\\\b\\(c\\)d\\,e:f"g\'h');
    expect(escapeCriteriaValue('x)or(Email:starts_with:a')).toBe('x\\)or\\(Email:starts_with:a');
  });
});

describe('finding by phone', () => {
  it('searches the national number in both modules, in parallel: 2 calls per phone', async () => {
    const answer = await retrieve({ contact_phones: ['+1 415-555-0142'] }, { types: ['case'] });
    expect(calls().slice(0, 2).sort()).toEqual(['GET /crm/v8/Contacts/search', 'GET /crm/v8/Leads/search']);
    for (const path of ['/crm/v8/Contacts/search', '/crm/v8/Leads/search']) {
      const [request] = searchesOf(path);
      expect(request?.query.get('phone')).toBe('4155550142');
      expect(request?.query.has('criteria')).toBe(false);
    }
    expect(answer.map((item) => item.id)).toContain('case-3652397000000650001');
  });

  it('finds an international mobile stored with a trunk prefix', async () => {
    const answer = await retrieve({ contact_phones: ['+44 20 7946 0958'] }, { types: ['case'] });
    expect(searchesOf('/crm/v8/Contacts/search')[0]?.query.get('phone')).toBe('2079460958');
    expect(answer.map((item) => item.id)).toEqual(['case-3652397000000650003']);
  });

  it('national numbers of E.164 phones', () => {
    expect(nationalDigits('+14155550142')).toBe('4155550142');
    expect(nationalDigits('+442079460958')).toBe('2079460958');
    expect(nationalDigits('+4915112345678')).toBe('15112345678');
    expect(nationalDigits('+79161234567')).toBe('9161234567');
    expect(nationalDigits('+35312345678')).toBe('12345678');
    expect(nationalDigits('+2901234')).toBe('2901234');
  });
});

describe('COQL', () => {
  it('asks for at most the answer limit (Zoho allows 2000 per query)', async () => {
    await retrieve({ contact_external_id: JANE.id }, { types: ['task'], limit: 7 });
    expect(coqlQueries()[0]).toMatch(/ limit 7$/);
    upstream.reset();
    await retrieve({ contact_external_id: JANE.id }, { types: ['task'], limit: 5000 });
    expect(coqlQueries()[0]).toMatch(/ limit 2000$/);
  });

  it('puts at most 100 ids in one IN (Zoho’s limit) and says so', async () => {
    const people = Array.from({ length: 120 }, (_, index) => ({
      id: `3652397000001${String(index).padStart(6, '0')}`,
    }));
    upstream.use(
      http.get(`${ORIGIN}/crm/v8/Contacts/search`, () =>
        HttpResponse.json({ data: people, info: { more_records: false } }),
      ),
    );
    const log = createCaptureLogger();
    await retrieve({ contact_phones: ['+14155550100'] }, { types: ['case'], log });
    const [query] = coqlQueries();
    expect(query?.match(/'\d+'/g)).toHaveLength(100);
    expect(log.lines.some((line) => line.level === 'warn' && line.fields.matches === 120)).toBe(true);
  });

  it('is a read-only POST: retried after a 503 like a GET', async () => {
    let failed = false;
    upstream.use(
      http.post(`${ORIGIN}/crm/v8/coql`, () => {
        if (failed) return undefined;
        failed = true;
        return HttpResponse.json({ code: 'INTERNAL_ERROR' }, { status: 503 });
      }),
    );
    const answer = await retrieve({ contact_external_id: JANE.id }, { types: ['event'] });
    expect(calls()).toEqual(['POST /crm/v8/coql', `GET /crm/v8/Contacts/${JANE.id}`, 'POST /crm/v8/coql']);
    expect(answer.map((item) => item.id)).toEqual(['event-3652397000000690001']);
  });

  it('quotes values by doubling single quotes and lets only record ids into an id list', () => {
    expect(coqlString("O'Brien")).toBe("'O''Brien'");
    expect(coqlIdList(['1', "2') or (id is not null", '3'])).toBe("('1','3')");
  });

  it('204 No Content (nothing found) is an empty list', async () => {
    upstream.use(http.post(`${ORIGIN}/crm/v8/coql`, () => new HttpResponse(null, { status: 204 })));
    expect(await retrieve({ contact_external_id: JANE.id }, { types: ['case', 'task'] })).toEqual([]);
  });
});

describe('notes', () => {
  it('reads further pages while Zoho has more, then keeps the newest up to the limit', async () => {
    const note = (index: number) => ({
      id: `36523970000007${String(index).padStart(5, '0')}`,
      Note_Title: `Note ${index}`,
      Note_Content: null,
      Parent_Id: { id: JANE.id, name: 'Jane Roe' },
      Created_Time: new Date(Date.UTC(2025, 0, 1) + index * 3_600_000).toISOString(),
    });
    upstream.use(
      http.get(`${ORIGIN}/crm/v8/Contacts/:id/Notes`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        const data = page === 1 ? [note(1), note(5)] : [note(9), note(3)];
        return HttpResponse.json({ data, info: { page, per_page: 200, more_records: page === 1 } });
      }),
    );
    const answer = await retrieve({ contact_external_id: JANE.id }, { types: ['note'], limit: 3 });
    expect(
      searchesOf(`/crm/v8/Contacts/${JANE.id}/Notes`).map((request) => request.query.get('page')),
    ).toEqual(['1', '2']);
    expect(answer.map((item) => item.subject)).toEqual(['Note 9', 'Note 5', 'Note 3']);
  });

  it('stops after 5 pages', async () => {
    upstream.use(
      http.get(`${ORIGIN}/crm/v8/Contacts/:id/Notes`, ({ request }) => {
        const page = Number(new URL(request.url).searchParams.get('page'));
        return HttpResponse.json({
          data: [{ id: `${9000 + page}`, Note_Title: 'n', Created_Time: '2025-01-01T00:00:00Z' }],
          info: { page, more_records: true },
        });
      }),
    );
    await retrieve({ contact_external_id: JANE.id }, { types: ['note'] });
    expect(searchesOf(`/crm/v8/Contacts/${JANE.id}/Notes`)).toHaveLength(5);
  });
});

describe('failures', () => {
  it('a 401 from Zoho is invalid_credentials', async () => {
    const error = await failure(
      retrieve({ contact_external_id: JANE.id }, { auth: { ...AUTH, access_token: 'expired' } }),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(upstream.requests[0]?.headers.get('authorization')).toBe('Zoho-oauthtoken expired');
  });

  it('INVALID_TOKEN or OAUTH_SCOPE_MISMATCH in a body is invalid_credentials whatever the status', async () => {
    for (const code of [
      'INVALID_TOKEN',
      'OAUTH_SCOPE_MISMATCH',
      'AUTHENTICATION_FAILURE',
      'AUTHENTICATION_FAILED',
    ]) {
      upstream.use(
        http.all(`${ORIGIN}/*`, () =>
          HttpResponse.json({ code, details: {}, message: 'no', status: 'error' }, { status: 400 }),
        ),
      );
      expect((await failure(retrieve({ contact_external_id: JANE.id }))).code).toBe('invalid_credentials');
      upstream.reset();
    }
  });

  it('a 429 waits for X-RATELIMIT-RESET (a Unix time): too far away, rate_limited at once', async () => {
    upstream.use(
      http.all(`${ORIGIN}/*`, () =>
        HttpResponse.json(
          { code: 'TOO_MANY_REQUESTS', details: {}, message: 'too many requests', status: 'error' },
          { status: 429, headers: { 'x-ratelimit-reset': String(Date.now() + 120_000) } },
        ),
      ),
    );
    const error = await failure(retrieve({ contact_external_id: JANE.id }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThan(100);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(120);
    // The one round's six calls (five types beside the lookup), each sent once: none was retried.
    expect(upstream.requests).toHaveLength(6);
  });

  it('TOO_MANY_REQUESTS with another status is a rate limit too', async () => {
    upstream.use(
      http.all(`${ORIGIN}/*`, () =>
        HttpResponse.json({ code: 'TOO_MANY_REQUESTS', status: 'error' }, { status: 400 }),
      ),
    );
    expect((await failure(retrieve({ contact_external_id: JANE.id }))).code).toBe('rate_limited');
  });

  it('an unexpected answer shape is upstream_invalid_response', async () => {
    upstream.use(http.get(`${ORIGIN}/crm/v8/Contacts/:id`, () => HttpResponse.json({ data: 'nope' })));
    expect((await failure(retrieve({ contact_external_id: JANE.id }))).code).toBe(
      'upstream_invalid_response',
    );
  });

  it('a 5xx that persists is upstream_unavailable', async () => {
    upstream.use(faults.failFirst(ORIGIN, 100, 500));
    expect((await failure(retrieve({ contact_external_id: JANE.id }))).code).toBe('upstream_unavailable');
  });
});

describe('auth fields', () => {
  it('describes both fields to Talkdesk as the OAuth token answer’s, as the README shows', () => {
    expect(describeAuthFields(zohoCrm.auth)).toEqual([
      {
        name: 'access_token',
        field: expect.objectContaining({ display: 'Zoho CRM access token', mandatory: true, type: 'oauth' }),
      },
      {
        name: 'api_domain',
        field: expect.objectContaining({ display: 'Zoho API domain', mandatory: true, type: 'oauth' }),
      },
    ]);
  });

  it('typed in (custom), both fields are asked for: a Self Client token has no other form', () => {
    const configuration = buildIntegrationConfiguration(zohoCrm, TARGET);
    expect(configuration.authentication_type).toBe('custom');
    expect(configuration.authentication_configuration).toEqual([
      { access_token: expect.objectContaining({ type: 'input', mandatory: true }) },
      { api_domain: expect.objectContaining({ type: 'input', mandatory: true }) },
    ]);
  });

  it('names every missing field', async () => {
    const error = await failure(retrieve({ contact_external_id: JANE.id }, { auth: {} }));
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual(['auth.access_token', 'auth.api_domain']);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses an api_domain that is not an https URL, without echoing it', async () => {
    const error = await failure(
      retrieve(
        { contact_external_id: JANE.id },
        {
          auth: { access_token: ZOHO_TOKEN, api_domain: 'http://www.zohoapis.com' },
        },
      ),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([
      { path: 'auth.api_domain', message: expect.stringContaining('https://www.zohoapis.com') },
    ]);
  });

  it.each([
    'https://www.zohoapis.com.evil.example',
    'https://evil.example',
    'https://zohoapis.com',
    'https://www.zohoapis.com:8443',
    'https://www.zohoapis.com/crm/v8',
    'https://127.0.0.1',
  ])('refuses %s before any request (host_not_allowed)', async (apiDomain) => {
    const error = await failure(
      retrieve(
        { contact_external_id: JANE.id },
        {
          auth: { access_token: ZOHO_TOKEN, api_domain: apiDomain },
        },
      ),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(upstream.requests).toHaveLength(0);
  });

  it('accepts the API host of every Zoho data centre', () => {
    expect([...ZOHO_API_HOSTS].sort()).toEqual(
      [
        'www.zohoapis.com',
        'www.zohoapis.eu',
        'www.zohoapis.in',
        'www.zohoapis.com.au',
        'www.zohoapis.jp',
        'www.zohoapis.com.cn',
        'www.zohoapis.ca',
        'www.zohoapis.sa',
        'www.zohoapis.uk',
      ].sort(),
    );
    const http = zohoCrm.http;
    if (!http) throw new Error('zoho-crm declares http');
    for (const host of ZOHO_API_HOSTS) {
      const auth = zohoCrm.auth.parse({ access_token: ZOHO_TOKEN, api_domain: `https://${host}` });
      expect(resolveOrigin(http, auth, zohoCrm.hosts ?? [], undefined)).toBe(`https://${host}`);
    }
  });

  it('never logs the token', async () => {
    const log = createCaptureLogger();
    await retrieve({ contact_external_id: JANE.id }, { log });
    upstream.use(faults.unauthorized(ORIGIN));
    await failure(retrieve({ contact_external_id: JANE.id }, { log }));
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(ZOHO_TOKEN);
  });
});

describe('settings', () => {
  it('statusMap and priorityMap override the defaults for this integration', async () => {
    const answer = await retrieve(
      { contact_external_id: JANE.id },
      { types: ['case'], settings: { statusMap: { Escalated: 'pending' }, priorityMap: { Low: 'none' } } },
    );
    expect(answer.find((item) => item.id === 'case-3652397000000650001')?.status).toBe('pending');
    expect(answer.find((item) => item.id === 'case-3652397000000650002')?.priority).toBe('none');
  });

  it('links open the CRM web app of the account’s data centre, in the configured org', async () => {
    const plain = await retrieve({ contact_external_id: JANE.id }, { types: ['case'] });
    expect(plain[0]?.url).toBe('https://crm.zoho.eu/crm/tab/Cases/3652397000000650001');
    const withOrg = await retrieve(
      { contact_external_id: JANE.id },
      { types: ['case'], settings: { orgId: 'org20071234' } },
    );
    expect(withOrg[0]?.url).toBe('https://crm.zoho.eu/crm/org20071234/tab/Cases/3652397000000650001');
  });

  it('refuses a malformed orgId and unknown options', async () => {
    const badOrg = await failure(
      retrieve({ contact_external_id: JANE.id }, { settings: { orgId: 'x/../y' } }),
    );
    expect(badOrg.code).toBe('invalid_request');
    expect(badOrg.issues?.[0]?.path).toBe('options.orgId');
    const typo = await failure(retrieve({ contact_external_id: JANE.id }, { settings: { statusmap: {} } }));
    expect(typo.code).toBe('invalid_request');
  });

  it('baseUrl replaces only the origin: the path is still /crm/v8', async () => {
    await retrieve(
      { contact_external_id: JANE.id },
      {
        types: ['case'],
        auth: { ...AUTH, api_domain: 'https://www.zohoapis.com' },
        settings: { baseUrl: `${ORIGIN}/ignored/path` },
      },
    );
    expect(calls()).toEqual(['POST /crm/v8/coql', `GET /crm/v8/Contacts/${JANE.id}`]);
  });
});

describe('interaction types', () => {
  it('declares one lister per type; a type Zoho CRM does not have is left out, not an error', async () => {
    expect(zohoCrm.interactionTypes).toEqual(['case', 'note', 'task', 'call', 'event']);
    const answer = await retrieve({ contact_external_id: JANE.id }, { types: ['case', 'opportunity'] });
    expect(answer.length).toBeGreaterThan(0);
    expect(new Set(answer.map((interaction) => interaction.type))).toEqual(new Set(['case']));
    expect(coqlQueries()).toEqual([expect.stringContaining(' from Cases where ')]);
  });
});

describe('OAuth 2.0', () => {
  it('registers with OAuth 2.0 on request: the token and api_domain come from Zoho’s token answer', () => {
    const configuration = buildIntegrationConfiguration(zohoCrm, { ...TARGET, authentication: 'oauth2' });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration).toEqual([
      { access_token: expect.objectContaining({ type: 'oauth', mandatory: true, store: true }) },
      { api_domain: expect.objectContaining({ type: 'oauth', mandatory: true, store: true }) },
    ]);
  });

  it('declares Zoho’s endpoints (US accounts server) and the scopes the calls need', () => {
    expect(zohoCrm.oauth).toEqual({
      authorizationUrl: 'https://accounts.zoho.com/oauth/v2/auth',
      tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
      scopes: [
        'ZohoCRM.modules.contacts.READ',
        'ZohoCRM.modules.leads.READ',
        'ZohoCRM.modules.cases.READ',
        'ZohoCRM.modules.notes.READ',
        'ZohoCRM.modules.tasks.READ',
        'ZohoCRM.modules.calls.READ',
        'ZohoCRM.modules.events.READ',
        'ZohoCRM.coql.READ',
        'ZohoSearch.securesearch.READ',
        'ZohoCRM.users.READ',
        'ZohoCRM.modules.calls.CREATE',
        'ZohoCRM.modules.notes.CREATE',
      ],
      docsUrl: 'https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html',
    });
  });

  it.each([
    ['eu', 'https://accounts.zoho.eu'],
    ['in', 'https://accounts.zoho.in'],
    ['au', 'https://accounts.zoho.com.au'],
    ['jp', 'https://accounts.zoho.jp'],
    ['cn', 'https://accounts.zoho.com.cn'],
    ['ca', 'https://accounts.zohocloud.ca'],
    ['sa', 'https://accounts.zoho.sa'],
    ['uk', 'https://accounts.zoho.uk'],
    ['us', 'https://accounts.zoho.com'],
  ])('an integration in the %s data centre trades codes at %s', (dataCentre, accounts) => {
    const settings = zohoCrm.settingsSchema.parse({ dataCentre });
    const served = connectorForIntegration(zohoCrm, settings, { id: 'zoho-crm' });
    expect(served.oauth?.authorizationUrl).toBe(`${accounts}/oauth/v2/auth`);
    expect(served.oauth?.tokenUrl).toBe(`${accounts}/oauth/v2/token`);
    expect(served.oauth?.scopes).toEqual(zohoCrm.oauth?.scopes);
    // Everything else is the connector itself.
    expect(served.interactions).toBe(zohoCrm.interactions);
    expect(served.http).toBe(zohoCrm.http);
  });

  it('refuses a data centre Zoho does not have, naming the option', () => {
    const parsed = zohoCrm.settingsSchema.safeParse({ dataCentre: 'mars' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['dataCentre']);
    expect(parsed.error?.issues[0]?.message).toContain('us, eu, in');
  });

  it('sends the token from the flow as Zoho-oauthtoken to its api_domain; a refused token is invalid_credentials', async () => {
    const answer = await retrieve({ contact_external_id: JANE.id }, { types: ['case'] });
    expect(answer.length).toBeGreaterThan(0);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(`Zoho-oauthtoken ${ZOHO_TOKEN}`);
      expect(request.url.origin).toBe(ORIGIN);
    }
    upstream.reset();
    // Talkdesk refreshes the token on the 401 and replays the request.
    const refused = await failure(
      retrieve({ contact_external_id: JANE.id }, { auth: { ...AUTH, access_token: '1000.expired' } }),
    );
    expect(refused.code).toBe('invalid_credentials');
  });
});
