import {
  type SynchronizeContactsOptions,
  synchronizeAgents,
  synchronizeContacts,
  twitterHandle,
  validateAuthentication,
} from '@talkbridge/core';
import { contactSynchronizationResponseSchema } from '@talkbridge/core/contract';
import {
  bridgeErrorOf,
  cursorInOffset,
  FAST_RETRY,
  type FakeUpstream,
  faults,
  HttpResponse,
  http,
  offsetWithCursor,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeHelpScout,
  type FakeCustomer,
  type FakeHelpScout,
  type FakeUser,
  HELPSCOUT_TOKEN,
  janeRoe,
} from './__fixtures__/fake-helpscout.js';
import { helpscout } from './helpscout-connector.js';
import { customerCursor, MAX_SEEN_IDS } from './helpscout-sync.js';

const auth = { access_token: HELPSCOUT_TOKEN };

function withUpstream(upstream: FakeUpstream) {
  beforeAll(() => upstream.listen());
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());
}

const failure = bridgeErrorOf;

const callsOf = (upstream: FakeUpstream) =>
  upstream.requests.map((request) => `${request.method} ${request.path}`);

/** A customer updated at `updatedAt`, named after its id. */
const customer = (id: number, updatedAt: string, extra: Partial<FakeCustomer> = {}): FakeCustomer => ({
  id,
  emails: [`c${id}@example.com`],
  phones: [],
  firstName: 'Customer',
  lastName: String(id),
  updatedAt,
  ...extra,
});

function syncer(upstream: FakeHelpScout, pageSize: number) {
  const options: SynchronizeContactsOptions = {
    settings: { baseUrl: upstream.origin },
    retry: FAST_RETRY,
    deadlineMs: 3_000,
    pageSize,
  };
  /** One Talkdesk request. */
  const page = (meta: Record<string, unknown> = {}) =>
    synchronizeContacts(helpscout, { auth, meta }, options);
  /** A whole run: every page until no next_offset; `between` runs after each page. */
  const run = async (checkpoint?: string, between?: (pageIndex: number) => void) => {
    const pages = [];
    let offset: string | undefined;
    do {
      const answer = await page({
        ...(checkpoint ? { synchronization_checkpoint: checkpoint } : {}),
        ...(offset ? { offset } : {}),
      });
      expect(contactSynchronizationResponseSchema.safeParse(answer).success).toBe(true);
      pages.push(answer);
      between?.(pages.length - 1);
      offset = answer.next_offset;
    } while (offset && pages.length < 50);
    return {
      pages,
      ids: pages.flatMap((answer) => answer.contacts.map((contact) => contact.id)),
      checkpoint: pages.at(-1)?.synchronization_checkpoint,
    };
  };
  return { page, run };
}

