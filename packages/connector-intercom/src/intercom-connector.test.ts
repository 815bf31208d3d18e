import { buildIntegrationConfiguration } from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  HttpResponse,
  http,
  type RetrievalCall,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import contact from './__fixtures__/contact.json' with { type: 'json' };
import contactsSearch from './__fixtures__/contacts-search.json' with { type: 'json' };
import conversationsSearch from './__fixtures__/conversations-search.json' with { type: 'json' };
import {
  CONTACT_EMAIL,
  CONTACT_ID,
  CONTACT_PHONE,
  fakeIntercom,
  INTERCOM_TOKEN,
  intercomHandler,
  WORKSPACE_ID,
} from './__fixtures__/fake-intercom.js';
import { intercom } from './intercom-connector.js';
import { INTERCOM_API_VERSION } from './intercom-context.js';

// The US host itself: without `baseUrl` the connector must pick it from the (default) region.
const upstream = fakeIntercom('https://api.intercom.io');

const harness = retrievalHarness(intercom, { auth: { access_token: INTERCOM_TOKEN } });
const retrieve = (data: Record<string, unknown>, types?: string[], call: RetrievalCall = {}) =>
  harness(data, { ...call, ...(types ? { types } : {}) });

const failure = bridgeErrorOf;

const calls = () => upstream.requests.map((request) => `${request.method} ${request.path}`);
const bodyOf = (path: string) => upstream.requests.find((request) => request.path === path)?.json;

/**
 * Serves the fake Intercom on another origin too (one msw server per process), recording what reaches it
 * (the fake upstream records its own origin only).
 */
function serveAlso(origin: string): URL[] {
  const seen: URL[] = [];
  upstream.use(
    http.all(`${origin}/*`, ({ request }) => {
      seen.push(new URL(request.url));
      return undefined;
    }),
    intercomHandler(origin),
  );
  return seen;
}

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

