import { buildIntegrationConfiguration, retrieveInteractions } from '@talkbridge/core';
import { interactionRetrievalResponseSchema } from '@talkbridge/core/contract';
import {
  bridgeErrorOf,
  createCaptureLogger,
  FAST_RETRY,
  type FakeUpstream,
  HttpResponse,
  http,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import customersSearchFixture from './__fixtures__/customers-search.json' with { type: 'json' };
import {
  createFakeHelpScout,
  FAKE_ORIGIN,
  type FakeConversation,
  type FakeCustomer,
  HELPSCOUT_TOKEN,
  janeConversations,
  janeRoe,
} from './__fixtures__/fake-helpscout.js';
import { helpscout } from './helpscout-connector.js';
import { HELPSCOUT_API_ORIGIN } from './helpscout-context.js';
import { anyOfQuoted, quoteQueryValue } from './helpscout-query.js';

const auth = { access_token: HELPSCOUT_TOKEN };
function retrieverFor(upstream: FakeUpstream) {
  return retrievalHarness(helpscout, { auth, settings: { baseUrl: upstream.origin } });
}

const failure = bridgeErrorOf;

/** `GET /v2/customers/238604`-style lines, in order. */
const callsOf = (upstream: FakeUpstream) =>
  upstream.requests.map((request) => `${request.method} ${request.path}`);

function withUpstream(upstream: FakeUpstream) {
  beforeAll(() => upstream.listen());
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());
}

/** `count` conversations of one customer, newest first, one hour apart, ids from `firstId` down. */
function conversationsOf(
  customerId: number,
  count: number,
  {
    firstId,
    status = 'active',
    newest = '2024-06-01T12:00:00Z',
  }: { firstId: number; status?: string; newest?: string },
): FakeConversation[] {
  return Array.from({ length: count }, (_, index) => ({
    customerId,
    body: {
      id: firstId - index,
      number: 5000 - index,
      type: 'email',
      status,
      subject: `${status} conversation ${index}`,
      preview: 'text',
      createdAt: new Date(Date.parse(newest) - index * 3_600_000).toISOString(),
    },
  }));
}

