// Auth validation, contact and agent synchronization, and the create_ticket action of the Freshdesk
// connector, against the fake Freshdesk account: what each hook sends and what it makes of the answers.
import {
  type ContactSynchronizationResponse,
  executeAction,
  type PipelineOptions,
  synchronizeAgents,
  synchronizeContacts,
  validateAuthentication,
} from '@talkbridge/core';
import { contactSynchronizationResponseSchema } from '@talkbridge/core/contract';
import {
  bridgeErrorOf,
  createCaptureLogger,
  FAST_RETRY,
  faults,
  HttpResponse,
  http,
  offsetWithCursor,
  type RecordedRequest,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFreshdeskUpstream,
  type FixtureContactFull,
  FRESHDESK_API_KEY,
  FRESHDESK_AUTHORIZATION,
  fixtureAgents,
  fixtureContacts,
  freshdeskHandler,
} from './__fixtures__/fake-freshdesk.js';
import { freshdesk } from './freshdesk-connector.js';

const ORIGIN = 'https://acme.freshdesk.com';
const auth = { domain: 'acme', api_key: FRESHDESK_API_KEY };
const options: PipelineOptions = {
  deadlineMs: 3_000,
  retry: FAST_RETRY,
};

const upstream = createFreshdeskUpstream(ORIGIN);
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const described = (request: RecordedRequest) =>
  `${request.method} ${request.path}${request.query.size > 0 ? `?${request.query}` : ''}`;

const failureOf = bridgeErrorOf;

function contact(id: number, name: string, updatedAt: string, extra: Partial<FixtureContactFull> = {}) {
  return {
    id,
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
    other_emails: [],
    phone: null,
    mobile: null,
    company_id: null,
    deleted: false,
    updated_at: updatedAt,
    ...extra,
  } as FixtureContactFull;
}

/** Runs a whole synchronization the way Talkdesk does: pages until no next_offset. */
async function syncRun(
  meta: Record<string, unknown>,
  pageSize: number,
  between?: (pageNumber: number) => void,
): Promise<ContactSynchronizationResponse[]> {
  const pages: ContactSynchronizationResponse[] = [];
  let offset: string | undefined;
  do {
    const page = await synchronizeContacts(
      freshdesk,
      { auth, meta: { ...meta, ...(offset ? { offset } : {}) } },
      { ...options, pageSize },
    );
    expect(contactSynchronizationResponseSchema.safeParse(page).success).toBe(true);
    pages.push(page);
    offset = page.next_offset;
    between?.(pages.length);
  } while (offset && pages.length < 20);
  return pages;
}

const idsOf = (pages: ContactSynchronizationResponse[]) =>
  pages.flatMap((page) => page.contacts.map((item) => item.id));

describe('auth validation', () => {
  it('sends one GET /agents/me with the API key as Basic user and X as password, and stores nothing', async () => {
    await expect(validateAuthentication(freshdesk, { auth }, options)).resolves.toBeUndefined();
    expect(upstream.requests.map(described)).toEqual(['GET /api/v2/agents/me']);
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${FRESHDESK_API_KEY}:X`).toString('base64')}`,
    );
  });

  it('reports a refused key (401) as invalid_credentials', async () => {
    const error = await failureOf(
      validateAuthentication(freshdesk, { auth: { ...auth, api_key: 'wrong-key-5521' } }, options),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(upstream.requests).toHaveLength(1);
  });

  it('reports a key that may not use the agent API (403) as invalid_credentials too', async () => {
    upstream.use(
      http.get(`${ORIGIN}/api/v2/agents/me`, () =>
        HttpResponse.json(
          { code: 'access_denied', message: 'You are not authorized to perform this action.' },
          { status: 403 },
        ),
      ),
    );
    const error = await failureOf(validateAuthentication(freshdesk, { auth }, options));
    expect(error.code).toBe('invalid_credentials');
    expect(error.message).toContain('403');
    expect(upstream.requests).toHaveLength(1);
  });

  it('keeps a Freshdesk outage an outage, not a credentials problem', async () => {
    upstream.use(faults.failFirst(ORIGIN, 10, 503));
    expect((await failureOf(validateAuthentication(freshdesk, { auth }, options))).code).toBe(
      'upstream_unavailable',
    );
  });
});

