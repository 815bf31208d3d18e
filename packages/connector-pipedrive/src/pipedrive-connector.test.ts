import { buildIntegrationConfiguration } from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  HttpResponse,
  http,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakePipedrive,
  FAKE_ORIGIN,
  fixtures,
  JANE_ID,
  PIPEDRIVE_OAUTH_TOKEN,
  PIPEDRIVE_TOKEN,
} from './__fixtures__/fake-pipedrive.js';
import { pipedrive } from './pipedrive-connector.js';
import { MAX_CONTACTS } from './pipedrive-interactions.js';

const upstream = createFakePipedrive();
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const AUTH = { api_token: PIPEDRIVE_TOKEN, company_domain: 'acme' };
/** Calls go to the fake through the operator's baseUrl unless a test clears it (`baseUrl: undefined`). */
const retrieve = retrievalHarness(pipedrive, { auth: AUTH, settings: { baseUrl: upstream.origin } });
/** No operator baseUrl: the origin comes from the auth fields, through the host guard. */
const FROM_AUTH = { baseUrl: undefined };

const failure = bridgeErrorOf;

const paths = () => upstream.requests.map((request) => request.path);
const requestsTo = (path: string) => upstream.requests.filter((request) => request.path === path);
const queryOf = (request: { query: URLSearchParams }) => Object.fromEntries(request.query.entries());
const LISTS = ['/api/v2/activities', '/api/v2/deals', '/api/v1/notes'];
const JANE = 'jane.doe@example.com';

/** A search answer holding these people. */
function searchAnswer(people: { id: number; emails?: string[]; phones?: string[] }[]) {
  return HttpResponse.json({
    success: true,
    data: {
      items: people.map((person) => ({
        result_score: 1,
        item: {
          id: person.id,
          type: 'person',
          name: `Person ${person.id}`,
          emails: person.emails ?? [],
          phones: person.phones ?? [],
        },
      })),
    },
    additional_data: { next_cursor: null },
  });
}