describe('a retrieval by external id', () => {
  const upstream = createFakeHelpScout();
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it('lists all its conversations newest first in one search beside reading the customer, one round: 2 calls', async () => {
    const answer = await retrieve({ contact_external_id: '238604' }, { types: ['conversation'] });

    // The conversations are searched by the synced id while the id is checked, not after.
    expect(callsOf(upstream)).toEqual(['GET /v2/conversations', 'GET /v2/customers/238604']);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${HELPSCOUT_TOKEN}`);
      expect(request.url.origin).toBe(FAKE_ORIGIN);
    }
    const list = upstream.requests[0]!;
    expect(Object.fromEntries(list.query)).toEqual({
      query: '(customerIds:238604)',
      status: 'all',
      sortField: 'createdAt',
      sortOrder: 'desc',
      page: '1',
    });

    expect(interactionRetrievalResponseSchema.safeParse(answer).success).toBe(true);
    expect(answer).toEqual([
      {
        id: '2391938111',
        subject: 'Order #8841 arrived damaged',
        description: 'Hi team, the box was crushed & the mug inside is broken. Can you send a replacement?',
        date: '2024-05-03 09:12:44 UTC',
        url: 'https://secure.helpscout.net/conversation/2391938111/1287/',
        type: 'conversation',
        priority: 'none',
        status: 'open',
      },
      {
        id: '2391921776',
        subject: 'Refund for a duplicate charge',
        description: "Customer called: charged twice on 28 April, waiting on the bank's confirmation.",
        date: '2024-04-28 15:03:27 UTC',
        url: 'https://secure.helpscout.net/conversation/2391921776/1279/',
        type: 'conversation',
        priority: 'none',
        status: 'pending',
      },
      {
        id: '2391900012',
        subject: 'Chat conversation #1270',
        description: 'Thanks for chatting with us! Your password reset link is on its way.',
        date: '2024-04-02 08:45:10 UTC',
        url: 'https://secure.helpscout.net/conversation/2391900012/1270/',
        type: 'conversation',
        priority: 'none',
        status: 'closed',
      },
    ]);
  });

  it('leaves spam conversations out', async () => {
    // The fixture has one spam conversation between the others, and Help Scout sent it (status=all).
    expect(janeConversations.some((conversation) => conversation.body.status === 'spam')).toBe(true);
    const answer = await retrieve({ contact_external_id: '238604' });
    expect(answer.map((item) => item.id)).not.toContain('2391930045');
    expect(answer).toHaveLength(janeConversations.length - 1);
  });

  it('falls back to the emails when the id is stale (404): 4 calls', async () => {
    const answer = await retrieve({
      contact_external_id: '999999',
      contact_emails: ['jane.roe@example.com'],
    });
    // The stale id's conversations were searched in the first round (and thrown away), then the found one's.
    expect(callsOf(upstream)).toEqual([
      'GET /v2/conversations',
      'GET /v2/customers/999999',
      'GET /v2/customers',
      'GET /v2/conversations',
    ]);
    expect(upstream.requests[0]?.query.get('query')).toBe('(customerIds:999999)');
    expect(answer).toHaveLength(3);
  });

  it('does not ask Help Scout about an id that cannot be one of its customer ids', async () => {
    const answer = await retrieve({
      contact_external_id: '../mailboxes',
      contact_emails: ['jane.roe@example.com'],
    });
    expect(callsOf(upstream)).toEqual(['GET /v2/customers', 'GET /v2/conversations']);
    expect(answer).toHaveLength(3);
  });

  it('applies the operator’s statusMap', async () => {
    const answer = await retrieve(
      { contact_external_id: '238604' },
      { settings: { baseUrl: upstream.origin, statusMap: { closed: 'solved', active: 'new' } } },
    );
    expect(answer.map((item) => item.status)).toEqual(['new', 'pending', 'solved']);
  });
});

describe('a retrieval by email', () => {
  const annB: FakeCustomer = { id: 4001, emails: ['ann@acme.example'], phones: [] };
  const joann: FakeCustomer = { id: 4002, emails: ['joann@acme.example'], phones: [] };
  const upstream = createFakeHelpScout({
    customers: [janeRoe, annB, joann],
    conversations: [
      ...janeConversations,
      ...conversationsOf(4001, 2, { firstId: 9100, newest: '2024-05-10T10:00:00Z' }),
      ...conversationsOf(4002, 1, { firstId: 9200, newest: '2024-05-20T10:00:00Z' }),
    ],
  });
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it('searches every email in one call, then every matched customer in one call: 2 calls', async () => {
    const answer = await retrieve({ contact_emails: ['Jane.Roe@example.com', 'ann@acme.example'] });

    expect(callsOf(upstream)).toEqual(['GET /v2/customers', 'GET /v2/conversations']);
    expect(upstream.requests[0]!.query.get('query')).toBe(
      '(email:"jane.roe@example.com" OR email:"ann@acme.example")',
    );
    expect(upstream.requests[1]!.query.get('query')).toBe('(customerIds:238604 OR customerIds:4001)');
    // Both customers' conversations, merged newest first.
    expect(answer.map((item) => item.id)).toEqual(['9100', '9099', '2391938111', '2391921776', '2391900012']);
  });

  it('keeps only customers that really have the address (Help Scout matches addresses containing it)', async () => {
    // "ann@acme.example" is contained in "joann@acme.example": Help Scout returns both customers.
    const answer = await retrieve({ contact_emails: ['ann@acme.example'] });
    expect(upstream.requests[1]!.query.get('query')).toBe('(customerIds:4001)');
    expect(answer.map((item) => item.id)).toEqual(['9100', '9099']);
  });

  it('reads Help Scout’s own customer search answer (HAL, emails embedded)', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () => HttpResponse.json(customersSearchFixture)),
    );
    const answer = await retrieve({ contact_emails: ['jroe@home.example'] });
    expect(upstream.requests[1]!.query.get('query')).toBe('(customerIds:238604)');
    expect(answer).toHaveLength(3);
  });

  it('answers [] after one call when nobody has the address', async () => {
    expect(await retrieve({ contact_emails: ['nobody@example.com'] })).toEqual([]);
    expect(callsOf(upstream)).toEqual(['GET /v2/customers']);
  });

  it('keeps a customer the answer lists without emails (nothing to check against)', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () =>
        HttpResponse.json({ _embedded: { customers: [{ id: 4001 }] }, page: { number: 1, totalPages: 1 } }),
      ),
    );
    const answer = await retrieve({ contact_emails: ['ann@acme.example'] });
    expect(answer.map((item) => item.id)).toEqual(['9100', '9099']);
  });
});

describe('values from the request in the query language', () => {
  const upstream = createFakeHelpScout();
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it.each([
    ['quotes and OR', 'a" OR email:"jane.roe@example.com'],
    ['parentheses, NOT and a backslash', 'x\\") OR (NOT email:"*'],
    ['a wildcard', '*'],
    ['AND with a field', 'x" AND customerIds:238604 AND email:"y'],
  ])('keeps an email with %s one literal that cannot change the query', async (_label, email) => {
    const answer = await retrieve({ contact_emails: [email] });
    // Nobody has such an address: had the value escaped its quotes, Jane would have matched.
    expect(answer).toEqual([]);
    expect(callsOf(upstream)).toEqual(['GET /v2/customers']);
    const query = upstream.requests[0]!.query.get('query')!;
    // Exactly one term, whose value is the whole (lower-cased) email.
    expect(query).toBe(`(email:${quoteQueryValue(email.toLowerCase())})`);
  });

  it('escapes backslashes and quotes, and nothing else', () => {
    expect(quoteQueryValue('a"b\\c (d) OR e:*')).toBe('"a\\"b\\\\c (d) OR e:*"');
    expect(anyOfQuoted('email', ['a@x.com', 'b"@y.com'])).toBe('(email:"a@x.com" OR email:"b\\"@y.com")');
  });

  it('sends customer ids, unquoted, only when they are numbers', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () =>
        HttpResponse.json({
          _embedded: { customers: [{ id: 238604 }, { id: '17' }] },
          page: { number: 1, totalPages: 1 },
        }),
      ),
    );
    await retrieve({ contact_emails: ['jane.roe@example.com'] });
    expect(upstream.requests[1]!.query.get('query')).toBe('(customerIds:238604 OR customerIds:17)');
  });

  it('refuses a customer id that is not a number as an invalid answer', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () =>
        HttpResponse.json({ _embedded: { customers: [{ id: '1 OR customerIds:2' }] } }),
      ),
    );
    const error = await failure(retrieve({ contact_emails: ['jane.roe@example.com'] }));
    expect(error.code).toBe('upstream_invalid_response');
    expect(callsOf(upstream)).toEqual(['GET /v2/customers']);
  });
});

describe('a retrieval by phone', () => {
  const other: FakeCustomer = { id: 5001, emails: [], phones: ['+44 20 7946 0018'] };
  const upstream = createFakeHelpScout({
    customers: [janeRoe, other],
    conversations: [...janeConversations, ...conversationsOf(5001, 1, { firstId: 9300 })],
  });
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it('searches the usual spellings of every phone in one call, then the conversations: 2 calls', async () => {
    // Stored as "(555) 555-0142"; Talkdesk sends it in another format.
    const answer = await retrieve({ contact_phones: ['555.555.0142', '+44 20 7946 0018'] });

    expect(callsOf(upstream)).toEqual(['GET /v2/customers', 'GET /v2/conversations']);
    // Each number in the spellings people store, every one a quoted phrase, OR'ed.
    const spellings = [
      '+15555550142',
      '+1 555 555 0142',
      '(555) 555-0142',
      '5555550142',
      '15555550142',
      '0015555550142',
      '+442079460018',
      '+44 20 7946 0018',
      '020 7946 0018',
      '2079460018',
      '442079460018',
      '00442079460018',
    ];
    expect(upstream.requests[0]!.query.get('query')).toBe(
      `(${spellings.map((spelling) => `phone:"${spelling}"`).join(' OR ')})`,
    );
    // Both numbers were found: the UK one in its international formatting.
    expect(upstream.requests[1]!.query.get('query')).toBe('(customerIds:238604 OR customerIds:5001)');
    expect(answer).toHaveLength(4);
  });

  it('finds a phone written as a UK international number', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () =>
        HttpResponse.json({
          _embedded: { customers: [{ id: 5001, _embedded: { phones: [{ value: '020 7946 0018' }] } }] },
        }),
      ),
    );
    const answer = await retrieve({ contact_phones: ['+44 20 7946 0018'] });
    expect(answer.map((item) => item.id)).toEqual(['9300']);
  });

  it('drops a customer whose stored phones are none of the numbers searched', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () =>
        HttpResponse.json({
          _embedded: { customers: [{ id: 238604, _embedded: { phones: [{ value: '555-0199' }] } }] },
        }),
      ),
    );
    expect(await retrieve({ contact_phones: ['+15555550142'] })).toEqual([]);
    expect(callsOf(upstream)).toEqual(['GET /v2/customers']);
  });
});

describe('paging', () => {
  const upstream = createFakeHelpScout({
    customers: [janeRoe],
    conversations: conversationsOf(238604, 60, { firstId: 100_000 }),
    pageSize: 25,
  });
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it('reads pages until it has the limit (50 of 60: pages 1 and 2, not 3)', async () => {
    const answer = await retrieve({ contact_external_id: '238604' });
    expect(answer).toHaveLength(50);
    expect(answer[0]!.id).toBe('100000');
    expect(answer[49]!.id).toBe('99951');
    const pages = upstream.requests.filter((request) => request.path === '/v2/conversations');
    expect(pages.map((request) => request.query.get('page'))).toEqual(['1', '2']);
    for (const request of pages) expect(request.query.get('query')).toBe('(customerIds:238604)');
  });

  it('reads one page when the limit fits in it', async () => {
    const answer = await retrieve({ contact_external_id: '238604' }, { limit: 5 });
    expect(answer).toHaveLength(5);
    expect(callsOf(upstream)).toEqual(['GET /v2/conversations', 'GET /v2/customers/238604']);
  });

  it('reads every page of a customer with fewer conversations than the limit, then stops', async () => {
    const answer = await retrieve({ contact_external_id: '238604' }, { limit: 100 });
    expect(answer).toHaveLength(60);
    const pages = upstream.requests.filter((request) => request.path === '/v2/conversations');
    expect(pages.map((request) => request.query.get('page'))).toEqual(['1', '2', '3']);
  });
});

describe('paging past spam', () => {
  const upstream = createFakeHelpScout({
    customers: [janeRoe],
    conversations: [
      ...conversationsOf(238604, 3, { firstId: 700, status: 'spam', newest: '2024-07-01T00:00:00Z' }),
      ...conversationsOf(238604, 2, { firstId: 600, status: 'closed', newest: '2024-06-01T00:00:00Z' }),
    ],
    pageSize: 3,
  });
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it('goes on to the next page when a whole page was spam', async () => {
    const answer = await retrieve({ contact_external_id: '238604' });
    expect(answer.map((item) => item.id)).toEqual(['600', '599']);
    const pages = upstream.requests.filter((request) => request.path === '/v2/conversations');
    expect(pages.map((request) => request.query.get('page'))).toEqual(['1', '2']);
  });
});

describe('a bound on pages', () => {
  const upstream = createFakeHelpScout({
    customers: [janeRoe],
    conversations: [
      ...conversationsOf(238604, 300, { firstId: 900_000, status: 'spam', newest: '2024-08-01T00:00:00Z' }),
      ...conversationsOf(238604, 100, { firstId: 800_000, newest: '2024-01-01T00:00:00Z' }),
    ],
    pageSize: 25,
  });
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it('reads at most 10 pages, even when they are all spam and more are offered', async () => {
    expect(await retrieve({ contact_external_id: '238604' }, { limit: 1000 })).toEqual([]);
    const pages = upstream.requests.filter((request) => request.path === '/v2/conversations');
    expect(pages.map((request) => request.query.get('page'))).toEqual(
      Array.from({ length: 10 }, (_, index) => String(index + 1)),
    );
  });
});

describe('failures and rate limits', () => {
  const upstream = createFakeHelpScout();
  withUpstream(upstream);
  const retrieve = retrieverFor(upstream);

  it('reports a refused token as invalid_credentials, without the token', async () => {
    const log = createCaptureLogger();
    const error = await failure(
      retrieve({ contact_external_id: '238604' }, { auth: { access_token: 'hs-revoked-token-1234' }, log }),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(upstream.requests[0]!.headers.get('authorization')).toBe('Bearer hs-revoked-token-1234');
    expect(`${error.message} ${log.text()}`).not.toContain('hs-revoked-token-1234');
  });

  it('waits out X-RateLimit-Retry-After when it fits the deadline, then answers', async () => {
    let refused = 0;
    upstream.use(
      http.get(`${upstream.origin}/v2/customers/:id`, () => {
        if (refused > 0) return undefined;
        refused += 1;
        return HttpResponse.json(
          { message: 'Rate limit exceeded' },
          { status: 429, headers: { 'x-ratelimit-retry-after': '0', 'x-ratelimit-remaining-minute': '0' } },
        );
      }),
    );
    const answer = await retrieve({ contact_external_id: '238604' });
    expect(answer).toHaveLength(3);
    expect(callsOf(upstream)).toEqual([
      'GET /v2/conversations',
      'GET /v2/customers/238604',
      'GET /v2/customers/238604',
    ]);
  });

  it('fails at once with rate_limited and Help Scout’s wait when it is past the deadline', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers/:id`, () =>
        HttpResponse.json(
          { message: 'Rate limit exceeded' },
          { status: 429, headers: { 'x-ratelimit-retry-after': '47' } },
        ),
      ),
    );
    const error = await failure(retrieve({ contact_external_id: '238604' }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(47);
    // The one round's two calls, each sent once: the refused one was not retried.
    expect(callsOf(upstream)).toEqual(['GET /v2/conversations', 'GET /v2/customers/238604']);
  });
});