describe('auth validation', () => {
  const upstream = createFakeHelpScout();
  withUpstream(upstream);
  const options = { settings: { baseUrl: upstream.origin }, retry: FAST_RETRY, deadlineMs: 3_000 };

  it('reads the token’s user once (GET /v2/users/me) and stores nothing', async () => {
    await expect(validateAuthentication(helpscout, { auth }, options)).resolves.toBeUndefined();
    expect(callsOf(upstream)).toEqual(['GET /v2/users/me']);
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(`Bearer ${HELPSCOUT_TOKEN}`);
    expect([...(upstream.requests[0]?.query.keys() ?? [])]).toEqual([]);
  });

  it('a token Help Scout refuses is invalid_credentials, after that one call', async () => {
    const error = await failure(
      validateAuthentication(helpscout, { auth: { access_token: 'hs-revoked-0000' } }, options),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(callsOf(upstream)).toEqual(['GET /v2/users/me']);
  });
});

describe('contact sync: the request and the fields', () => {
  const upstream = createFakeHelpScout({
    customers: [janeRoe, customer(9001, '2024-02-01T08:00:00Z', { firstName: '', lastName: '' })],
  });
  withUpstream(upstream);
  const { page } = syncer(upstream, 100);

  it('lists customers by modification time, ascending, from page 1, without modifiedSince', async () => {
    const answer = await page();
    expect(callsOf(upstream)).toEqual(['GET /v2/customers']);
    const request = upstream.requests[0]!;
    expect(Object.fromEntries(request.query)).toEqual({
      sortField: 'modifiedAt',
      sortOrder: 'asc',
      page: '1',
    });
    expect(request.headers.get('authorization')).toBe(`Bearer ${HELPSCOUT_TOKEN}`);
    expect(answer.next_offset).toBeUndefined();
    expect(answer.synchronization_checkpoint).toBe('2024-05-03 09:15:11 UTC');
    expect(answer.contacts.map((contact) => contact.id)).toEqual(['9001', '238604']);
  });

  it('returns every field Help Scout’s customer list has', async () => {
    const [nameless, jane] = (await page()).contacts;
    expect(jane).toEqual({
      id: '238604',
      name: 'Jane Roe',
      company: 'Acme, Inc',
      title: 'Office Manager',
      emails: ['jane.roe@example.com', 'jroe@home.example'],
      phones: ['(555) 555-0142'],
      photo_url: 'https://d33v4339jhl8k0.cloudfront.net/customer-avatar/05.png',
      address: 'Dallas, TX',
      websites: ['https://acme.example'],
      twitter: 'janeroe',
      url: 'https://secure.helpscout.net/customer/238604/0/',
    });
    // No name in Help Scout: the email stands in (Talkdesk requires a name).
    expect(nameless).toMatchObject({ id: '9001', name: 'c9001@example.com' });
  });

  it('reads Twitter handles stored as URLs or handles', () => {
    expect(twitterHandle('https://twitter.com/janeroe')).toBe('janeroe');
    expect(twitterHandle('x.com/@jane_r')).toBe('jane_r');
    expect(twitterHandle('@jane')).toBe('jane');
    expect(twitterHandle('https://example.com/jane')).toBeUndefined();
  });
});

describe('contact sync: paging when several customers share an update second', () => {
  // Three at 10:00:00, three at 11:00:00, one at 12:00:00; Help Scout pages of 3 (its real size is 50),
  // ties in the fake's own order (higher ids first), not by id.
  const T1 = '2024-05-01T10:00:00Z';
  const T2 = '2024-05-01T11:00:00Z';
  const T3 = '2024-05-01T12:00:00Z';
  const customers = [
    customer(101, T1),
    customer(102, T1),
    customer(103, T1),
    customer(201, T2),
    customer(202, T2),
    customer(203, T2),
    customer(301, T3),
  ];
  const upstream = createFakeHelpScout({ customers, customerPageSize: 3 });
  withUpstream(upstream);

  it('returns each customer once, ascending, in Talkdesk pages of 2 across Help Scout pages', async () => {
    const { pages, ids, checkpoint } = await syncer(upstream, 2).run();
    // Ascending by second, ties in Help Scout's order; each customer once.
    expect(ids).toEqual(['103', '102', '101', '203', '202', '201', '301']);
    expect(pages.map((answer) => answer.contacts.length)).toEqual([2, 2, 2, 1]);
    expect(checkpoint).toBe('2024-05-01 12:00:00 UTC');
    // Each later read restarts "modified since" one second before the last second returned.
    const since = upstream.requests.map((request) => request.query.get('modifiedSince'));
    expect(since[0]).toBeNull();
    expect(since.slice(1).every((value) => value === null || /T\d{2}:\d{2}:\d{2}Z$/.test(value))).toBe(true);
    expect(since).toContain('2024-05-01T09:59:59Z');
    expect(since).toContain('2024-05-01T10:59:59Z');
  });

  it('an incremental sync sends the checkpoint as modifiedSince (one second earlier: inclusive)', async () => {
    const answer = await syncer(upstream, 100).page({
      synchronization_checkpoint: '2024-05-01 11:00:00 UTC',
    });
    expect(upstream.requests[0]?.query.get('modifiedSince')).toBe('2024-05-01T10:59:59Z');
    // Everyone updated at 11:00:00 (the checkpoint's second) and after; nobody from 10:00:00.
    expect(answer.contacts.map((contact) => contact.id).sort()).toEqual(['201', '202', '203', '301']);
    expect(answer.synchronization_checkpoint).toBe('2024-05-01 12:00:00 UTC');
    expect(answer.next_offset).toBeUndefined();
  });

  it('an incremental sync drops what Help Scout returns from before the checkpoint', async () => {
    // Were modifiedSince inclusive, Help Scout would also list the second before: those are left out.
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () =>
        HttpResponse.json({
          _embedded: {
            customers: [
              { id: 103, firstName: 'Early', updatedAt: '2024-05-01T10:59:59Z' },
              { id: 201, firstName: 'On time', updatedAt: '2024-05-01T11:00:00Z' },
            ],
          },
          page: { size: 50, totalElements: 2, totalPages: 1, number: 1 },
        }),
      ),
    );
    const answer = await syncer(upstream, 100).page({
      synchronization_checkpoint: '2024-05-01 11:00:00 UTC',
    });
    expect(answer.contacts.map((contact) => contact.id)).toEqual(['201']);
  });

  it('an incremental sync with nothing new answers no contacts, the same checkpoint, one call', async () => {
    const answer = await syncer(upstream, 100).page({
      synchronization_checkpoint: '2024-06-01 00:00:00 UTC',
    });
    expect(answer).toEqual({ contacts: [], synchronization_checkpoint: '2024-06-01 00:00:00 UTC' });
    expect(callsOf(upstream)).toEqual(['GET /v2/customers']);
  });
});

