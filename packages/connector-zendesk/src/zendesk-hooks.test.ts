// The bridge hooks besides interaction retrieval: auth validation, contact and agent synchronization, and
// the create_ticket action — the requests they send to the fake Zendesk account and what they answer.
import {
  type ContactSynchronizationResponse,
  describeAuthFields,
  executeAction,
  synchronizeAgents,
  synchronizeContacts,
  toTalkdeskDate,
  validateAuthentication,
} from '@talkbridge/core';
import {
  bridgeErrorOf,
  createFakeUpstream,
  cursorInOffset,
  FAST_RETRY,
  HttpResponse,
  http,
  offsetWithCursor,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  exportCursor,
  fakeAgents,
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
const options = (extra: Record<string, unknown> = {}) => ({
  settings: { baseUrl: upstream.origin },
  retry: FAST_RETRY,
  deadlineMs: 5_000,
  ...extra,
});

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const failure = bridgeErrorOf;

const calls = () => upstream.requests.map((request) => `${request.method} ${request.path}`);
const queryOf = (index: number) => Object.fromEntries(upstream.requests[index]?.query ?? []);

/** Users for paging: five end users changed in the same second, one earlier, an agent and a deleted user. */
const SAME_SECOND = '2024-06-01T12:00:00Z';
const pagingUsers = [
  {
    id: 501,
    name: 'Ann One',
    email: 'ann@example.com',
    role: 'end-user',
    active: true,
    updated_at: SAME_SECOND,
  },
  {
    id: 502,
    name: 'Bob Two',
    email: 'bob@example.com',
    role: 'end-user',
    active: true,
    updated_at: SAME_SECOND,
  },
  {
    id: 503,
    name: 'Cy Three',
    email: 'cy@example.com',
    role: 'end-user',
    active: true,
    updated_at: SAME_SECOND,
  },
  {
    id: 504,
    name: 'Di Four',
    email: 'di@example.com',
    role: 'end-user',
    active: false,
    updated_at: SAME_SECOND,
  },
  {
    id: 505,
    name: 'Ed Five',
    email: 'ed@example.com',
    role: 'end-user',
    active: true,
    updated_at: SAME_SECOND,
  },
  {
    id: 506,
    name: 'Flo Six',
    email: 'flo@example.com',
    role: 'end-user',
    active: true,
    updated_at: SAME_SECOND,
  },
  {
    id: 400,
    name: 'Gus Early',
    email: 'gus@example.com',
    role: 'end-user',
    active: true,
    updated_at: '2024-05-31T08:00:00Z',
  },
];

/** Every page of a sync from `meta`, following next_offset. */
async function syncAll(
  meta: Record<string, unknown>,
  pageSize: number,
): Promise<ContactSynchronizationResponse[]> {
  const pages: ContactSynchronizationResponse[] = [];
  let offset: string | undefined;
  do {
    const page = await synchronizeContacts(
      zendesk,
      { auth: ZENDESK_TEST_AUTH, meta: { ...meta, ...(offset ? { offset } : {}) } },
      options({ pageSize }),
    );
    pages.push(page);
    offset = page.next_offset;
  } while (offset && pages.length < 20);
  return pages;
}

describe('auth validation', () => {
  it('sends one GET /api/v2/users/me with the API token and stores nothing', async () => {
    await expect(
      validateAuthentication(zendesk, { auth: ZENDESK_TEST_AUTH }, options()),
    ).resolves.toBeUndefined();
    expect(calls()).toEqual(['GET /api/v2/users/me']);
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(ZENDESK_BASIC_HEADER);
  });

  it('validates an OAuth access token as a bearer token', async () => {
    await validateAuthentication(zendesk, { auth: ZENDESK_TEST_OAUTH }, options());
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(ZENDESK_BEARER_HEADER);
  });

  it('a 401 is invalid_credentials, without echoing the token', async () => {
    const error = await failure(
      validateAuthentication(
        zendesk,
        { auth: { ...ZENDESK_TEST_AUTH, token: 'wrong-token-0000' } },
        options(),
      ),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain(
      'wrong-token-0000',
    );
  });

  it('an anonymous user answered with 200 is invalid_credentials', async () => {
    upstream.use(
      http.get(`${upstream.origin}/api/v2/users/me`, () =>
        HttpResponse.json({
          user: {
            id: null,
            url: null,
            name: 'Anonymous user',
            email: 'invalid@example.com',
            role: 'end-user',
          },
        }),
      ),
    );
    const error = await failure(validateAuthentication(zendesk, { auth: ZENDESK_TEST_AUTH }, options()));
    expect(error.code).toBe('invalid_credentials');
    expect(error.message).toMatch(/anonymous/);
  });

  it('an end user’s credentials are invalid_credentials: the bridge needs an agent', async () => {
    const endUser = createFakeUpstream(
      ZENDESK_TEST_ORIGIN,
      ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { currentUser: fakeUsers[0] }),
    );
    upstream.close();
    endUser.listen();
    try {
      const error = await failure(validateAuthentication(zendesk, { auth: ZENDESK_TEST_AUTH }, options()));
      expect(error.code).toBe('invalid_credentials');
      expect(error.message).toMatch(/end user/);
    } finally {
      endUser.close();
      upstream.listen();
    }
  });
});

describe('contact synchronization', () => {
  it('initial sync: one export request from the beginning, end users only, every field', async () => {
    const page = await synchronizeContacts(zendesk, { auth: ZENDESK_TEST_AUTH }, options());

    expect(calls()).toEqual(['GET /api/v2/incremental/users/cursor']);
    expect(queryOf(0)).toEqual({ start_time: '0', per_page: '100', include: 'identities,organizations' });
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(ZENDESK_BASIC_HEADER);

    // Agents (synced as agents) and the deleted user are left out; Joe and Jane changed in the same second.
    expect(page.contacts).toEqual([
      {
        id: '35436',
        name: 'Jane Doe',
        company: 'Example Corp.',
        emails: ['jane@example.com', 'jane.work@example.com'],
        phones: ['+15555550100', '+15555550111'],
        photo_url: 'https://acme.zendesk.com/system/photos/9283/74/jane.png',
        address: '37 Famous St., New York, US',
        twitter: 'janedoe',
        url: 'https://acme.zendesk.com/agent/users/35436',
      },
      {
        id: '35500',
        name: 'Joe Bloggs',
        emails: ['joe@example.com'],
        phones: ['(555) 555-0199'],
        url: 'https://acme.zendesk.com/agent/users/35500',
      },
    ]);
    expect(page.synchronization_checkpoint).toBe('2024-05-05 10:38:52 UTC');
    expect(page.next_offset).toBeUndefined();
  });

  it('pages with Zendesk’s cursor: users changed in one second are neither skipped nor repeated', async () => {
    const paging = createFakeUpstream(
      ZENDESK_TEST_ORIGIN,
      ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { users: pagingUsers }),
    );
    upstream.close();
    paging.listen();
    try {
      const pages = await syncAll({}, 2);
      const ids = pages.flatMap((page) => page.contacts.map((contact) => contact.id));
      // Ascending by (change time, id); the deleted user and the agents are left out.
      expect(ids).toEqual(['400', '501', '502', '503', '505', '506']);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.at(-1)?.synchronization_checkpoint).toBe('2024-06-01 12:00:00 UTC');

      // First request from the start, the next ones from Zendesk's cursor only.
      const exports = paging.requests;
      expect(Object.fromEntries(exports[0]?.query ?? [])).toEqual({
        start_time: '0',
        per_page: '2',
        include: 'identities,organizations',
      });
      // The export's first page holds only the two agents: no contacts, but a cursor to go on with.
      expect(pages[0]?.contacts).toEqual([]);
      expect(cursorInOffset(pages[0]?.next_offset as string)).toBe(
        exportCursor(String(fakeAgents[1]?.updated_at), 1901),
      );
      // The second ends at (12:00:00, 501); the third asks after it, within the same second.
      expect(Object.fromEntries(exports[2]?.query ?? [])).toEqual({
        cursor: exportCursor(SAME_SECOND, 501),
        per_page: '2',
        include: 'identities,organizations',
      });
    } finally {
      paging.close();
      upstream.listen();
    }
  });

  it('incremental sync asks Zendesk for changes on or after the checkpoint’s second', async () => {
    const pages = await syncAll({ synchronization_checkpoint: '2024-05-05 10:38:52 UTC' }, 100);
    expect(queryOf(0)).toEqual({
      start_time: String(Date.UTC(2024, 4, 5, 10, 38, 52) / 1000),
      per_page: '100',
      include: 'identities,organizations',
    });
    // Both users of that second come back (seeing them again is harmless; skipping one is not).
    expect(pages.flatMap((page) => page.contacts.map((contact) => contact.id))).toEqual(['35436', '35500']);
    expect(pages.at(-1)?.synchronization_checkpoint).toBe('2024-05-05 10:38:52 UTC');
  });

  it('an incremental next page keeps the checkpoint and continues from the cursor', async () => {
    const paging = createFakeUpstream(
      ZENDESK_TEST_ORIGIN,
      ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { users: pagingUsers }),
    );
    upstream.close();
    paging.listen();
    try {
      const pages = await syncAll({ synchronization_checkpoint: '2024-06-01 12:00:00 UTC' }, 2);
      expect(pages.flatMap((page) => page.contacts.map((contact) => contact.id))).toEqual([
        '501',
        '502',
        '503',
        '505',
        '506',
      ]);
      for (const page of pages) expect(page.synchronization_checkpoint).toBe('2024-06-01 12:00:00 UTC');
      expect(paging.requests[0]?.query.get('start_time')).toBe(String(Date.UTC(2024, 5, 1, 12) / 1000));
      expect(paging.requests.slice(1).every((request) => !request.query.has('start_time'))).toBe(true);
    } finally {
      paging.close();
      upstream.listen();
    }
  });

  it('never asks for the last minute, which Zendesk refuses, and drops changes before the checkpoint', async () => {
    // A fixed clock (Date only; timers stay real): the test and the connector read the same "now", so the
    // answer cannot change when a second boundary passes between them.
    const now = Date.parse('2026-06-01T12:00:00.750Z');
    vi.useFakeTimers({ toFake: ['Date'], now });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    // Zendesk answers from the (earlier) start it was given: a change before the checkpoint comes back too.
    upstream.use(
      http.get(`${upstream.origin}/api/v2/incremental/users/cursor`, () =>
        HttpResponse.json({
          users: [
            { ...pagingUsers[0], updated_at: new Date(now - 50_000).toISOString() },
            { ...pagingUsers[1], updated_at: new Date(now - 5_000).toISOString() },
          ],
          after_cursor: 'MTcxNzI0MzIwMC4wfHw1MDJ8',
          end_of_stream: true,
        }),
      ),
    );
    const checkpoint = toTalkdeskDate(now - 20_000) as string;
    const page = await synchronizeContacts(
      zendesk,
      { auth: ZENDESK_TEST_AUTH, meta: { synchronization_checkpoint: checkpoint } },
      options(),
    );
    expect(Number(queryOf(0).start_time)).toBe(Math.floor(now / 1000) - 61);
    expect(page.contacts.map((contact) => contact.id)).toEqual(['502']);
  });

  it('a cursor that is not Zendesk’s is invalid_request before any call; one Zendesk refuses too', async () => {
    const forged = offsetWithCursor('start_time=0&role=admin');
    const error = await failure(
      synchronizeContacts(zendesk, { auth: ZENDESK_TEST_AUTH, meta: { offset: forged } }, options()),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    expect(upstream.requests).toHaveLength(0);

    // Well-formed base64, but no cursor Zendesk issued: it answers 400.
    const unknown = offsetWithCursor(Buffer.from('not a cursor').toString('base64'));
    const refused = await failure(
      synchronizeContacts(zendesk, { auth: ZENDESK_TEST_AUTH, meta: { offset: unknown } }, options()),
    );
    expect(refused.code).toBe('invalid_request');
    expect(calls()).toEqual(['GET /api/v2/incremental/users/cursor']);
  });

  it('says that the export needs an admin when Zendesk answers 403', async () => {
    const agentOnly = createFakeUpstream(
      ZENDESK_TEST_ORIGIN,
      ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { currentUser: fakeAgents[1] }),
    );
    upstream.close();
    agentOnly.listen();
    try {
      const error = await failure(synchronizeContacts(zendesk, { auth: ZENDESK_TEST_AUTH }, options()));
      expect(error.code).toBe('upstream_unavailable');
      expect(error.message).toMatch(/admin/);
      // A 403 is not retried.
      expect(agentOnly.requests).toHaveLength(1);
    } finally {
      agentOnly.close();
      upstream.listen();
    }
  });
});