describe('what a retrieval sends', () => {
  it('by external id: one call per type beside the person call, one round, the token in x-api-token only', async () => {
    const answer = await retrieve({ contact_external_id: String(JANE_ID) });
    expect(answer.map((item) => item.id)).toEqual([
      'activity-311',
      'activity-312',
      'deal-78',
      'note-5001',
      'activity-310',
      'deal-77',
      'note-5000',
      'deal-61',
    ]);
    expect(upstream.requests).toHaveLength(4);
    // The types are listed by the synced id while the id is checked, not after: the person call goes last.
    expect(paths().slice(0, 3).sort()).toEqual([...LISTS].sort());
    expect(paths()[3]).toBe(`/api/v2/persons/${JANE_ID}`);
    for (const request of upstream.requests) {
      expect(request.method).toBe('GET');
      expect(request.headers.get('x-api-token')).toBe(PIPEDRIVE_TOKEN);
      expect(request.headers.get('authorization')).toBeNull();
      expect(request.headers.get('accept')).toBe('application/json');
      expect(request.url.href).not.toContain(PIPEDRIVE_TOKEN);
      expect(request.query.has('api_token')).toBe(false);
    }
    expect(queryOf(requestsTo('/api/v2/activities')[0]!)).toEqual({
      person_id: String(JANE_ID),
      sort_by: 'add_time',
      sort_direction: 'desc',
      limit: '50',
    });
    expect(queryOf(requestsTo('/api/v2/deals')[0]!)).toEqual({
      person_id: String(JANE_ID),
      sort_by: 'add_time',
      sort_direction: 'desc',
      limit: '50',
    });
    expect(queryOf(requestsTo('/api/v1/notes')[0]!)).toEqual({
      person_id: String(JANE_ID),
      sort: 'add_time DESC',
      start: '0',
      limit: '50',
    });
  });

  it('by emails: one exact search per email (the API takes one term), then one call per type', async () => {
    const answer = await retrieve({ contact_emails: ['Nobody@Example.com', JANE.toUpperCase()] });
    expect(answer).toHaveLength(8);
    const searches = requestsTo('/api/v2/persons/search');
    expect(searches.map(queryOf)).toEqual([
      { term: 'nobody@example.com', fields: 'email', exact_match: 'true' },
      { term: JANE, fields: 'email', exact_match: 'true' },
    ]);
    expect(upstream.requests).toHaveLength(2 + 3);
    // Both searches go out before any list: the lookup is one round of calls.
    expect(paths().slice(0, 2)).toEqual(['/api/v2/persons/search', '/api/v2/persons/search']);
  });

  it('falls back from a stale external id to the emails: 3 + 1 + 1 + 3 calls', async () => {
    const answer = await retrieve({ contact_external_id: '999999', contact_emails: [JANE] });
    expect(answer).toHaveLength(8);
    // The stale id's types were listed in the first round (and thrown away), then the found person's.
    expect(paths().slice(3, 5)).toEqual(['/api/v2/persons/999999', '/api/v2/persons/search']);
    expect(upstream.requests.map((request) => request.query.get('person_id'))).toEqual([
      '999999',
      '999999',
      '999999',
      null,
      null,
      String(JANE_ID),
      String(JANE_ID),
      String(JANE_ID),
    ]);
  });

  it('spends no call on an external id that cannot be a Pipedrive id', async () => {
    await retrieve({ contact_external_id: '../persons/1042', contact_emails: [JANE] });
    expect(paths()[0]).toBe('/api/v2/persons/search');
    expect(upstream.requests).toHaveLength(4);
  });

  it('treats a deleted person as stale', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/persons/${JANE_ID}`, () =>
        HttpResponse.json({ success: true, data: { id: JANE_ID, is_deleted: true } }),
      ),
    );
    expect(await retrieve({ contact_external_id: String(JANE_ID) })).toEqual([]);
    // Its items were listed beside the person call, then left out.
    expect(paths().slice(0, 3).sort()).toEqual([...LISTS].sort());
    expect(paths().slice(3)).toEqual([`/api/v2/persons/${JANE_ID}`]);
  });

  it('by phone: searches the phone field as E.164 and as national digits, 2 calls per number', async () => {
    // Stored as "415-555-0132".
    const answer = await retrieve({ contact_phones: ['+1 (415) 555 0132'] });
    expect(answer).toHaveLength(8);
    const searches = requestsTo('/api/v2/persons/search');
    expect(searches.map(queryOf)).toEqual([
      { term: '+14155550132', fields: 'phone' },
      { term: '4155550132', fields: 'phone' },
    ]);
    expect(upstream.requests).toHaveLength(2 + 3);
  });

  it('keeps only hits whose stored number is the same number, digit for digit', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/persons/search`, () =>
        searchAnswer([
          { id: 2001, phones: ['+1 415-555-0133'] },
          { id: 2002, phones: ['555-0132'] },
        ]),
      ),
    );
    expect(await retrieve({ contact_phones: ['+14155550132'] })).toEqual([]);
    expect(paths().every((path) => path === '/api/v2/persons/search')).toBe(true);
  });

  it('matches numbers stored in international and trunk-prefix spellings', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/persons/search`, () =>
        searchAnswer([{ id: JANE_ID, phones: ['0044 20 7946 0958', '020 7946 0958'] }]),
      ),
    );
    const answer = await retrieve({ contact_phones: ['+44 20 7946 0958'] }, { types: ['deal'] });
    expect(answer.map((item) => item.id)).toEqual(['deal-78', 'deal-77', 'deal-61']);
    expect(requestsTo('/api/v2/persons/search').map((request) => request.query.get('term'))).toEqual([
      '+442079460958',
      '2079460958',
    ]);
  });

  it('asks only for the requested types', async () => {
    const answer = await retrieve({ contact_external_id: String(JANE_ID) }, { types: ['deal', 'ticket'] });
    expect(new Set(answer.map((item) => item.type))).toEqual(new Set(['deal']));
    expect(paths()).toEqual(['/api/v2/deals', `/api/v2/persons/${JANE_ID}`]);
  });

  it(`lists at most ${MAX_CONTACTS} of many matching people, one call each per type`, async () => {
    const people = Array.from({ length: 12 }, (_, index) => ({
      id: 3000 + index,
      emails: ['team@example.com'],
    }));
    upstream.use(http.get(`${FAKE_ORIGIN}/api/v2/persons/search`, () => searchAnswer(people)));
    const log = createCaptureLogger();
    await retrieve({ contact_emails: ['team@example.com'] }, { types: ['activity'], log });
    const listed = requestsTo('/api/v2/activities').map((request) => request.query.get('person_id'));
    expect(listed.sort()).toEqual(
      people
        .slice(0, MAX_CONTACTS)
        .map((person) => String(person.id))
        .sort(),
    );
    expect(log.lines.some((line) => line.level === 'warn' && /many people matched/.test(line.message))).toBe(
      true,
    );
  });
});

describe('values from the request stay literal', () => {
  it('sends a hostile email as one term value that cannot add or change parameters', async () => {
    const hostile = 'a" or x:"b@example.com&fields=name&exact_match=false%26*';
    expect(await retrieve({ contact_emails: [hostile] })).toEqual([]);
    const [search] = upstream.requests;
    expect(upstream.requests).toHaveLength(1);
    expect(search!.path).toBe('/api/v2/persons/search');
    expect([...search!.query.keys()].sort()).toEqual(['exact_match', 'fields', 'term']);
    expect(search!.query.getAll('term')).toEqual([hostile]);
    expect(search!.query.get('fields')).toBe('email');
    expect(search!.query.get('exact_match')).toBe('true');
    expect(search!.url.search).not.toContain('&fields=name');
    expect(search!.url.search).not.toContain('"');
  });

  it('does not trust a wildcard-looking term: hits must carry the exact email', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/persons/search`, () => searchAnswer([{ id: JANE_ID, emails: [JANE] }])),
    );
    expect(await retrieve({ contact_emails: ['j*@example.com'] })).toEqual([]);
    expect(upstream.requests.map((request) => request.query.get('term'))).toEqual(['j*@example.com']);
  });

  it('puts an external id into the path as one encoded segment', async () => {
    await retrieve({ contact_external_id: '1042' }, { types: ['deal'] });
    expect(paths()).toEqual(['/api/v2/deals', '/api/v2/persons/1042']);
  });
});