describe('contact sync: more customers in one second than one Help Scout page holds', () => {
  const T1 = '2024-05-01T10:00:00Z';
  const sameSecond = Array.from({ length: 8 }, (_, index) => customer(500 + index, T1));
  const crowded = createFakeHelpScout({
    customers: [...sameSecond, customer(900, '2024-05-01T11:00:00Z')],
    customerPageSize: 3,
  });
  withUpstream(crowded);

  it('follows Help Scout’s pages through the second, each customer once', async () => {
    const { ids } = await syncer(crowded, 2).run();
    expect(ids).toEqual(['507', '506', '505', '504', '503', '502', '501', '500', '900']);
    expect(crowded.requests.some((request) => request.query.get('page') !== '1')).toBe(true);
  });
});

describe('contact sync: a customer edited while the sync pages', () => {
  const T1 = '2024-05-01T10:00:00Z';
  const T2 = '2024-05-01T11:00:00Z';
  const moving = createFakeHelpScout({
    customers: [
      customer(101, T1),
      customer(102, T1),
      customer(103, T1),
      customer(201, T2),
      customer(202, T2),
      customer(203, T2),
      customer(301, '2024-05-01T12:00:00Z'),
    ],
    customerPageSize: 3,
  });
  withUpstream(moving);

  it('comes back later with its new time; nobody is skipped', async () => {
    const { ids, checkpoint } = await syncer(moving, 2).run(undefined, (pageIndex) => {
      // After the first page (103 and 102), 101 — not returned yet — is edited in Help Scout.
      const edited = moving.customers.find((c) => c.id === 101);
      if (pageIndex === 0 && edited) edited.updatedAt = '2024-05-01T13:00:00Z';
    });
    expect(ids).toEqual(['103', '102', '203', '202', '201', '301', '101']);
    expect(checkpoint).toBe('2024-05-01 13:00:00 UTC');
  });
});

