import {
  buildIntegrationConfiguration,
  createMemoryRuntimeState,
  type Interaction,
  retrieveInteractions,
} from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  createFakeUpstream,
  HttpResponse,
  http,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeTickets,
  fakeUsers,
  fakeZendeskHandlers,
  ZENDESK_BASIC_HEADER,
  ZENDESK_BEARER_HEADER,
  ZENDESK_TEST_AUTH,
  ZENDESK_TEST_OAUTH,
  ZENDESK_TEST_ORIGIN,
} from './__fixtures__/fake-zendesk.js';
import { zendesk } from './zendesk-connector.js';

const upstream = createFakeUpstream(ZENDESK_TEST_ORIGIN, ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN));
const JANE_TICKETS = ['35442', '35441', '35440', '35439', '35438', '35437'];

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const retrieve = retrievalHarness(zendesk, {
  auth: ZENDESK_TEST_AUTH,
  types: ['ticket'],
  settings: { baseUrl: upstream.origin },
});

const failure = bridgeErrorOf;

const ids = (answer: Interaction[]) => answer.map((item) => item.id);
const searches = () => upstream.requests.filter((request) => request.path === '/api/v2/search');
const queryOf = (index: number) => searches()[index]?.query.get('query');

/** Tickets for Jane, one a day going back from 2024-05-01. */
function manyTickets(count: number) {
  return Array.from({ length: count }, (_, index) => ({
    id: 100_000 + index,
    created_at: new Date(Date.UTC(2024, 4, 1) - index * 86_400_000).toISOString(),
    subject: `Ticket ${index}`,
    status: 'open',
    priority: 'normal',
    requester_id: 35436,
    result_type: 'ticket',
  }));
}