describe('agent synchronization', () => {
  it('lists agents and admins with one GET /api/v2/users, cursor paginated', async () => {
    const page = await synchronizeAgents(zendesk, { auth: ZENDESK_TEST_AUTH }, options());
    expect(calls()).toEqual(['GET /api/v2/users']);
    const query = upstream.requests[0]?.query;
    expect(query?.getAll('role[]')).toEqual(['agent', 'admin']);
    expect(query?.get('page[size]')).toBe('100');
    expect(query?.has('page[after]')).toBe(false);
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(ZENDESK_BASIC_HEADER);
    expect(page).toEqual({
      agents: [
        { id: '1900', name: 'Ada Admin', email: 'agent@acme.example' },
        { id: '1901', name: 'Alex Agent', email: 'alex@acme.example' },
      ],
    });
  });

  it('pages with page[after] from Zendesk’s after_cursor', async () => {
    const first = await synchronizeAgents(zendesk, { auth: ZENDESK_TEST_AUTH }, options({ pageSize: 1 }));
    expect(first.agents.map((agent) => agent.id)).toEqual(['1900']);
    expect(first.next_offset).toBeDefined();
    const second = await synchronizeAgents(
      zendesk,
      { auth: ZENDESK_TEST_AUTH, meta: { offset: first.next_offset } },
      options({ pageSize: 1 }),
    );
    expect(second.agents.map((agent) => agent.id)).toEqual(['1901']);
    expect(second.next_offset).toBeUndefined();
    expect(upstream.requests[1]?.query.get('page[after]')).toBe(cursorInOffset(first.next_offset as string));
    expect(upstream.requests[1]?.query.get('page[size]')).toBe('1');
  });

  it('a forged cursor is invalid_request without a call', async () => {
    const forged = offsetWithCursor('../users/me');
    const error = await failure(
      synchronizeAgents(zendesk, { auth: ZENDESK_TEST_AUTH, meta: { offset: forged } }, options()),
    );
    expect(error.code).toBe('invalid_request');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('action create_ticket', () => {
  const run = (body: { meta?: Record<string, unknown>; data: Record<string, unknown> }) =>
    executeAction(
      zendesk,
      'create_ticket',
      { auth: ZENDESK_TEST_AUTH, meta: body.meta ?? {}, data: body.data },
      options(),
    );
  /** Counts the POSTs msw sees, synchronously (the recorded requests are filled in after reading bodies). */
  const countPosts = () => {
    let count = 0;
    const listener = ({ request }: { request: Request }) => {
      if (request.method === 'POST') count += 1;
    };
    upstream.server.events.on('request:start', listener);
    return {
      stop: () => {
        upstream.server.events.removeListener('request:start', listener);
        return count;
      },
    };
  };

  it('creates the ticket for the synced contact, assigned to the agent — one POST', async () => {
    const answer = await run({
      meta: { contact_external_id: '35436', agent_external_id: '1901' },
      data: { subject: 'Missed call from Jane Doe', description: 'Jane called about her replacement.' },
    });
    expect(calls()).toEqual(['POST /api/v2/tickets']);
    const request = upstream.requests[0];
    expect(request?.headers.get('authorization')).toBe(ZENDESK_BASIC_HEADER);
    expect(request?.headers.get('content-type')).toMatch(/^application\/json/);
    expect(request?.json).toEqual({
      ticket: {
        subject: 'Missed call from Jane Doe',
        comment: { body: 'Jane called about her replacement.', public: false },
        requester_id: 35436,
        assignee_id: 1901,
      },
    });
    expect(answer).toEqual({
      message: expect.stringMatching(
        /^Ticket #\d+ created: https:\/\/acme\.zendesk\.com\/agent\/tickets\/\d+$/,
      ),
      external_id: expect.stringMatching(/^\d+$/),
    });
  });

  it('finds or creates the requester from data.contact_email and reports a new contact', async () => {
    const answer = await run({
      data: {
        subject: 'Call from a new caller',
        contact_email: 'new.caller@example.com',
        contact_name: 'Nia Caller',
      },
    });
    expect(calls()).toEqual(['POST /api/v2/tickets', expect.stringMatching(/^GET \/api\/v2\/users\/\d+$/)]);
    expect(upstream.requests[0]?.json).toEqual({
      ticket: {
        subject: 'Call from a new caller',
        comment: { body: 'Call from a new caller', public: false },
        requester: { email: 'new.caller@example.com', name: 'Nia Caller' },
      },
    });
    const requesterId = upstream.requests[1]?.path.split('/').at(-1);
    expect(answer).toMatchObject({
      contact_external_id: requesterId,
      contact_external_type: 'user',
      contact_external_url: `https://acme.zendesk.com/agent/users/${requesterId}`,
    });
  });

  it('does not report a contact when the email belongs to an existing user', async () => {
    const answer = await run({ data: { subject: 'Call from Joe', contact_email: 'joe@example.com' } });
    expect(upstream.requests[0]?.json).toMatchObject({
      ticket: { requester: { email: 'joe@example.com', name: 'joe@example.com' } },
    });
    expect(calls()).toEqual(['POST /api/v2/tickets', 'GET /api/v2/users/35500']);
    expect(answer.contact_external_id).toBeUndefined();
    expect(answer.external_id).toMatch(/^\d+$/);
  });

  it('sends the priority and a public first comment when asked', async () => {
    await run({
      meta: { contact_external_id: '35436' },
      data: {
        subject: 'Urgent callback',
        description: 'Call back today',
        priority: 'High',
        public_comment: 'yes',
      },
    });
    expect(upstream.requests[0]?.json).toEqual({
      ticket: {
        subject: 'Urgent callback',
        comment: { body: 'Call back today', public: true },
        requester_id: 35436,
        priority: 'high',
      },
    });
  });

  it.each([
    [{ meta: { contact_external_id: 'jane' }, data: { subject: 's' } }, 'meta.contact_external_id'],
    [
      { meta: { contact_external_id: '35436', agent_external_id: '1901 OR 1' }, data: { subject: 's' } },
      'meta.agent_external_id',
    ],
    // Neither the synchronized contact nor an email: the kit names the field that can still be sent.
    [{ data: { subject: 's' } }, 'data.contact_email'],
    [{ data: { subject: 's', contact_email: 'not an email' } }, 'data.contact_email'],
    [{ meta: { contact_external_id: '35436' }, data: { subject: 's', priority: 'asap' } }, 'data.priority'],
    [
      { meta: { contact_external_id: '35436' }, data: { subject: 's', public_comment: 'maybe' } },
      'data.public_comment',
    ],
  ])('refuses bad input as invalid_request naming it, with nothing sent (%#)', async (body, path) => {
    const error = await failure(run(body));
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.[0]?.path).toBe(path);
    expect(upstream.requests).toHaveLength(0);
  });

  it('Zendesk’s validation error is action_failed with a clear message, sent once', async () => {
    // 35500 is an end user: Zendesk refuses them as assignee with 422 RecordInvalid.
    const counter = countPosts();
    const error = await failure(
      run({
        meta: { contact_external_id: '35436', agent_external_id: '35500' },
        data: { subject: 'Assign me' },
      }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toMatch(/^Zendesk refused the ticket as invalid \(422\)/);
    expect(error.message).toContain('meta.agent_external_id');
    expect(counter.stop()).toBe(1);
  });

  it('retries a failed create only under one Idempotency-Key, which Zendesk de-duplicates', async () => {
    const keys: (string | null)[] = [];
    upstream.use(
      http.post(`${upstream.origin}/api/v2/tickets`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json({ error: 'ServiceUnavailable' }, { status: 503 });
      }),
    );
    const error = await failure(
      run({ meta: { contact_external_id: '35436' }, data: { subject: 'Missed call' } }),
    );
    expect(error.code).toBe('upstream_unavailable');
    expect(keys.length).toBeGreaterThan(1);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses a new Idempotency-Key for each action run', async () => {
    await run({ meta: { contact_external_id: '35436' }, data: { subject: 'First' } });
    await run({ meta: { contact_external_id: '35436' }, data: { subject: 'Second' } });
    const keys = upstream.requests
      .filter((request) => request.method === 'POST')
      .map((request) => request.headers.get('idempotency-key'));
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('is declared for Talkdesk with lower-case display and description', () => {
    const action = zendesk.actions?.create_ticket;
    expect(action?.display).toBe('create a ticket');
    expect(action?.description).toBe('create a new ticket in Zendesk');
    expect(action?.inputs.filter((input) => input.mandatory).map((input) => input.key)).toEqual(['subject']);
  });
});

describe('integration configuration', () => {
  it('describes the auth fields as Talkdesk’s own Zendesk integration does', () => {
    const fields = Object.fromEntries(
      describeAuthFields(zendesk.auth).map(({ name, field }) => [name, field]),
    );
    expect(fields.account).toMatchObject({
      display: 'Account',
      mandatory: true,
      format: 'https://{{account}}.zendesk.com',
    });
    expect(fields.email).toMatchObject({ display: 'Agent Email', mandatory: false });
    expect(fields.token).toMatchObject({
      display: 'API Token',
      mandatory: false,
      help: 'Admin Center > Apps and integrations > APIs > Zendesk API',
    });
    expect(fields.access_token).toMatchObject({ display: 'OAuth Access Token', mandatory: false });
  });
});