describe('contact sync: cursors', () => {
  const upstream = createFakeHelpScout();
  withUpstream(upstream);
  const { page } = syncer(upstream, 2);

  it.each([
    ['not ours', 'garbage'],
    ['a page 0', { t: 1714557600, page: 0, seen: [] }],
    ['an id that is not a number', { t: 1714557600, page: 1, seen: ['ab-cd'] }],
    ['too many ids', { t: 1714557600, page: 1, seen: Array.from({ length: 301 }, (_, i) => i) }],
    ['a fractional second', { t: 1714557600.5, page: 1, seen: [] }],
    ['another field', { t: 1714557600, page: 1, seen: [], query: 'x' }],
  ])('refuses %s as invalid_request before calling Help Scout', async (_label, cursor) => {
    const error = await failure(page({ offset: offsetWithCursor(cursor) }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    expect(upstream.requests).toHaveLength(0);
  });

  it('keeps the most recent ids when a second has more than the cursor holds', () => {
    const seen = new Set(Array.from({ length: 450 }, (_, index) => String(Number.MAX_SAFE_INTEGER - index)));
    const cursor = customerCursor(1714557600, 9, seen);
    expect(cursor.page).toBe(9);
    expect(cursor.seen).toHaveLength(MAX_SEEN_IDS);
    expect(cursor.seen).toContain(Number.MAX_SAFE_INTEGER - 449);
    expect(cursor.seen).not.toContain(Number.MAX_SAFE_INTEGER);
    // The largest cursor still fits in the offset core issues (it refuses to issue one past 8,192).
    expect(offsetWithCursor(cursor).length).toBeLessThanOrEqual(8192);
  });

  it('carries the second, the page and the ids already returned through the offset', async () => {
    const customers = [customer(101, '2024-05-01T10:00:00Z'), customer(102, '2024-05-01T10:00:00Z')];
    const tied = createFakeHelpScout({ customers, customerPageSize: 50 });
    tied.listen();
    try {
      const first = await synchronizeContacts(
        helpscout,
        { auth },
        { settings: { baseUrl: tied.origin }, retry: FAST_RETRY, deadlineMs: 3_000, pageSize: 1 },
      );
      expect(cursorInOffset(first.next_offset)).toEqual({
        t: Date.parse('2024-05-01T10:00:00Z') / 1000,
        page: 1,
        seen: [Number(first.contacts[0]?.id)],
      });
    } finally {
      tied.close();
    }
  });
});

describe('agent sync', () => {
  const users: FakeUser[] = [
    { id: 4, firstName: 'Vernon', lastName: 'Bear', email: 'bear@acme.com', role: 'owner' },
    { id: 7, firstName: 'Kim', lastName: 'Ito', email: 'kim.ito@acme.example' },
    { id: 8, firstName: 'No', lastName: 'Mail', email: '' },
    { id: 9, firstName: 'Night', lastName: 'Shift', email: 'night@acme.example', type: 'team' },
    { id: 11, firstName: '', lastName: '', email: 'sam@acme.example' },
  ];
  const upstream = createFakeHelpScout({ users, userPageSize: 3 });
  withUpstream(upstream);
  const options = (pageSize: number) => ({
    settings: { baseUrl: upstream.origin },
    retry: FAST_RETRY,
    deadlineMs: 3_000,
    pageSize,
  });

  it('maps Help Scout users page by page (GET /v2/users?page=N), leaving out teams and users without email', async () => {
    const first = await synchronizeAgents(helpscout, { auth }, options(100));
    expect(first.agents).toEqual([
      { id: '4', name: 'Vernon Bear', email: 'bear@acme.com' },
      { id: '7', name: 'Kim Ito', email: 'kim.ito@acme.example' },
    ]);
    expect(first.next_offset).toBeDefined();
    const second = await synchronizeAgents(
      helpscout,
      { auth, meta: { offset: first.next_offset } },
      options(100),
    );
    expect(second).toEqual({ agents: [{ id: '11', name: 'sam@acme.example', email: 'sam@acme.example' }] });
    expect(upstream.requests.map((request) => Object.fromEntries(request.query))).toEqual([
      { page: '1' },
      { page: '2' },
    ]);
    expect(callsOf(upstream)).toEqual(['GET /v2/users', 'GET /v2/users']);
  });

  it('splits one Help Scout page when Talkdesk’s page is smaller, without skipping anyone', async () => {
    const ids: string[] = [];
    let offset: string | undefined;
    do {
      const answer = await synchronizeAgents(helpscout, { auth, meta: offset ? { offset } : {} }, options(2));
      ids.push(...answer.agents.map((agent) => agent.id));
      offset = answer.next_offset;
    } while (offset);
    expect(ids).toEqual(['4', '7', '11']);
    expect(upstream.requests.map((request) => request.query.get('page'))).toEqual(['1', '1', '2']);
  });

  it('refuses a forged offset and maps a refused token', async () => {
    const forged = await failure(
      synchronizeAgents(
        helpscout,
        { auth, meta: { offset: offsetWithCursor({ page: 1, skip: 'x' }) } },
        options(2),
      ),
    );
    expect(forged.code).toBe('invalid_request');
    expect(upstream.requests).toHaveLength(0);
    upstream.use(faults.unauthorized(upstream.origin));
    expect((await failure(synchronizeAgents(helpscout, { auth }, options(2)))).code).toBe(
      'invalid_credentials',
    );
  });
});