describe('contact synchronization', () => {
  it('initial sync: GET /contacts without a filter, every field mapped, ascending, company names looked up', async () => {
    const page = await synchronizeContacts(freshdesk, { auth }, options);

    // One list call, then one call per distinct company on the page (the deleted company answers 404).
    expect(upstream.requests[0] && described(upstream.requests[0])).toBe(
      'GET /api/v2/contacts?per_page=100&page=1',
    );
    expect(upstream.requests.slice(1).map(described).sort()).toEqual([
      'GET /api/v2/companies/80000123',
      'GET /api/v2/companies/80000124',
      'GET /api/v2/companies/80000999',
    ]);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(FRESHDESK_AUTHORIZATION);
    }

    // Ascending by update time, then id: Marcus and Aisha share an instant, so do Emily and Bruno.
    expect(page.contacts.map((item) => item.id)).toEqual(['433', '435', '432', '436']);
    expect(page.contacts.find((item) => item.id === '432')).toEqual({
      id: '432',
      name: 'Emily Garcia',
      company: 'Garcia Interiors',
      title: 'Operations lead',
      emails: ['emily.garcia@example.com', 'emily@garcia-family.example'],
      phones: ['(555) 555-0123'],
      photo_url: expect.stringMatching(/^https:\/\/s3\.amazonaws\.com\/.+\/emily\.jpg\?/),
      address: '1 Market St, San Francisco',
      twitter: 'emilyg_design',
      url: `${ORIGIN}/a/contacts/432`,
    });
    // A company deleted since (404) leaves the company out; a handle's "@" is dropped.
    expect(page.contacts.find((item) => item.id === '436')).toEqual({
      id: '436',
      name: 'Bruno Costa',
      phones: ['+351 912 345 678'],
      twitter: 'brunocosta',
      url: `${ORIGIN}/a/contacts/436`,
    });
    expect(page.synchronization_checkpoint).toBe('2025-03-02 10:40:11 UTC');
    expect(page.next_offset).toBeUndefined();
  });

  it('sends a contact without its company when Freshdesk cannot answer for the company, and says so', async () => {
    upstream.use(
      http.get(`${ORIGIN}/api/v2/companies/80000123`, () =>
        HttpResponse.json({ code: 'internal_error' }, { status: 503 }),
      ),
    );
    const log = createCaptureLogger();
    const page = await synchronizeContacts(freshdesk, { auth }, { ...options, log });
    const emily = page.contacts.find((item) => item.id === '432');
    expect(emily?.name).toBe('Emily Garcia');
    expect(emily).not.toHaveProperty('company');
    expect(page.contacts.find((item) => item.id === '435')?.company).toBeDefined();
    expect(log.lines.some((line) => line.level === 'warn' && line.fields.lookup === 'company name')).toBe(
      true,
    );
  });

  it('still fails the page when the company lookup finds the key refused', async () => {
    upstream.use(
      http.get(`${ORIGIN}/api/v2/companies/80000123`, () =>
        HttpResponse.json({ code: 'invalid_credentials' }, { status: 401 }),
      ),
    );
    const error = await failureOf(synchronizeContacts(freshdesk, { auth }, options));
    expect(error.code).toBe('invalid_credentials');
  });

  it('leaves company names out, and their calls, with syncCompanyNames: false', async () => {
    const page = await synchronizeContacts(
      freshdesk,
      { auth },
      { ...options, settings: { syncCompanyNames: false } },
    );
    expect(upstream.requests.map(described)).toEqual(['GET /api/v2/contacts?per_page=100&page=1']);
    expect(page.contacts.every((item) => item.company === undefined)).toBe(true);
  });

  it('accepts syncCompanyNames only as true or false', () => {
    expect(freshdesk.settingsSchema.safeParse({ syncCompanyNames: false }).success).toBe(true);
    expect(freshdesk.settingsSchema.safeParse({ syncCompanyNames: 'no' }).success).toBe(false);
  });

  it('incremental sync: _updated_since one second before the checkpoint, contacts of the checkpoint second kept, older ones dropped', async () => {
    upstream.use(
      freshdeskHandler(ORIGIN, {
        contacts: [
          ...fixtureContacts(),
          // Updated one second before the checkpoint: returned by the widened filter, not synced.
          contact(440, 'Carla Diaz', '2025-03-02T10:40:10Z'),
        ],
      }),
    );
    const page = await synchronizeContacts(
      freshdesk,
      { auth, meta: { synchronization_checkpoint: '2025-03-02 10:40:11 UTC' } },
      { ...options, settings: { syncCompanyNames: false } },
    );
    expect(upstream.requests.map(described)).toEqual([
      'GET /api/v2/contacts?_updated_since=2025-03-02T10%3A40%3A10Z&per_page=100&page=1',
    ]);
    // Both contacts updated in the checkpoint's second come back (the filter is inclusive).
    expect(page.contacts.map((item) => item.id)).toEqual(['432', '436']);
    expect(page.synchronization_checkpoint).toBe('2025-03-02 10:40:11 UTC');
  });

  describe('paging across pages where contacts share an update instant', () => {
    // Freshdesk lists by name: Ann, Ben, Cid, Dee, Eve, Fay, Gus.
    const sameInstant = '2025-01-01T09:00:00Z';
    const contacts = () => [
      contact(7, 'Gus', '2025-01-01T08:00:00Z'),
      contact(1, 'Ann', sameInstant),
      contact(5, 'Eve', sameInstant),
      contact(3, 'Cid', sameInstant),
      contact(2, 'Ben', '2025-01-02T00:00:00Z'),
      contact(6, 'Fay', sameInstant),
      contact(4, 'Dee', '2024-12-31T23:59:59Z'),
    ];

    it('sends every contact exactly once, each page ascending, re-reading the previous page from the second step on', async () => {
      upstream.use(freshdeskHandler(ORIGIN, { contacts: contacts() }));
      const pages = await syncRun({}, 3);

      expect(pages.map((page) => page.contacts.map((item) => item.id))).toEqual([
        ['1', '3', '2'], // Ann, Ben, Cid by name; sent by update time then id
        ['4', '5', '6'], // Dee, Eve, Fay
        ['7'], // Gus
      ]);
      const ids = idsOf(pages);
      expect(new Set(ids).size).toBe(7);
      expect(ids).toHaveLength(7);
      expect(pages.at(-1)?.synchronization_checkpoint).toBe('2025-01-02 00:00:00 UTC');
      // Step 1 reads page 1; step 2 pages 1 and 2 (at once); step 3 pages 2 and 3.
      expect(
        upstream.requests.map((request) => [request.query.get('per_page'), request.query.get('page')]).sort(),
      ).toEqual([
        ['3', '1'],
        ['3', '1'],
        ['3', '2'],
        ['3', '2'],
        ['3', '3'],
      ]);
      expect(upstream.requests.every((request) => !request.query.has('_updated_since'))).toBe(true);
    });

    it('keeps the run’s own filter on every page, whatever checkpoint comes with the offset', async () => {
      upstream.use(freshdeskHandler(ORIGIN, { contacts: contacts() }));
      const first = await synchronizeContacts(
        freshdesk,
        { auth, meta: { synchronization_checkpoint: '2025-01-01 09:00:00 UTC' } },
        { ...options, pageSize: 2 },
      );
      // Updated at or after the checkpoint, by name: Ann, Ben | Cid, Eve | Fay.
      expect(first.contacts.map((item) => item.id)).toEqual(['1', '2']);
      const second = await synchronizeContacts(
        freshdesk,
        // Talkdesk echoes a later checkpoint this time: the cursor's filter still applies.
        { auth, meta: { synchronization_checkpoint: '2025-01-02 00:00:00 UTC', offset: first.next_offset } },
        { ...options, pageSize: 2 },
      );
      const filters = upstream.requests.map((request) => request.query.get('_updated_since'));
      expect(new Set(filters)).toEqual(new Set(['2025-01-01T08:59:59Z']));
      expect(second.contacts.length).toBeGreaterThan(0);
    });

    it('loses nobody when a contact before the current page is deleted mid-run (the list shifts down)', async () => {
      const account = contacts();
      upstream.use(freshdeskHandler(ORIGIN, { contacts: account }));
      const pages = await syncRun({}, 2, (pageNumber) => {
        if (pageNumber === 1) {
          // Ann (already sent) is merged away: Cid slides onto page 1, which was already read.
          const ann = account.find((item) => item.id === 1) as FixtureContactFull;
          ann.deleted = true;
          ann.updated_at = '2025-01-03T00:00:00Z';
        }
      });
      const ids = idsOf(pages);
      expect(new Set(ids)).toEqual(new Set(['1', '2', '3', '4', '5', '6', '7']));
      // Cid was rescued from the re-read page 1; nobody came twice.
      expect(ids).toHaveLength(7);
    });

    it('leaves a contact updated mid-run to the next run, and sends a shifted one only once', async () => {
      let clock = Date.parse('2025-01-05T12:00:00Z');
      const account = contacts();
      upstream.use(freshdeskHandler(ORIGIN, { contacts: account, now: () => clock }));
      const pages = await syncRun({}, 2, (pageNumber) => {
        if (pageNumber === 1) {
          clock += 60_000;
          // A new contact sorts first (everyone moves up a place) and Eve changes, both after the run began.
          account.push(contact(8, 'Abe', '2025-01-05T12:01:00Z'));
          (account.find((item) => item.id === 5) as FixtureContactFull).updated_at = '2025-01-05T12:01:00Z';
        }
      });
      const ids = idsOf(pages);
      expect(ids).toHaveLength(new Set(ids).size);
      expect(ids).not.toContain('8');
      expect(ids).not.toContain('5');
      expect(new Set(ids)).toEqual(new Set(['1', '2', '3', '4', '6', '7']));
      // The checkpoint stays before both: the next run, from it, sends them.
      const checkpoint = pages.at(-1)?.synchronization_checkpoint as string;
      expect(checkpoint).toBe('2025-01-02 00:00:00 UTC');
      upstream.requests.length = 0;
      const next = await syncRun({ synchronization_checkpoint: checkpoint }, 100);
      expect(idsOf(next)).toEqual(['2', '5', '8']);
    });
  });

  it('refuses a forged cursor as invalid_request without calling Freshdesk', async () => {
    const run = { since: 0, start: 1735725600, perPage: 3, page: 2, seen: [] };
    const forged = [
      'c1.x', // text, not a run
      { ...run, perPage: 500 }, // a page size Freshdesk does not have
      { ...run, page: 1 }, // page 1 never continues a run
      { ...run, since: 1735725600, start: 0 }, // the run started before its checkpoint
      { ...run, perPage: 2, seen: [1, 2, 3] }, // more ids than a page holds
      { ...run, start: 99_999_999_999 }, // a run that starts in the future
      { ...run, seen: ['1'] }, // ids are numbers
      { ...run, extra: 'x' }, // nothing else rides along
      { perPage: 3, page: 2 }, // an agent cursor
    ];
    for (const cursor of forged) {
      const error = await failureOf(
        synchronizeContacts(freshdesk, { auth, meta: { offset: offsetWithCursor(cursor) } }, options),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    }
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('agent synchronization', () => {
  it('lists GET /agents as {id, name, email}', async () => {
    const page = await synchronizeAgents(freshdesk, { auth }, options);
    expect(upstream.requests.map(described)).toEqual(['GET /api/v2/agents?per_page=100&page=1']);
    expect(page).toEqual({
      agents: [
        { id: '80000011', name: 'Priya Natarajan', email: 'priya@acme.example' },
        { id: '80000012', name: 'Tom Becker', email: 'tom@acme.example' },
        { id: '80000013', name: 'Lena Park', email: 'lena@acme.example' },
      ],
    });
  });

  it('pages with Freshdesk’s page numbers while the Link header says there is more', async () => {
    const first = await synchronizeAgents(freshdesk, { auth }, { ...options, pageSize: 2 });
    expect(first.agents.map((agent) => agent.id)).toEqual(['80000011', '80000012']);
    expect(first.next_offset).toBeDefined();
    const second = await synchronizeAgents(
      freshdesk,
      { auth, meta: { offset: first.next_offset } },
      { ...options, pageSize: 2 },
    );
    expect(second).toEqual({ agents: [{ id: '80000013', name: 'Lena Park', email: 'lena@acme.example' }] });
    expect(upstream.requests.map(described)).toEqual([
      'GET /api/v2/agents?per_page=2&page=1',
      'GET /api/v2/agents?per_page=2&page=2',
    ]);
  });

  it('leaves out an agent without an email', async () => {
    const [priya, tom] = fixtureAgents() as [
      ReturnType<typeof fixtureAgents>[number],
      ReturnType<typeof fixtureAgents>[number],
    ];
    upstream.use(
      freshdeskHandler(ORIGIN, { agents: [priya, { ...tom, contact: { ...tom.contact, email: null } }] }),
    );
    const page = await synchronizeAgents(freshdesk, { auth }, options);
    expect(page.agents.map((agent) => agent.id)).toEqual(['80000011']);
  });

  it('refuses a forged cursor as invalid_request without calling Freshdesk', async () => {
    for (const cursor of [
      { perPage: 2, page: 1 },
      { perPage: 101, page: 2 },
      { perPage: 2, page: 2.5 },
      '2',
      { since: 0, start: 0, perPage: 2, page: 2, seen: [] },
    ]) {
      const error = await failureOf(
        synchronizeAgents(freshdesk, { auth, meta: { offset: offsetWithCursor(cursor) } }, options),
      );
      expect(error.code).toBe('invalid_request');
    }
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('action create_ticket', () => {
  const createTicket = (meta: Record<string, unknown>, data: Record<string, unknown>) =>
    executeAction(freshdesk, 'create_ticket', { auth, meta, data }, options);
  const gets = () => upstream.requests.filter((request) => request.method === 'GET').map(described);

  /**
   * Records each POST /tickets as it reaches Freshdesk (body read before the fake answers), then lets the
   * fake account handle it.
   */
  function ticketPosts() {
    const posts: { body: unknown; authorization: string | null; contentType: string | null }[] = [];
    upstream.use(
      http.post(`${ORIGIN}/api/v2/tickets`, async ({ request }) => {
        posts.push({
          body: await request.clone().json(),
          authorization: request.headers.get('authorization'),
          contentType: request.headers.get('content-type'),
        });
        return undefined;
      }),
    );
    return posts;
  }

  it('is declared for Talkdesk in lower case, with the subject mandatory', () => {
    const action = freshdesk.actions?.create_ticket;
    expect(action?.display).toBe('create a ticket');
    expect(action?.description).toBe('create a new ticket in Freshdesk');
    expect(action?.inputs.filter((input) => input.mandatory).map((input) => input.key)).toEqual(['subject']);
  });

  it('creates the ticket for the synced contact, assigned to the agent: one POST /tickets', async () => {
    upstream.use(freshdeskHandler(ORIGIN));
    const posts = ticketPosts();
    const answer = await createTicket(
      { contact_external_id: '432', agent_external_id: '80000012' },
      { subject: 'Lamp replacement', description: 'Wants a <b>new</b> lamp & a refund.\nCall back Friday.' },
    );
    expect(answer).toEqual({ message: 'Freshdesk ticket 22 created', external_id: '22' });
    expect(gets()).toEqual([]);
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post?.authorization).toBe(FRESHDESK_AUTHORIZATION);
    expect(post?.contentType).toContain('application/json');
    expect(post?.body).toEqual({
      subject: 'Lamp replacement',
      description: 'Wants a &lt;b&gt;new&lt;/b&gt; lamp &amp; a refund.<br>Call back Friday.',
      status: 2,
      priority: 1,
      source: 3,
      requester_id: 432,
      responder_id: 80000012,
    });
  });

  it('uses the subject as the description Freshdesk requires, and maps the priority', async () => {
    upstream.use(freshdeskHandler(ORIGIN));
    const posts = ticketPosts();
    await createTicket({ contact_external_id: '433' }, { subject: 'Missed call', priority: 'Urgent' });
    expect(posts.map((post) => post.body)).toEqual([
      {
        subject: 'Missed call',
        description: 'Missed call',
        status: 2,
        priority: 4,
        source: 3,
        requester_id: 433,
      },
    ]);
  });

  it('finds the requester by data.contact_email (a secondary email too) when no contact id comes', async () => {
    upstream.use(freshdeskHandler(ORIGIN));
    const posts = ticketPosts();
    const answer = await createTicket(
      {},
      { subject: 'Order status', contact_email: 'AKhan@Northwind.example' },
    );
    expect(gets()).toEqual(['GET /api/v2/contacts?email=akhan%40northwind.example']);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ requester_id: 435 });
    expect(posts[0]?.body).not.toHaveProperty('email');
    expect(answer.contact_external_id).toBeUndefined();
  });

  it('lets Freshdesk create a contact Freshdesk does not know, and answers its id and link', async () => {
    upstream.use(freshdeskHandler(ORIGIN));
    const posts = ticketPosts();
    const answer = await createTicket(
      { agent_external_id: '80000011' },
      { subject: 'New caller', contact_email: 'dana@newco.example', contact_name: 'Dana Whit' },
    );
    expect(gets()).toEqual(['GET /api/v2/contacts?email=dana%40newco.example']);
    expect(posts.map((post) => post.body)).toEqual([
      {
        subject: 'New caller',
        description: 'New caller',
        status: 2,
        priority: 1,
        source: 3,
        email: 'dana@newco.example',
        name: 'Dana Whit',
        responder_id: 80000011,
      },
    ]);
    expect(answer).toEqual({
      message: 'Freshdesk ticket 22 created',
      external_id: '22',
      contact_external_id: '437',
      contact_external_type: 'contact',
      contact_external_url: `${ORIGIN}/a/contacts/437`,
    });
  });

  it('refuses a request without a requester, a bad priority or an id that is not Freshdesk’s, sending nothing', async () => {
    const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
      [{}, { subject: 'x' }, 'data.contact_email'],
      [{}, { subject: 'x', contact_email: 'not-an-email' }, 'data.contact_email'],
      [{ contact_external_id: '432' }, { subject: 'x', priority: 'asap' }, 'data.priority'],
      [{ contact_external_id: '43a' }, { subject: 'x' }, 'meta.contact_external_id'],
      [
        { contact_external_id: '432', agent_external_id: 'priya' },
        { subject: 'x' },
        'meta.agent_external_id',
      ],
      [{ contact_external_id: '432' }, { subject: 's'.repeat(256) }, 'data.subject'],
    ];
    const posts = ticketPosts();
    for (const [meta, data, path] of cases) {
      const error = await failureOf(createTicket(meta, data));
      expect(error.code).toBe('invalid_request');
      expect(error.issues?.map((issue) => issue.path)).toEqual([path]);
    }
    expect(posts).toHaveLength(0);
    expect(upstream.requests).toHaveLength(0);
  });

  it('turns Freshdesk’s validation errors into action_failed naming the field, sent once', async () => {
    upstream.use(freshdeskHandler(ORIGIN));
    const posts = ticketPosts();
    const unknownContact = await failureOf(createTicket({ contact_external_id: '999' }, { subject: 'x' }));
    expect(unknownContact.code).toBe('action_failed');
    expect(unknownContact.message).toBe(
      'Freshdesk refused the ticket: meta.contact_external_id: no Freshdesk contact has this id',
    );
    const unknownAgent = await failureOf(
      createTicket({ contact_external_id: '432', agent_external_id: '12345' }, { subject: 'x' }),
    );
    expect(unknownAgent.message).toBe(
      'Freshdesk refused the ticket: meta.agent_external_id: no Freshdesk agent has this id',
    );
    // One POST each: a refusal is not retried.
    expect(posts).toHaveLength(2);
  });

  it('names a field the account requires that the action does not fill', async () => {
    let received = 0;
    upstream.use(
      http.post(`${ORIGIN}/api/v2/tickets`, () => {
        received += 1;
        return HttpResponse.json(
          {
            description: 'Validation failed',
            errors: [
              { field: 'group_id', message: 'It should be a/an Positive Integer', code: 'missing_field' },
            ],
          },
          { status: 400 },
        );
      }),
    );
    const error = await failureOf(createTicket({ contact_external_id: '432' }, { subject: 'x' }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Freshdesk refused the ticket: Freshdesk field "group_id": It should be a/an Positive Integer',
    );
    expect(error.message).not.toContain(FRESHDESK_API_KEY);
    expect(received).toBe(1);
  });

  it('says so when the agent may not create tickets (403)', async () => {
    upstream.use(
      http.post(`${ORIGIN}/api/v2/tickets`, () =>
        HttpResponse.json(
          { code: 'access_denied', message: 'You are not authorized to perform this action.' },
          { status: 403 },
        ),
      ),
    );
    const error = await failureOf(createTicket({ contact_external_id: '432' }, { subject: 'x' }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Freshdesk refused the ticket (403): You are not authorized to perform this action.',
    );
  });

  it('never retries a failed create: one POST after a 503, and after a 429 with a short Retry-After', async () => {
    // Counted where Freshdesk would see them: a create that failed may still have created the ticket.
    const received = { 503: 0, 429: 0 };
    const failing = (status: 503 | 429) =>
      http.post(`${ORIGIN}/api/v2/tickets`, () => {
        received[status] += 1;
        return HttpResponse.json({}, { status, headers: status === 429 ? { 'retry-after': '0' } : {} });
      });

    upstream.use(failing(503));
    const outage = await failureOf(createTicket({ contact_external_id: '432' }, { subject: 'x' }));
    expect(outage.code).toBe('upstream_unavailable');
    expect(received[503]).toBe(1);

    upstream.use(failing(429));
    const limited = await failureOf(createTicket({ contact_external_id: '432' }, { subject: 'x' }));
    expect(limited.code).toBe('rate_limited');
    expect(received[429]).toBe(1);
  });
});