describe('auth fields and settings', () => {
  it('names a missing or blank access_token', async () => {
    for (const badAuth of [{}, { access_token: '' }, { access_token: '   ' }, { token: 'x' }]) {
      const error = await failure(
        retrieveInteractions(helpscout, { auth: badAuth, data: { contact_external_id: '1' } }),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.issues).toEqual([
        { path: 'auth.access_token', message: 'expected the Help Scout OAuth access token' },
      ]);
    }
  });

  it('accepts statusMap and baseUrl, and refuses priorityMap (Help Scout has no priority)', () => {
    expect(
      helpscout.settingsSchema.safeParse({ baseUrl: 'https://hs.internal', statusMap: { closed: 'solved' } })
        .success,
    ).toBe(true);
    expect(helpscout.settingsSchema.safeParse({ statusMap: { closed: 'done' } }).success).toBe(false);
    const refused = helpscout.settingsSchema.safeParse({ priorityMap: { urgent: 'high' } });
    expect(refused.success).toBe(false);
  });

  it('talks to api.helpscout.net/v2 with a bearer token when no baseUrl is set', () => {
    expect(helpscout.http?.origin).toBe(HELPSCOUT_API_ORIGIN);
    expect(HELPSCOUT_API_ORIGIN).toBe('https://api.helpscout.net');
    expect(helpscout.http?.basePath).toBe('/v2');
    expect(helpscout.http?.authenticate({ access_token: 'abc' })).toEqual({ type: 'bearer', token: 'abc' });
    expect(helpscout.http?.resetHeaders).toEqual([{ name: 'x-ratelimit-retry-after', kind: 'seconds' }]);
  });
});