describe('requests sent to Intercom', () => {
  it('authenticates with the bearer token, pins Intercom-Version and asks for JSON, on every call', async () => {
    await retrieve({ contact_external_id: CONTACT_ID });
    expect(upstream.requests.length).toBeGreaterThan(0);
    for (const request of upstream.requests) {
      expect(request.url.origin).toBe('https://api.intercom.io');
      expect(request.headers.get('authorization')).toBe(`Bearer ${INTERCOM_TOKEN}`);
      expect(request.headers.get('intercom-version')).toBe(INTERCOM_API_VERSION);
      expect(INTERCOM_API_VERSION).toBe('2.15');
      expect(request.headers.get('accept')).toBe('application/json');
      expect([...request.query.keys()]).toEqual([]);
    }
  });

  it('by external id: GET the contact, then one search per type and one notes list, 4 calls', async () => {
    const answer = await retrieve({ contact_external_id: CONTACT_ID });
    expect(calls().sort()).toEqual(
      [
        `GET /contacts/${CONTACT_ID}`,
        'POST /conversations/search',
        'POST /tickets/search',
        `GET /contacts/${CONTACT_ID}/notes`,
      ].sort(),
    );
    expect(calls()[0]).toBe(`GET /contacts/${CONTACT_ID}`);
    expect(answer.map((item) => item.id)).toEqual([
      'conversation-517',
      'conversation-516',
      'ticket-633',
      'ticket-611',
      'conversation-515',
      'note-26',
      'note-25',
    ]);
  });

  it('searches conversations by contact id, newest first, a page the size of the limit', async () => {
    await retrieve({ contact_external_id: CONTACT_ID }, ['conversation'], { limit: 25 });
    expect(calls()).toEqual([`GET /contacts/${CONTACT_ID}`, 'POST /conversations/search']);
    expect(bodyOf('/conversations/search')).toEqual({
      query: { field: 'contact_ids', operator: 'IN', value: [CONTACT_ID] },
      sort: { field: 'created_at', order: 'descending' },
      pagination: { per_page: 25 },
    });
    expect(upstream.requests[1]?.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('searches tickets by contact id without a sort (Intercom documents none for tickets)', async () => {
    await retrieve({ contact_external_id: CONTACT_ID }, ['ticket']);
    expect(bodyOf('/tickets/search')).toEqual({
      query: { field: 'contact_ids', operator: 'IN', value: [CONTACT_ID] },
      pagination: { per_page: 50 },
    });
  });

  it('by email: one contact search for all emails, then the listings (4 calls)', async () => {
    const answer = await retrieve({ contact_emails: ['JOE@bloggs.com', 'joe.work@bloggs.example'] });
    expect(calls()[0]).toBe('POST /contacts/search');
    expect(calls()).toHaveLength(4);
    expect(bodyOf('/contacts/search')).toEqual({
      query: { field: 'email', operator: 'IN', value: ['joe@bloggs.com', 'joe.work@bloggs.example'] },
    });
    expect(answer).toHaveLength(7);
  });

  it('falls back from a stale external id to the emails: 404, search, listings (5 calls)', async () => {
    const answer = await retrieve({
      contact_external_id: '5ba682d23d7cf92bef87bfd4',
      contact_emails: [CONTACT_EMAIL],
    });
    expect(calls().slice(0, 2)).toEqual(['GET /contacts/5ba682d23d7cf92bef87bfd4', 'POST /contacts/search']);
    expect(calls()).toHaveLength(5);
    expect(answer).toHaveLength(7);
  });

  it('stops after the lookups when nobody matches (2 calls, no listing)', async () => {
    const answer = await retrieve({
      contact_external_id: '5ba682d23d7cf92bef87bfd4',
      contact_emails: ['nobody@example.com'],
    });
    expect(answer).toEqual([]);
    expect(calls()).toEqual(['GET /contacts/5ba682d23d7cf92bef87bfd4', 'POST /contacts/search']);
  });

  it('encodes an external id as one path segment', async () => {
    await retrieve({ contact_external_id: '../admins/1?x=y', contact_emails: ['nobody@example.com'] });
    expect(upstream.requests[0]?.url.pathname).toBe('/contacts/..%2Fadmins%2F1%3Fx%3Dy');
    expect(upstream.requests[0]?.url.search).toBe('');
  });

  it('skips the notes call for a contact whose notes summary counts none (3 calls)', async () => {
    upstream.use(
      http.get(`${upstream.origin}/contacts/${CONTACT_ID}`, () =>
        HttpResponse.json({ ...contact, notes: { type: 'list', data: [], total_count: 0, has_more: false } }),
      ),
    );
    const answer = await retrieve({ contact_external_id: CONTACT_ID });
    expect(calls()).not.toContain(`GET /contacts/${CONTACT_ID}/notes`);
    expect(calls()).toHaveLength(3);
    expect(answer.some((item) => item.type === 'note')).toBe(false);
  });

  it('lists every matching contact with one search per type, and their notes side by side', async () => {
    const second = { ...contactsSearch.data[0], id: '6762f0d01bb69f9f2193bb99', email: 'joe@bloggs.com' };
    upstream.use(
      http.post(`${upstream.origin}/contacts/search`, async ({ request }) => {
        await request.text();
        return HttpResponse.json({
          ...contactsSearch,
          data: [...contactsSearch.data, second],
          total_count: 2,
        });
      }),
      http.get(`${upstream.origin}/contacts/${second.id}/notes`, () =>
        HttpResponse.json({
          type: 'list',
          data: [{ type: 'note', id: '90', created_at: 1735000000, body: '<p>Second profile</p>' }],
          total_count: 1,
        }),
      ),
    );
    const answer = await retrieve({ contact_emails: [CONTACT_EMAIL] });
    expect(calls().filter((call) => call === 'POST /conversations/search')).toHaveLength(1);
    expect(calls().filter((call) => call === 'POST /tickets/search')).toHaveLength(1);
    expect(calls().filter((call) => call.endsWith('/notes'))).toHaveLength(2);
    expect(calls()).toHaveLength(5);
    expect((bodyOf('/conversations/search') as { query: unknown }).query).toEqual({
      field: 'contact_ids',
      operator: 'IN',
      value: [CONTACT_ID, second.id],
    });
    expect((bodyOf('/tickets/search') as { query: unknown }).query).toEqual({
      field: 'contact_ids',
      operator: 'IN',
      value: [CONTACT_ID, second.id],
    });
    expect(answer[0]).toMatchObject({
      id: 'note-90',
      url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${second.id}`,
    });
  });
});

describe('query values stay literal', () => {
  it('sends an email full of quotes and operators as one JSON string in one IN filter', async () => {
    const hostile = 'a" OR x:"b@example.com';
    const answer = await retrieve({ contact_emails: [hostile] });
    expect(answer).toEqual([]);
    expect(upstream.requests).toHaveLength(1);
    const sent = upstream.requests[0];
    expect(sent?.body).toBe(
      JSON.stringify({ query: { field: 'email', operator: 'IN', value: [hostile.toLowerCase()] } }),
    );
    expect(sent?.json).toEqual({
      query: { field: 'email', operator: 'IN', value: ['a" or x:"b@example.com'] },
    });
  });

  it('cannot turn a value into a nested filter or another operator', async () => {
    const hostile = 'x\' OR email != \'\', {"field":"role","operator":"=","value":"user"}@example.com';
    await retrieve({ contact_emails: [hostile] });
    const query = (upstream.requests[0]!.json as { query: Record<string, unknown> }).query;
    expect(Object.keys(query)).toEqual(['field', 'operator', 'value']);
    expect(query.operator).toBe('IN');
    expect(query.value).toEqual([hostile.toLowerCase()]);
  });
});

describe('phones', () => {
  it('searches every common layout of the E.164 number in one IN filter on phone', async () => {
    const answer = await retrieve({ contact_phones: ['+1 415 555 0132'] }, ['conversation']);
    expect(answer).toHaveLength(3);
    const query = (
      bodyOf('/contacts/search') as { query: { field: string; operator: string; value: string[] } }
    ).query;
    expect(query.field).toBe('phone');
    expect(query.operator).toBe('IN');
    expect(query.value).toEqual(expect.arrayContaining(['+14155550132', CONTACT_PHONE, '415-555-0132']));
    expect(new Set(query.value).size).toBe(query.value.length);
  });

  it('covers international layouts too (calling code, trunk 0, 00 prefix)', async () => {
    await retrieve({ contact_phones: ['+44 20 7946 0958'] });
    const values = (bodyOf('/contacts/search') as { query: { value: string[] } }).query.value;
    expect(values).toEqual(
      expect.arrayContaining(['+442079460958', '00442079460958', '+44 20 7946 0958', '02079460958']),
    );
  });
});

describe('pagination and caps', () => {
  it('follows starting_after until the limit, then stops and keeps the newest', async () => {
    const [first, second, third] = conversationsSearch.conversations;
    const pages = [
      {
        conversations: [first, second],
        pages: { type: 'pages', next: { page: 2, starting_after: 'WzE3MzQ2MjQwMDAsNTE2XQ==' } },
      },
      {
        conversations: [third, { ...third, id: '514', created_at: 1734400000 }],
        pages: { type: 'pages', next: { page: 3, starting_after: 'more' } },
      },
    ];
    // Read here, not from upstream.requests: this handler answers before the recorder has the body.
    const bodies: unknown[] = [];
    upstream.use(
      http.post(`${upstream.origin}/conversations/search`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ type: 'conversation.list', total_count: 9, ...pages.shift() });
      }),
    );
    const answer = await retrieve({ contact_external_id: CONTACT_ID }, ['conversation'], { limit: 3 });
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual({
      query: { field: 'contact_ids', operator: 'IN', value: [CONTACT_ID] },
      sort: { field: 'created_at', order: 'descending' },
      pagination: { per_page: 3 },
    });
    expect(bodies[1]).toMatchObject({
      pagination: { per_page: 3, starting_after: 'WzE3MzQ2MjQwMDAsNTE2XQ==' },
    });
    expect(answer.map((item) => item.id)).toEqual([
      'conversation-517',
      'conversation-516',
      'conversation-515',
    ]);
  });

  it("asks for at most Intercom's 150 per page however high the limit", async () => {
    await retrieve({ contact_external_id: CONTACT_ID }, ['conversation', 'ticket'], { limit: 500 });
    expect(bodyOf('/conversations/search')).toMatchObject({ pagination: { per_page: 150 } });
    expect(bodyOf('/tickets/search')).toMatchObject({ pagination: { per_page: 150 } });
  });

  it('caps notes at the limit, newest first', async () => {
    const answer = await retrieve({ contact_external_id: CONTACT_ID }, ['note'], { limit: 1 });
    expect(answer.map((item) => item.id)).toEqual(['note-26']);
  });
});

describe('regions and agent links', () => {
  it('calls the EU host for region eu and links to the EU app', async () => {
    const eu = serveAlso('https://api.eu.intercom.io');
    const answer = await retrieve({ contact_external_id: CONTACT_ID }, ['conversation'], {
      auth: { access_token: INTERCOM_TOKEN, region: 'EU' },
    });
    expect(upstream.requests).toHaveLength(0);
    expect(eu.map((url) => `${url.origin}${url.pathname}`)).toEqual([
      `https://api.eu.intercom.io/contacts/${CONTACT_ID}`,
      'https://api.eu.intercom.io/conversations/search',
    ]);
    expect(answer[0]?.url).toBe(`https://app.eu.intercom.com/a/inbox/${WORKSPACE_ID}/inbox/conversation/517`);
  });

  it('treats an empty region as the default us', async () => {
    await retrieve({ contact_external_id: CONTACT_ID }, ['conversation'], {
      auth: { access_token: INTERCOM_TOKEN, region: '' },
    });
    expect(upstream.requests[0]?.url.origin).toBe('https://api.intercom.io');
  });

  it('sends everything to the operator’s baseUrl origin instead, API paths unchanged', async () => {
    const proxy = serveAlso('https://intercom-proxy.example.net');
    await retrieve({ contact_external_id: CONTACT_ID }, ['note'], {
      auth: { access_token: INTERCOM_TOKEN, region: 'au' },
      settings: { baseUrl: 'https://intercom-proxy.example.net/ignored/path' },
    });
    expect(upstream.requests).toHaveLength(0);
    expect(proxy.map((url) => url.href)).toEqual([
      `https://intercom-proxy.example.net/contacts/${CONTACT_ID}`,
      `https://intercom-proxy.example.net/contacts/${CONTACT_ID}/notes`,
    ]);
  });

  it('leaves the url out when Intercom does not say which workspace the contact is in', async () => {
    upstream.use(
      http.get(`${upstream.origin}/contacts/${CONTACT_ID}`, () =>
        HttpResponse.json({ ...contact, workspace_id: null }),
      ),
    );
    const answer = await retrieve({ contact_external_id: CONTACT_ID });
    expect(answer.length).toBe(7);
    for (const item of answer) expect(item).not.toHaveProperty('url');
    // No extra call to find the workspace.
    expect(upstream.requests).toHaveLength(4);
  });
});

describe('mapping settings', () => {
  it("applies the integration's statusMap and priorityMap", async () => {
    const answer = await retrieve({ contact_external_id: CONTACT_ID }, ['conversation', 'ticket'], {
      settings: { statusMap: { open: 'new', in_progress: 'pending' }, priorityMap: { priority: 'urgent' } },
    });
    expect(answer.find((item) => item.id === 'conversation-517')).toMatchObject({
      status: 'new',
      priority: 'urgent',
    });
    expect(answer.find((item) => item.id === 'ticket-633')?.status).toBe('pending');
  });

  it('refuses a status outside Talkdesk’s enum in the settings', async () => {
    const error = await failure(
      retrieve({ contact_external_id: CONTACT_ID }, undefined, {
        settings: { statusMap: { open: 'waiting' } },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.[0]?.path).toBe('options.statusMap.open');
  });
});

describe('rate limits', () => {
  const rateLimited = (resetEpochSeconds: number) => {
    let remaining = 1;
    return http.all(`${upstream.origin}/*`, async ({ request }) => {
      if (remaining <= 0) return undefined;
      remaining -= 1;
      // Consuming the body lets the fake upstream record this request before the answer goes out.
      await request.text();
      return HttpResponse.json(
        {
          type: 'error.list',
          errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 167 in 10_seconds' }],
        },
        {
          status: 429,
          headers: {
            'x-ratelimit-limit': '167',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(resetEpochSeconds),
          },
        },
      );
    });
  };

  it('fails at once with rate_limited and the wait from X-RateLimit-Reset when it is past the deadline', async () => {
    upstream.use(rateLimited(Math.floor(Date.now() / 1000) + 120));
    const error = await failure(retrieve({ contact_external_id: CONTACT_ID }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(100);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(121);
    expect(upstream.requests).toHaveLength(1);
  });

  it('retries a rate-limited search once its window has reset', async () => {
    upstream.use(rateLimited(Math.floor(Date.now() / 1000) - 1));
    const answer = await retrieve({ contact_emails: [CONTACT_EMAIL] }, ['conversation']);
    expect(answer).toHaveLength(3);
    expect(calls().slice(0, 2)).toEqual(['POST /contacts/search', 'POST /contacts/search']);
  });

  it('reports a 401 as invalid_credentials without retrying', async () => {
    const error = await failure(
      retrieve({ contact_external_id: CONTACT_ID }, undefined, {
        auth: { access_token: 'revoked-token-0000' },
      }),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(upstream.requests).toHaveLength(1);
    expect(error.message).not.toContain('revoked-token-0000');
  });
});

describe('auth fields', () => {
  it('names a missing token in the issues (the typed-in one; access_token comes from OAuth 2.0)', async () => {
    const error = await failure(
      retrieve({ contact_external_id: CONTACT_ID }, undefined, { auth: { region: 'eu' } }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([
      {
        path: 'auth.private_app_token',
        message: 'expected the Intercom access token (or, with OAuth 2.0, access_token)',
      },
    ]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a blank access_token or private_app_token', async () => {
    for (const [auth, path] of [
      [{ access_token: '   ' }, 'auth.access_token'],
      [{ private_app_token: '   ' }, 'auth.private_app_token'],
    ] as const) {
      const error = await failure(retrieve({ contact_external_id: CONTACT_ID }, undefined, { auth }));
      expect(error.issues?.map((issue) => issue.path)).toEqual([path]);
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a region outside us, eu, au with a message saying which are allowed', async () => {
    const error = await failure(
      retrieve({ contact_external_id: CONTACT_ID }, undefined, {
        auth: { access_token: INTERCOM_TOKEN, region: 'evil.example#' },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([
      { path: 'auth.region', message: expect.stringMatching(/expected us, eu or au/) },
    ]);
    expect(JSON.stringify(error.issues)).not.toContain('evil.example');
    expect(upstream.requests).toHaveLength(0);
  });

  it('declares exactly the three regional API hosts', () => {
    expect([...(intercom.hosts ?? [])].sort()).toEqual([
      'api.au.intercom.io',
      'api.eu.intercom.io',
      'api.intercom.io',
    ]);
  });
});

describe('logging', () => {
  it('never logs the access token', async () => {
    const log = createCaptureLogger();
    await retrieve({ contact_external_id: CONTACT_ID }, undefined, { log });
    await failure(
      retrieve({ contact_external_id: CONTACT_ID }, undefined, {
        log,
        auth: { access_token: 'bad-token-9999' },
      }),
    );
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(INTERCOM_TOKEN);
    expect(log.text()).not.toContain('bad-token-9999');
  });
});

describe('OAuth 2.0', () => {
  const target = { integrationId: 'intercom', publicUrl: 'https://bridge.example.com' };

  it('declares Intercom’s authorize and token endpoints, the app permissions it needs, and its guide', () => {
    expect(intercom.oauth).toEqual({
      authorizationUrl: 'https://app.intercom.com/oauth',
      tokenUrl: 'https://api.intercom.io/auth/eagle/token',
      scopes: [
        'Read and list users and companies',
        'Read conversations',
        'Read tickets',
        'Write tickets',
        'Read admins',
      ],
      inputFields: ['region'],
      docsUrl:
        'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth',
    });
  });

  it('registers as oauth2 on request: the token from the flow, and the region the user still gives', () => {
    const configuration = buildIntegrationConfiguration(intercom, { ...target, authentication: 'oauth2' });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration).toEqual([
      {
        access_token: {
          source: 'input',
          display: 'Intercom access token',
          mandatory: true,
          type: 'oauth',
          store: true,
          help: 'The access token Intercom issued through the app authorization (sent by Talkdesk after the OAuth 2.0 flow)',
        },
      },
      { region: expect.objectContaining({ type: 'input', mandatory: false }) },
    ]);
  });

  it('sends either token as a bearer token; a refused OAuth token is invalid_credentials', async () => {
    for (const auth of [
      { access_token: INTERCOM_TOKEN, region: 'us' },
      { private_app_token: INTERCOM_TOKEN, region: '' },
    ]) {
      upstream.reset();
      const answer = await retrieve({ contact_external_id: CONTACT_ID }, ['note'], { auth });
      expect(answer.map((item) => item.id)).toEqual(['note-26', 'note-25']);
      expect(upstream.requests).toHaveLength(2);
      for (const request of upstream.requests) {
        expect(request.headers.get('authorization')).toBe(`Bearer ${INTERCOM_TOKEN}`);
      }
    }

    // Talkdesk refreshes the token (or asks the user to reconnect) on a 401.
    const refused = await failure(
      retrieve({ contact_external_id: CONTACT_ID }, ['note'], {
        auth: { access_token: 'dG9rOmV4cGlyZWQtb2F1dGgtdG9rZW4=' },
      }),
    );
    expect(refused.code).toBe('invalid_credentials');
  });
});