describe('requests and upstream calls', () => {
  it('by external id: one ticket search beside GET the user, one round — 2 calls, API token basic auth', async () => {
    const answer = await retrieve({ contact_external_id: '35436' });
    expect(ids(answer)).toEqual(JANE_TICKETS);

    // The tickets are searched by the synced id while the id is checked, not after.
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v2/search',
      'GET /api/v2/users/35436',
    ]);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(ZENDESK_BASIC_HEADER);
      expect(request.headers.get('accept')).toBe('application/json');
    }
    const search = upstream.requests[0];
    expect(Object.fromEntries(search?.query ?? [])).toEqual({
      query: 'type:ticket requester_id:35436',
      sort_by: 'created_at',
      sort_order: 'desc',
      per_page: '50',
      page: '1',
    });
  });

  it('sends the basic credentials as {email}/token:{token}', async () => {
    await retrieve({ contact_external_id: '35436' });
    const header = upstream.requests[0]?.headers.get('authorization') ?? '';
    expect(Buffer.from(header.replace(/^Basic /, ''), 'base64').toString()).toBe(
      'agent@acme.example/token:zd-api-token-7c1e9f42',
    );
  });

  it('uses the OAuth access token as a bearer token', async () => {
    const answer = await retrieve({ contact_external_id: '35436' }, { auth: ZENDESK_TEST_OAUTH });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(ZENDESK_BEARER_HEADER);
    }
  });

  it('a stale external id falls back to one search for all the emails — 4 calls', async () => {
    const answer = await retrieve({
      contact_external_id: '99999999',
      contact_emails: ['Jane@Example.com', 'jane.work@example.com'],
    });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    // The stale id's tickets were searched in the first round (and thrown away), then the found user's.
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/search',
      '/api/v2/users/99999999',
      '/api/v2/search',
      '/api/v2/search',
    ]);
    expect(queryOf(0)).toBe('type:ticket requester_id:99999999');
    expect(queryOf(1)).toBe('type:user email:"jane@example.com" email:"jane.work@example.com"');
    expect(searches()[1]?.query.get('per_page')).toBe('100');
    expect(queryOf(2)).toBe('type:ticket requester_id:35436');
  });

  it('treats a deleted (merged) user as stale, then searches tickets by the email beside the user search — 4 calls, 2 rounds', async () => {
    const answer = await retrieve({ contact_external_id: '35501', contact_emails: ['jane@example.com'] });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/search',
      '/api/v2/users/35501',
      '/api/v2/search',
      '/api/v2/search',
    ]);
    // The merged user's tickets were searched early, then left out of the answer; the email's are kept.
    expect(queryOf(0)).toBe('type:ticket requester_id:35501');
    expect(queryOf(1)).toBe('type:ticket requester:"jane@example.com"');
    expect(queryOf(2)).toBe('type:user email:"jane@example.com"');
  });

  it('does not call Zendesk for an external id that cannot be a user id', async () => {
    const answer = await retrieve({
      contact_external_id: '../tickets/1',
      contact_emails: ['jane@example.com'],
    });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    expect(upstream.requests.map((request) => request.path)).toEqual(['/api/v2/search', '/api/v2/search']);
    expect([queryOf(0), queryOf(1)]).toEqual([
      'type:ticket requester:"jane@example.com"',
      'type:user email:"jane@example.com"',
    ]);
  });

  it('by one email, the primary one: the ticket search names the requester beside the user search, one round — 2 calls', async () => {
    const answer = await retrieve({ contact_emails: ['Jane@Example.com'] });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    // The tickets are asked for before the user search has answered (it has not even arrived): one round.
    expect(upstream.requests.map((request) => request.path)).toEqual(['/api/v2/search', '/api/v2/search']);
    expect(Object.fromEntries(searches()[0]?.query ?? [])).toEqual({
      query: 'type:ticket requester:"jane@example.com"',
      sort_by: 'created_at',
      sort_order: 'desc',
      per_page: '50',
      page: '1',
    });
    expect(queryOf(1)).toBe('type:user email:"jane@example.com"');
  });

  it('searches the tickets again by id for a user found by another email identity — 3 calls, 2 rounds', async () => {
    // The user search matches every identity, but answers the user with its primary email only.
    upstream.use(
      http.get(`${ZENDESK_TEST_ORIGIN}/api/v2/search`, ({ request }) => {
        const query = new URL(request.url).searchParams.get('query') ?? '';
        if (!query.startsWith('type:user')) return undefined;
        return HttpResponse.json({
          results: [{ ...fakeUsers[0], result_type: 'user' }],
          next_page: null,
          count: 1,
        });
      }),
    );
    const answer = await retrieve({ contact_emails: ['jane.home@example.net'] });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    expect([queryOf(0), queryOf(1), queryOf(2)]).toEqual([
      'type:ticket requester:"jane.home@example.net"',
      'type:user email:"jane.home@example.net"',
      'type:ticket requester_id:35436',
    ]);
  });

  it('does not search tickets by email again on a contact-cache hit: by id, one round — 2 calls then 1', async () => {
    const runtimeState = createMemoryRuntimeState();
    await retrieve({ contact_emails: ['jane@example.com'] }, { runtimeState });
    upstream.reset();
    const answer = await retrieve({ contact_emails: ['jane@example.com'] }, { runtimeState });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    expect(searches().map((request) => request.query.get('query'))).toEqual([
      'type:ticket requester_id:35436',
    ]);
  });

  it('searches nothing early with two emails: one user search, then the tickets by id — 2 rounds', async () => {
    const answer = await retrieve({ contact_emails: ['jane@example.com', 'jane.work@example.com'] });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    expect([queryOf(0), queryOf(1)]).toEqual([
      'type:user email:"jane@example.com" email:"jane.work@example.com"',
      'type:ticket requester_id:35436',
    ]);
  });

  it('finds a contact by phone with one search over the number’s spellings — 2 calls', async () => {
    const answer = await retrieve({ contact_phones: ['+1 555-555-0199'] });
    expect(ids(answer)).toEqual(['35600']);
    expect(upstream.requests).toHaveLength(2);
    expect(queryOf(0)).toBe('type:user phone:"15555550199" phone:"5555550199" phone:"555 555 0199"');
    expect(queryOf(1)).toBe('type:ticket requester_id:35500');
  });

  it('ORs every phone of the request into the one user search', async () => {
    await retrieve({ contact_phones: ['+15555550100', '+44 20 7946 0018'] });
    expect(queryOf(0)).toBe(
      'type:user phone:"15555550100" phone:"5555550100" phone:"555 555 0100" ' +
        'phone:"442079460018" phone:"2079460018" phone:"02079460018"',
    );
  });

  it('drops users whose primary phone is another number, keeps national spellings of this one', async () => {
    upstream.use(
      ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, {
        users: [
          { id: 501, name: 'US namesake', phone: '+1 207-946-0018', active: true },
          { id: 502, name: 'London office', phone: '020 7946 0018', active: true },
          { id: 503, name: 'London, E.164', phone: '+442079460018', active: true },
        ],
        tickets: [501, 502, 503].map((requester) => ({
          id: requester * 10,
          created_at: '2024-01-01T00:00:00Z',
          subject: `for ${requester}`,
          status: 'open',
          requester_id: requester,
          result_type: 'ticket',
        })),
      }),
    );
    const answer = await retrieve({ contact_phones: ['+44 20 7946 0018'] });
    expect(ids(answer).sort()).toEqual(['5020', '5030']);
    expect(queryOf(1)).toBe('type:ticket requester_id:502 requester_id:503');
  });

  it('answers [] when nobody matches, the ticket search by the email thrown away', async () => {
    expect(await retrieve({ contact_emails: ['nobody@example.com'] })).toEqual([]);
    expect([...upstream.requests.keys()].map(queryOf)).toEqual([
      'type:ticket requester:"nobody@example.com"',
      'type:user email:"nobody@example.com"',
    ]);
  });

  it('keeps the documented API path when baseUrl replaces the origin, and links agents to the account', async () => {
    const answer = await retrieve(
      { contact_external_id: '35436' },
      { auth: { ...ZENDESK_TEST_AUTH, account: 'globex' } },
    );
    expect(upstream.requests.map((request) => request.url.href.split('?')[0])).toEqual([
      'https://acme.zendesk.com/api/v2/search',
      'https://acme.zendesk.com/api/v2/users/35436',
    ]);
    expect(answer[0]?.url).toBe('https://globex.zendesk.com/agent/tickets/35442');
  });

  it('builds the origin from the account without baseUrl, tolerating a pasted address', async () => {
    const answer = await retrieveInteractions(zendesk, {
      auth: { ...ZENDESK_TEST_AUTH, account: ' https://ACME.zendesk.com/ ' },
      data: { contact_external_id: '35436' },
    });
    expect(ids(answer)).toEqual(JANE_TICKETS);
    expect(upstream.requests[0]?.url.origin).toBe('https://acme.zendesk.com');
    expect(answer[0]?.url).toBe('https://acme.zendesk.com/agent/tickets/35442');
  });

  it.each(['evil.example#', 'evil.example?x=', 'me@evil.example#', 'evil.example:8443/', '127.0.0.1#'])(
    'refuses account %j (outside *.zendesk.com) before any request',
    async (account) => {
      const error = await failure(
        retrieveInteractions(zendesk, {
          auth: { ...ZENDESK_TEST_AUTH, account },
          data: { contact_external_id: '35436' },
        }),
      );
      expect(error.code).toBe('host_not_allowed');
      expect(upstream.requests).toHaveLength(0);
    },
  );
});