describe('without baseUrl', () => {
  const upstream = createFakeHelpScout({ origin: HELPSCOUT_API_ORIGIN });
  withUpstream(upstream);

  it('sends its requests to https://api.helpscout.net/v2', async () => {
    const answer = await retrieveInteractions(
      helpscout,
      { auth, data: { contact_external_id: '238604' } },
      { retry: FAST_RETRY },
    );
    expect(answer).toHaveLength(3);
    expect(upstream.requests.map((request) => request.url.href.split('?')[0])).toEqual([
      'https://api.helpscout.net/v2/conversations',
      'https://api.helpscout.net/v2/customers/238604',
    ]);
  });
});

describe('OAuth 2.0', () => {
  const target = { integrationId: 'helpscout', publicUrl: 'https://bridge.example.com' };

  it('registers oauth2 with the access token from Help Scout’s authority, and nothing typed in', () => {
    const configuration = buildIntegrationConfiguration(helpscout, { ...target, authentication: 'oauth2' });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration).toEqual([
      { access_token: expect.objectContaining({ type: 'oauth', mandatory: true }) },
    ]);
    expect(helpscout.oauth).toMatchObject({
      authorizationUrl: 'https://secure.helpscout.net/authentication/authorizeClientApplication',
      tokenUrl: 'https://api.helpscout.net/v2/oauth2/token',
    });
  });

  it('a custom integration asks for a token of the account’s own app instead', () => {
    const configuration = buildIntegrationConfiguration(helpscout, target);
    expect(configuration.authentication_type).toBe('custom');
    expect(configuration.authentication_configuration?.flatMap((field) => Object.keys(field))).toEqual([
      'api_token',
    ]);
  });

  describe('requests', () => {
    const upstream = createFakeHelpScout();
    withUpstream(upstream);
    const retrieve = retrieverFor(upstream);

    it('sends either token as Authorization: Bearer', async () => {
      await retrieve({ contact_external_id: '238604' });
      await retrieve({ contact_external_id: '238604' }, { auth: { api_token: HELPSCOUT_TOKEN } });
      expect(upstream.requests.length).toBeGreaterThan(1);
      for (const request of upstream.requests) {
        expect(request.headers.get('authorization')).toBe(`Bearer ${HELPSCOUT_TOKEN}`);
      }
    });

    it('a refused OAuth token is invalid_credentials (Talkdesk refreshes it and replays)', async () => {
      const error = await failure(
        retrieve({ contact_external_id: '238604' }, { auth: { access_token: 'hs-expired-token-1' } }),
      );
      expect(error.code).toBe('invalid_credentials');
      expect(upstream.requests[0]?.headers.get('authorization')).toBe('Bearer hs-expired-token-1');
    });
  });
});