describe('pages and caps', () => {
  const activity = (id: number) => ({
    ...fixtures.activities.data[0],
    id,
    add_time: `2025-01-${10 + (id % 10)}T00:00:00Z`,
  });

  it('follows next_cursor until the limit, and no further', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/activities`, ({ request }) => {
        const cursor = new URL(request.url).searchParams.get('cursor');
        const page = cursor === null ? [activity(1), activity(2)] : [activity(3), activity(4)];
        return HttpResponse.json({
          success: true,
          data: page,
          additional_data: { next_cursor: cursor ? 'c3' : 'c2' },
        });
      }),
    );
    const answer = await retrieve(
      { contact_external_id: String(JANE_ID) },
      { types: ['activity'], limit: 3 },
    );
    expect(answer).toHaveLength(3);
    const pages = requestsTo('/api/v2/activities');
    expect(pages.map((request) => request.query.get('cursor'))).toEqual([null, 'c2']);
    expect(pages.map((request) => request.query.get('limit'))).toEqual(['3', '3']);
  });

  it('stops after the last page', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/deals`, () =>
        HttpResponse.json({ success: true, data: fixtures.deals.data.slice(0, 1), additional_data: {} }),
      ),
    );
    const answer = await retrieve({ contact_external_id: String(JANE_ID) }, { types: ['deal'], limit: 5 });
    expect(answer.map((item) => item.id)).toEqual(['deal-78']);
    expect(requestsTo('/api/v2/deals')).toHaveLength(1);
  });

  it('pages v1 notes by start offset while more_items_in_collection', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v1/notes`, ({ request }) => {
        const start = Number(new URL(request.url).searchParams.get('start'));
        const note = fixtures.notes.data[start === 0 ? 0 : 1];
        return HttpResponse.json({
          success: true,
          data: [note],
          additional_data: {
            pagination: { start, limit: 1, more_items_in_collection: start === 0, next_start: start + 1 },
          },
        });
      }),
    );
    const answer = await retrieve({ contact_external_id: String(JANE_ID) }, { types: ['note'], limit: 10 });
    expect(answer.map((item) => item.id)).toEqual(['note-5001', 'note-5000']);
    expect(requestsTo('/api/v1/notes').map((request) => request.query.get('start'))).toEqual(['0', '1']);
  });
});

describe('auth fields', () => {
  const issuesFor = async (auth: Record<string, unknown>) => {
    const error = await failure(retrieve({ contact_external_id: String(JANE_ID) }, { auth }));
    expect(error.code).toBe('invalid_request');
    return (error.issues ?? []).map((issue) => issue.path);
  };

  it('names the missing fields of either shape, without echoing values', async () => {
    expect(await issuesFor({})).toEqual(['auth.api_token', 'auth.company_domain']);
    expect(await issuesFor({ api_token: 'tok-secret-123456' })).toEqual(['auth.company_domain']);
    expect(await issuesFor({ company_domain: 'acme', api_token: '  ' })).toEqual(['auth.api_token']);
    expect(await issuesFor({ access_token: 'oauth-secret-123456' })).toEqual(['auth.api_domain']);
    expect(await issuesFor({ api_domain: 'https://acme.pipedrive.com' })).toEqual(['auth.access_token']);
    const error = await failure(
      retrieve({}, { auth: { api_token: 'tok-secret-123456', company_domain: '' } }),
    );
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain(
      'tok-secret-123456',
    );
    expect(upstream.requests).toHaveLength(0);
  });

  it('asks for the API token and company domain under custom authentication, none mandatory alone', () => {
    const configuration = buildIntegrationConfiguration(pipedrive, {
      integrationId: 'pipedrive',
      publicUrl: 'https://bridge.example.com',
    });
    expect(configuration.authentication_type).toBe('custom');
    const fields = Object.assign({}, ...(configuration.authentication_configuration ?? []));
    // The OAuth fields come from Pipedrive's token answer, so typed-in credentials do not ask for them.
    expect(Object.keys(fields)).toEqual(['api_token', 'company_domain']);
    expect(fields.company_domain).toMatchObject({
      display: 'Company domain',
      mandatory: false,
      format: 'https://{{company_domain}}.pipedrive.com',
    });
    expect(configuration.interaction_types).toEqual(['activity', 'note', 'deal']);
  });

  it('registers with OAuth 2.0 on request: Pipedrive’s endpoints, the scopes, the token and api_domain from the flow', () => {
    const configuration = buildIntegrationConfiguration(pipedrive, {
      integrationId: 'pipedrive',
      publicUrl: 'https://bridge.example.com',
      authentication: 'oauth2',
    });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration).toEqual([
      {
        access_token: expect.objectContaining({
          type: 'oauth',
          mandatory: true,
          display: 'OAuth access token',
        }),
      },
      {
        api_domain: expect.objectContaining({ type: 'oauth', mandatory: true, display: 'OAuth API domain' }),
      },
    ]);
    expect(pipedrive.oauth).toEqual({
      authorizationUrl: 'https://oauth.pipedrive.com/oauth/authorize',
      tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
      scopes: ['base', 'users:read', 'search:read', 'contacts:full', 'deals:read', 'activities:full'],
      docsUrl: 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization',
    });
  });

  it('answers invalid_credentials when Pipedrive refuses the OAuth token (Talkdesk then refreshes it)', async () => {
    const error = await failure(
      retrieve(
        { contact_external_id: String(JANE_ID) },
        {
          auth: { access_token: 'pd-oauth-expired-000001', api_domain: 'https://acme.pipedrive.com' },
          settings: FROM_AUTH,
        },
      ),
    );
    expect(error.code).toBe('invalid_credentials');
    // The one round's calls (three lists beside the person call), each sent once.
    expect(upstream.requests).toHaveLength(4);
    for (const request of upstream.requests)
      expect(request.headers.get('authorization')).toBe('Bearer pd-oauth-expired-000001');
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain(
      'pd-oauth-expired-000001',
    );
  });

  it('uses an OAuth token as a bearer, on the api_domain it came with', async () => {
    const answer = await retrieve(
      { contact_external_id: String(JANE_ID) },
      {
        auth: { access_token: PIPEDRIVE_OAUTH_TOKEN, api_domain: 'https://acme.pipedrive.com/' },
        settings: FROM_AUTH,
      },
    );
    expect(answer).toHaveLength(8);
    expect(upstream.requests).toHaveLength(4);
    for (const request of upstream.requests) {
      expect(request.url.origin).toBe('https://acme.pipedrive.com');
      expect(request.headers.get('authorization')).toBe(`Bearer ${PIPEDRIVE_OAUTH_TOKEN}`);
      expect(request.headers.get('x-api-token')).toBeNull();
    }
  });

  it.each(['acme', 'ACME', 'acme.pipedrive.com', 'https://acme.pipedrive.com/'])(
    'reaches https://acme.pipedrive.com from company_domain %s',
    async (companyDomain) => {
      await retrieve(
        { contact_external_id: String(JANE_ID) },
        {
          auth: { api_token: PIPEDRIVE_TOKEN, company_domain: companyDomain },
          settings: FROM_AUTH,
          types: ['deal'],
        },
      );
      expect(upstream.requests.map((request) => request.url.origin)).toEqual([FAKE_ORIGIN, FAKE_ORIGIN]);
    },
  );

  it.each([
    { api_token: PIPEDRIVE_TOKEN, company_domain: 'evil.example#' },
    { api_token: PIPEDRIVE_TOKEN, company_domain: 'evil.example/?' },
    { api_token: PIPEDRIVE_TOKEN, company_domain: 'user:pw@evil.example' },
    { access_token: PIPEDRIVE_OAUTH_TOKEN, api_domain: 'https://pipedrive.com.evil.example' },
    { access_token: PIPEDRIVE_OAUTH_TOKEN, api_domain: 'http://acme.pipedrive.com' },
  ])('refuses a tenant address outside *.pipedrive.com before any request: %o', async (auth) => {
    const error = await failure(
      retrieve({ contact_external_id: String(JANE_ID) }, { auth, settings: FROM_AUTH }),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('rate limits', () => {
  it('reads x-ratelimit-reset as seconds to wait when there is no Retry-After', async () => {
    upstream.use(
      http.all(`${FAKE_ORIGIN}/*`, () =>
        HttpResponse.json(
          { success: false, error: 'Request over limit', errorCode: 429 },
          {
            status: 429,
            headers: { 'x-ratelimit-limit': '40', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '120' },
          },
        ),
      ),
    );
    const error = await failure(retrieve({ contact_external_id: String(JANE_ID) }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(120);
    // The one round's four calls, each sent once: none was retried.
    expect(new Set(paths()).size).toBe(4);
    expect(upstream.requests).toHaveLength(4);
  });

  it('waits out a short window and answers', async () => {
    let refused = 0;
    upstream.use(
      http.all(`${FAKE_ORIGIN}/*`, () => {
        if (refused > 0) return undefined;
        refused += 1;
        return HttpResponse.json({ success: false }, { status: 429, headers: { 'x-ratelimit-reset': '0' } });
      }),
    );
    expect(await retrieve({ contact_external_id: String(JANE_ID) })).toHaveLength(8);
    expect(upstream.requests).toHaveLength(5);
  });
});

describe('links and operator settings', () => {
  it("links open the company's web app named by the auth fields, not the operator's baseUrl", async () => {
    const answer = await retrieve(
      { contact_external_id: String(JANE_ID) },
      { auth: { api_token: PIPEDRIVE_TOKEN, company_domain: 'globex' } },
    );
    expect(upstream.requests.every((request) => request.url.origin === FAKE_ORIGIN)).toBe(true);
    const urls = Object.fromEntries(answer.map((item) => [item.id, item.url]));
    expect(urls).toMatchObject({
      'deal-77': 'https://globex.pipedrive.com/deal/77',
      'activity-312': `https://globex.pipedrive.com/person/${JANE_ID}`,
      'note-5000': `https://globex.pipedrive.com/person/${JANE_ID}`,
      'note-5001': 'https://globex.pipedrive.com/deal/77',
    });
  });

  it('applies the operator status and priority maps', async () => {
    const answer = await retrieve(
      { contact_external_id: String(JANE_ID) },
      {
        settings: {
          baseUrl: upstream.origin,
          statusMap: { won: 'closed', done: 'solved' },
          priorityMap: { '263': 'urgent' },
        },
      },
    );
    const byId = Object.fromEntries(answer.map((item) => [item.id, item]));
    expect(byId['deal-77']?.status).toBe('closed');
    expect(byId['activity-310']?.status).toBe('solved');
    expect(byId['activity-311']?.priority).toBe('urgent');
  });

  it('rejects an unknown or invalid option', async () => {
    const typo = await failure(retrieve({}, { settings: { baseUrl: upstream.origin, statusMapp: {} } }));
    expect(typo.code).toBe('invalid_request');
    const invalid = await failure(retrieve({}, { settings: { statusMap: { won: 'won' } } }));
    expect(invalid.issues?.[0]?.path).toBe('options.statusMap.won');
  });
});