describe('search query escaping', () => {
  it('keeps an email with quotes and operators one literal phrase', async () => {
    const hostile = 'a" OR x:"b@example.com';
    expect(await retrieve({ contact_emails: [hostile, 'x@y.com type:ticket requester_id:1'] })).toEqual([]);
    expect(upstream.requests).toHaveLength(1);
    const query = queryOf(0) ?? '';
    expect(query).toBe('type:user email:"a or x: b@example.com" email:"x@y.com type:ticket requester_id:1"');
  });

  it('drops backslashes too, and sends nothing for a value that is only quotes', async () => {
    expect(await retrieve({ contact_emails: ['"\\"'] })).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
    await retrieve({ contact_emails: ['a\\"b@example.com'] });
    expect(queryOf(0)).toBe('type:user email:"a b@example.com"');
  });
});

describe('pagination and the search cap', () => {
  it('asks for no more tickets than the answer can hold', async () => {
    const answer = await retrieve({ contact_external_id: '35436' }, { limit: 3 });
    expect(ids(answer)).toEqual(['35442', '35441', '35440']);
    expect(searches()).toHaveLength(1);
    expect(searches()[0]?.query.get('per_page')).toBe('3');
  });

  it('pages 100 at a time until the limit', async () => {
    upstream.use(...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { tickets: manyTickets(300) }));
    const answer = await retrieve({ contact_external_id: '35436' }, { limit: 250 });
    expect(answer).toHaveLength(250);
    expect(searches().map((request) => request.query.get('page'))).toEqual(['1', '2', '3']);
    expect(searches().every((request) => request.query.get('per_page') === '100')).toBe(true);
  });

  it('stops at the 1,000-result cap although Zendesk counts more', async () => {
    upstream.use(...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { tickets: manyTickets(1_200) }));
    const answer = await retrieve({ contact_external_id: '35436' }, { limit: 5_000 });
    expect(answer).toHaveLength(1_000);
    expect(searches().map((request) => request.query.get('page'))).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
    ]);
  });

  it('stops at the last page Zendesk offers', async () => {
    upstream.use(...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { tickets: manyTickets(120) }));
    const answer = await retrieve({ contact_external_id: '35436' }, { limit: 1_000 });
    expect(answer).toHaveLength(120);
    expect(searches()).toHaveLength(2);
  });

  it('searches many requesters in parallel batches of 50', async () => {
    const users = Array.from({ length: 60 }, (_, index) => ({
      id: 7_000 + index,
      email: 'shared@example.com',
      active: true,
    }));
    upstream.use(...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { users, tickets: [] }));
    await retrieve({ contact_emails: ['shared@example.com'] });
    // Besides the search by the email started beside the user search (thrown away: 60 users found).
    const ticketSearches = searches().filter((request) =>
      request.query.get('query')?.includes('requester_id:'),
    );
    expect(ticketSearches).toHaveLength(2);
    const requesters = (from: number, count: number) =>
      Array.from({ length: count }, (_, index) => `requester_id:${from + index}`).join(' ');
    // Zendesk ORs repeated terms of one keyword: one query per batch, in either order (they run in parallel).
    expect(ticketSearches.map((request) => request.query.get('query')).sort()).toEqual([
      `type:ticket ${requesters(7_000, 50)}`,
      `type:ticket ${requesters(7_050, 10)}`,
    ]);
  });
});

describe('custom ticket statuses', () => {
  it('loads the custom statuses beside the ticket search when statusMap keys by label', async () => {
    const answer = await retrieve(
      { contact_external_id: '35436' },
      { settings: { statusMap: { 'Waiting on vendor': 'open' } } },
    );
    expect(answer.find((item) => item.id === '35441')?.status).toBe('open');
    expect(upstream.requests.map((request) => request.path).sort()).toEqual([
      '/api/v2/custom_statuses',
      '/api/v2/search',
      '/api/v2/users/35436',
    ]);
  });

  it('does not load them for keys that are native statuses or custom status ids', async () => {
    const answer = await retrieve(
      { contact_external_id: '35436' },
      { settings: { statusMap: { '9001': 'new', solved: 'closed' } } },
    );
    expect(answer.find((item) => item.id === '35441')?.status).toBe('new');
    expect(answer.find((item) => item.id === '35439')?.status).toBe('closed');
    expect(upstream.requests.map((request) => request.path)).not.toContain('/api/v2/custom_statuses');
    expect(upstream.requests).toHaveLength(2);
  });

  it('still answers, by status category, when the custom statuses cannot be loaded', async () => {
    upstream.use(
      http.get(`${ZENDESK_TEST_ORIGIN}/api/v2/custom_statuses`, () =>
        HttpResponse.json({ error: 'Forbidden' }, { status: 403 }),
      ),
    );
    const log = createCaptureLogger();
    const answer = await retrieve(
      { contact_external_id: '35436' },
      { settings: { statusMap: { 'Waiting on vendor': 'open' } }, log },
    );
    expect(answer.find((item) => item.id === '35441')?.status).toBe('pending');
    expect(
      log.lines.some((line) => line.level === 'warn' && line.fields.lookup === 'custom ticket statuses'),
    ).toBe(true);
  });

  it('rejects a statusMap value outside Talkdesk’s statuses at configuration time', () => {
    const parsed = zendesk.settingsSchema.safeParse({ statusMap: { hold: 'waiting' } });
    expect(parsed.success).toBe(false);
    expect(
      zendesk.settingsSchema.safeParse({ statusMap: { hold: 'open' }, priorityMap: { low: 'none' } }).success,
    ).toBe(true);
    expect(zendesk.settingsSchema.safeParse({ statsMap: {} }).success).toBe(false);
  });
});

describe('rate limits and failures', () => {
  it('reads ratelimit-reset (seconds) when a 429 has no Retry-After', async () => {
    upstream.use(
      http.all(`${ZENDESK_TEST_ORIGIN}/*`, () =>
        HttpResponse.json(
          { error: 'TooManyRequests' },
          { status: 429, headers: { 'ratelimit-reset': '90' } },
        ),
      ),
    );
    const error = await failure(retrieve({ contact_external_id: '35436' }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(90);
    // The one round's two calls, each sent once: neither was retried.
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/search',
      '/api/v2/users/35436',
    ]);
  });

  it('answers invalid_credentials when Zendesk refuses the token, without echoing it', async () => {
    const error = await failure(
      retrieve(
        { contact_external_id: '35436' },
        { auth: { ...ZENDESK_TEST_AUTH, token: 'wrong-token-123' } },
      ),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain('wrong-token-123');
  });
});

describe('auth fields', () => {
  const authError = async (auth: Record<string, unknown>) =>
    failure(retrieveInteractions(zendesk, { auth, data: { contact_external_id: '1' } }));

  it('names every missing field when nothing is sent', async () => {
    const error = await authError({});
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.account', 'auth.email', 'auth.token']);
  });

  it('names email and token when neither they nor an access_token are sent', async () => {
    const error = await authError({ account: 'acme' });
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.email', 'auth.token']);
    expect(error.issues?.[0]?.message).toMatch(/access_token/);
  });

  it('names the token when only the email is sent, without echoing values', async () => {
    const error = await authError({ account: 'acme', email: 'secret-agent@acme.example', token: '  ' });
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.token']);
    expect(JSON.stringify(error.issues)).not.toContain('secret-agent');
  });

  it('names an empty account', async () => {
    const error = await authError({ account: '', access_token: 'x-token-1' });
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.account']);
  });

  it('accepts either shape', () => {
    expect(zendesk.auth.safeParse(ZENDESK_TEST_AUTH).success).toBe(true);
    expect(zendesk.auth.safeParse(ZENDESK_TEST_OAUTH).success).toBe(true);
    expect(zendesk.auth.parse({ ...ZENDESK_TEST_AUTH, access_token: 'both-1' })).toEqual({
      account: 'acme',
      kind: 'oauth',
      accessToken: 'both-1',
    });
  });
});

it('the fake data is what the tests assume', () => {
  expect(fakeUsers.map((user) => user.id)).toEqual([35436, 35500, 35501]);
  expect(fakeTickets.filter((ticket) => ticket.requester_id === 35436)).toHaveLength(6);
});

describe('OAuth 2.0', () => {
  const target = { integrationId: 'zendesk-acme', publicUrl: 'https://bridge.example.com' };

  it('registers oauth2 asking only for the account, with the token from Zendesk’s authority', () => {
    const configuration = buildIntegrationConfiguration(zendesk, { ...target, authentication: 'oauth2' });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration?.flatMap((field) => Object.keys(field))).toEqual([
      'account',
      'access_token',
    ]);
    expect(configuration.authentication_configuration?.[1]).toEqual({
      access_token: expect.objectContaining({ type: 'oauth', mandatory: true }),
    });
    expect(zendesk.oauth).toMatchObject({
      authorizationUrl: 'https://{account}.zendesk.com/oauth/authorizations/new',
      tokenUrl: 'https://{account}.zendesk.com/oauth/tokens',
      scopes: ['read', 'write'],
    });
  });

  it('typed-in credentials do not ask for the OAuth token', () => {
    const configuration = buildIntegrationConfiguration(zendesk, target);
    expect(configuration.authentication_type).toBe('custom');
    expect(configuration.authentication_configuration?.flatMap((field) => Object.keys(field))).toEqual([
      'account',
      'email',
      'token',
    ]);
  });

  it('a refused OAuth token is invalid_credentials (Talkdesk refreshes it and replays)', async () => {
    const error = await failure(
      retrieve({ contact_external_id: '35436' }, { auth: { account: 'acme', access_token: 'expired-1' } }),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(upstream.requests[0]?.headers.get('authorization')).toBe('Bearer expired-1');
  });
});
