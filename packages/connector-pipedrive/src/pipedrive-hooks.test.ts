import {
  BridgeError,
  buildActionConfigurations,
  buildIntegrationConfiguration,
  type ContactSynchronizationResponse,
  executeAction,
  synchronizeAgents,
  synchronizeContacts,
  validateAuthentication,
} from '@talkbridge/core';
import { contactSynchronizationResponseSchema } from '@talkbridge/core/contract';
import { cursorInOffset, FAST_RETRY, HttpResponse, http, offsetWithCursor } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFakePipedrive,
  FAKE_ORIGIN,
  fixtures,
  JANE_ID,
  PIPEDRIVE_OAUTH_TOKEN,
  PIPEDRIVE_TOKEN,
} from './__fixtures__/fake-pipedrive.js';
import { htmlParagraphs, parseDuration } from './pipedrive-actions.js';
import { pipedrive } from './pipedrive-connector.js';

const upstream = createFakePipedrive();
beforeAll(() => upstream.listen());
afterEach(() => {
  upstream.reset();
  vi.useRealTimers();
});
afterAll(() => upstream.close());

const AUTH = { api_token: PIPEDRIVE_TOKEN, company_domain: 'acme' };
const OPTIONS = {
  settings: { baseUrl: upstream.origin },
  retry: FAST_RETRY,
  deadlineMs: 3_000,
};

async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(BridgeError.isInstance(outcome)).toBe(true);
  const error = outcome as BridgeError;
  expect(JSON.stringify({ message: error.message, issues: error.issues })).not.toContain(PIPEDRIVE_TOKEN);
  return error;
}

const queryOf = (request: { query: URLSearchParams }) => Object.fromEntries(request.query.entries());
const requestsTo = (path: string) => upstream.requests.filter((request) => request.path === path);
const posts = () => upstream.requests.filter((request) => request.method === 'POST');
/** The writes sent, counted as they arrive (for "sent once" after a fast failure). */
const writes = () => upstream.writes;

function expectTokenInHeaderOnly() {
  for (const request of upstream.requests) {
    expect(request.headers.get('x-api-token')).toBe(PIPEDRIVE_TOKEN);
    expect(request.url.href).not.toContain(PIPEDRIVE_TOKEN);
  }
}

describe('auth validation', () => {
  it('sends one GET /api/v1/users/me and stores nothing', async () => {
    expect(await validateAuthentication(pipedrive, { auth: AUTH }, OPTIONS)).toBeUndefined();
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v1/users/me',
    ]);
    expectTokenInHeaderOnly();
  });

  it('validates an OAuth token as a bearer on its api_domain', async () => {
    await validateAuthentication(
      pipedrive,
      { auth: { access_token: PIPEDRIVE_OAUTH_TOKEN, api_domain: 'https://acme.pipedrive.com' } },
      { ...OPTIONS, settings: {} },
    );
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.url.href).toBe(`${FAKE_ORIGIN}/api/v1/users/me`);
    expect(upstream.requests[0]!.headers.get('authorization')).toBe(`Bearer ${PIPEDRIVE_OAUTH_TOKEN}`);
  });

  it('refuses an API token of another company than company_domain, naming the field', async () => {
    const error = await failure(
      validateAuthentication(pipedrive, { auth: { ...AUTH, company_domain: 'globex' } }, OPTIONS),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([
      {
        path: 'auth.company_domain',
        message: 'the API token belongs to the Pipedrive company "acme", not "globex"',
      },
    ]);
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers invalid_credentials when Pipedrive refuses the token, after one call', async () => {
    const error = await failure(
      validateAuthentication(pipedrive, { auth: { ...AUTH, api_token: 'pd-wrong-token-000001' } }, OPTIONS),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(upstream.requests).toHaveLength(1);
  });
});

describe('contact synchronization', () => {
  const sync = (meta: Record<string, unknown>, pageSize = 2) =>
    synchronizeContacts(pipedrive, { auth: AUTH, meta }, { ...OPTIONS, pageSize });

  /** Every page of a run, as Talkdesk asks for them: the same checkpoint, each page's next_offset. */
  async function run(checkpoint?: string, pageSize = 2): Promise<ContactSynchronizationResponse[]> {
    const pages: ContactSynchronizationResponse[] = [];
    let offset: string | undefined;
    do {
      const page = await sync(
        { ...(checkpoint ? { synchronization_checkpoint: checkpoint } : {}), ...(offset ? { offset } : {}) },
        pageSize,
      );
      expect(contactSynchronizationResponseSchema.safeParse(page).success).toBe(true);
      pages.push(page);
      offset = page.next_offset;
    } while (offset && pages.length < 10);
    return pages;
  }

  it('asks for persons by update time, oldest first, a page of ctx.limit, and the page’s organizations', async () => {
    const page = await sync({});
    expect(requestsTo('/api/v2/persons').map(queryOf)).toEqual([
      { sort_by: 'update_time', sort_direction: 'asc', limit: '2' },
    ]);
    // Only Jane of the first two has an organization: one call for its name.
    expect(requestsTo('/api/v2/organizations').map(queryOf)).toEqual([{ ids: '5', limit: '100' }]);
    expect(upstream.requests).toHaveLength(2);
    expectTokenInHeaderOnly();
    expect(page.contacts).toEqual([
      {
        id: '1040',
        name: 'Old Contact',
        emails: ['old.contact@example.org'],
        url: `${FAKE_ORIGIN}/person/1040`,
      },
      {
        id: '1042',
        name: 'Jane Doe',
        company: 'Acme Inc',
        title: 'CTO',
        emails: ['jane.doe@example.com', 'jane@example.net'],
        phones: ['415-555-0132'],
        address: '37 Famous St, New York, NY 10001, USA',
        url: `${FAKE_ORIGIN}/person/1042`,
      },
    ]);
    expect(page.synchronization_checkpoint).toBe('2025-03-04 15:10:00 UTC');
    expect(page.next_offset).toBeDefined();
  });

  it('pages through everyone with Pipedrive’s cursor: a page boundary inside one update instant loses nobody', async () => {
    // 1042, 1043 and 1044 were all updated at 2025-03-04T15:10:00Z; pages of 2 split them.
    const pages = await run();
    expect(pages.map((page) => page.contacts.map((contact) => contact.id))).toEqual([
      ['1040', '1042'],
      ['1043', '1044'],
      ['1045'],
    ]);
    const cursors = requestsTo('/api/v2/persons').map((request) => request.query.get('cursor'));
    expect(cursors[0]).toBeNull();
    // Each next page continues from the cursor Pipedrive gave, and nothing else changes.
    for (const request of requestsTo('/api/v2/persons').slice(1)) {
      expect(request.query.get('cursor')).toMatch(/^[A-Za-z0-9+/=_-]+$/);
      expect(request.query.has('updated_since')).toBe(false);
      expect(request.query.get('sort_by')).toBe('update_time');
    }
    expect(pages.at(-1)?.next_offset).toBeUndefined();
    expect(pages.at(-1)?.synchronization_checkpoint).toBe('2025-03-05 09:30:00 UTC');
    // Companies: Jane's (5) on page 1, Ann's (6) on page 2, Sam's (5) on page 3.
    expect(requestsTo('/api/v2/organizations').map((request) => request.query.get('ids'))).toEqual([
      '5',
      '6',
      '5',
    ]);
    expect(pages[1]?.contacts[1]).toMatchObject({ id: '1044', company: 'Globex Ltd' });
  });

  it('syncs incrementally from the checkpoint with updated_since, inclusive of the checkpoint’s second', async () => {
    const pages = await run('2025-03-04 15:10:00 UTC', 10);
    expect(pages).toHaveLength(1);
    expect(requestsTo('/api/v2/persons').map(queryOf)).toEqual([
      {
        updated_since: '2025-03-04T15:10:00Z',
        sort_by: 'update_time',
        sort_direction: 'asc',
        limit: '10',
      },
    ]);
    expect(pages[0]?.contacts.map((contact) => contact.id)).toEqual(['1042', '1043', '1044', '1045']);
    expect(requestsTo('/api/v2/organizations').map(queryOf)).toEqual([{ ids: '5,6', limit: '100' }]);
  });

  it('keeps the run’s updated_since on every page, even if the next request carries a later checkpoint', async () => {
    const first = await sync({ synchronization_checkpoint: '2025-03-04 15:10:00 UTC' });
    expect(first.next_offset).toBeDefined();
    const second = await sync({
      synchronization_checkpoint: '2025-03-05 09:30:00 UTC',
      offset: first.next_offset,
    });
    expect(requestsTo('/api/v2/persons').map((request) => request.query.get('updated_since'))).toEqual([
      '2025-03-04T15:10:00Z',
      '2025-03-04T15:10:00Z',
    ]);
    expect([...first.contacts, ...second.contacts].map((contact) => contact.id)).toEqual([
      '1042',
      '1043',
      '1044',
      '1045',
    ]);
  });

  it('hands Talkdesk an offset holding the run’s updated_since and Pipedrive’s cursor', async () => {
    const first = await sync({ synchronization_checkpoint: '2025-03-04 15:10:00 UTC' });
    const next = requestsTo('/api/v2/persons');
    expect(next).toHaveLength(1);
    expect(cursorInOffset(first.next_offset)).toEqual({
      since: '2025-03-04T15:10:00Z',
      next: expect.stringMatching(/^[A-Za-z0-9+/=_-]+$/),
    });
    // An initial sync has no updated_since to carry.
    expect(cursorInOffset((await sync({})).next_offset)).toEqual({ next: expect.any(String) });
  });

  it.each([
    ['a cursor of the contract v1 text form', '2025-03-04T15:10:00Z~eyJpZCI6MX0'],
    ['an impossible date', { since: '2025-13-45T00:00:00Z', next: 'eyJpZCI6MX0' }],
    ['a date in another format', { since: '2025-03-04 15:10:00', next: 'eyJpZCI6MX0' }],
    ['a cursor that is not base64 text', { next: 'abc&limit=500' }],
    ['an empty cursor', { since: '2025-03-04T15:10:00Z', next: '' }],
    ['an overlong cursor', { next: 'a'.repeat(2_049) }],
  ])('refuses a forged cursor (%s) as invalid_request before any call', async (_case, cursor) => {
    const error = await failure(sync({ offset: offsetWithCursor(cursor) }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers a cursor Pipedrive refuses (400) as an offset to restart from, after one call', async () => {
    // Well-formed, but not a cursor Pipedrive issued: the fake refuses it as Pipedrive does.
    const error = await failure(sync({ offset: offsetWithCursor({ next: 'bm90LWpzb24' }) }));
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([{ path: 'meta.offset', message: 'not an offset this bridge issued' }]);
    expect(requestsTo('/api/v2/persons').map((request) => request.query.get('cursor'))).toEqual([
      'bm90LWpzb24',
    ]);
  });

  it('looks organizations up 100 ids a call, only for the persons that have one', async () => {
    // 180 persons, 120 of them in an organization of their own.
    const many = Array.from({ length: 180 }, (_, index) => ({
      ...fixtures.persons.data[0]!,
      id: 5000 + index,
      org_id: index % 3 === 0 ? null : 100 + index,
    }));
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/persons`, () =>
        HttpResponse.json({ success: true, data: many, additional_data: { next_cursor: null } }),
      ),
    );
    const page = await sync({}, 180);
    expect(page.contacts).toHaveLength(180);
    const lookups = requestsTo('/api/v2/organizations').map((request) =>
      (request.query.get('ids') ?? '').split(','),
    );
    expect(lookups.map((ids) => ids.length).sort((a, b) => b - a)).toEqual([100, 20]);
    expect(lookups.flat().sort()).toEqual(
      many.flatMap((person) => (person.org_id === null ? [] : [String(person.org_id)])).sort(),
    );
  });

  it('skips a deleted person and spends no organization call on a page without organizations', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/persons`, () =>
        HttpResponse.json({
          success: true,
          data: [{ ...fixtures.persons.data[0], is_deleted: true }, { ...fixtures.persons.data[2] }],
          additional_data: { next_cursor: null },
        }),
      ),
    );
    const page = await sync({});
    expect(page.contacts.map((contact) => contact.id)).toEqual(['1043']);
    expect(requestsTo('/api/v2/organizations')).toHaveLength(0);
  });

  it('does not hand out a next cursor Pipedrive could not have issued', async () => {
    upstream.use(
      http.get(`${FAKE_ORIGIN}/api/v2/persons`, () =>
        HttpResponse.json({
          success: true,
          data: [fixtures.persons.data[2]],
          additional_data: { next_cursor: 'not a cursor~' },
        }),
      ),
    );
    expect((await failure(sync({}))).code).toBe('upstream_invalid_response');
  });
});

describe('agent synchronization', () => {
  it('lists the active users with an email in one GET /api/v1/users, unpaged', async () => {
    const page = await synchronizeAgents(pipedrive, { auth: AUTH }, OPTIONS);
    expect(page).toEqual({
      agents: [
        { id: '7', name: 'Alex Agent', email: 'alex.agent@acme.example' },
        { id: '8', name: 'Bea Seller', email: 'bea.seller@acme.example' },
      ],
    });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v1/users',
    ]);
    expect(queryOf(upstream.requests[0]!)).toEqual({});
    expectTokenInHeaderOnly();
  });

  it('refuses any offset, since it never issues one', async () => {
    const error = await failure(
      synchronizeAgents(pipedrive, { auth: AUTH, meta: { offset: offsetWithCursor('1') } }, OPTIONS),
    );
    expect(error.code).toBe('invalid_request');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('actions', () => {
  const NOW = new Date('2025-03-06T10:15:42Z');
  const act = (name: string, body: { meta?: Record<string, unknown>; data: Record<string, unknown> }) =>
    executeAction(pipedrive, name, { auth: AUTH, ...body }, OPTIONS);
  const jane = { contact_external_id: String(JANE_ID) };

  it('are described for Talkdesk in lower case, with their inputs', () => {
    const configurations = buildActionConfigurations(pipedrive, {
      integrationId: 'pipedrive',
      publicUrl: 'https://bridge.example.com',
    });
    expect(
      configurations.map(({ name, display, description, endpoint }) => ({
        name,
        display,
        description,
        endpoint,
      })),
    ).toEqual([
      {
        name: 'log_call',
        display: 'log a call',
        description: 'log a call as a done call activity on the person in Pipedrive',
        endpoint: 'https://bridge.example.com/integrations/pipedrive/actions/log_call',
      },
      {
        name: 'create_note',
        display: 'add a note',
        description: 'add a note to the person in Pipedrive',
        endpoint: 'https://bridge.example.com/integrations/pipedrive/actions/create_note',
      },
    ]);
    expect(configurations[0]?.inputs.map((input) => [input.key, input.mandatory])).toEqual([
      ['subject', true],
      ['description', false],
      ['duration', false],
      ['contact_email', false],
      ['contact_phone', false],
      ['contact_name', false],
    ]);
    const integration = buildIntegrationConfiguration(pipedrive, {
      integrationId: 'pipedrive',
      publicUrl: 'https://bridge.example.com',
    });
    expect(integration).toMatchObject({
      auth_validation_endpoint: 'https://bridge.example.com/integrations/pipedrive/auth_validation',
      contact_synchronization_endpoint:
        'https://bridge.example.com/integrations/pipedrive/contact_synchronization',
      agent_synchronization_endpoint:
        'https://bridge.example.com/integrations/pipedrive/agent_synchronization',
    });
  });

  it('log_call: one POST /api/v2/activities, a done call due now on the person, owned by the agent', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const answer = await act('log_call', {
      meta: { ...jane, agent_external_id: '7' },
      data: {
        subject: 'Call with Jane',
        description: 'Talked about the <renewal> & "SSO".\n\nCall back on Friday,\nafter 3pm.',
        duration: 125,
      },
    });
    expect(answer).toEqual({
      message: `Call logged in Pipedrive as activity 901 on person ${JANE_ID}`,
      external_id: '901',
    });
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    expect(`${request!.method} ${request!.path}`).toBe('POST /api/v2/activities');
    expect(request!.headers.get('content-type')).toContain('application/json');
    expect(request!.json).toEqual({
      subject: 'Call with Jane',
      type: 'call',
      done: true,
      due_date: '2025-03-06',
      due_time: '10:15',
      duration: '00:02',
      person_id: JANE_ID,
      participants: [{ person_id: JANE_ID, primary: true }],
      owner_id: 7,
      note: '<p>Talked about the &lt;renewal&gt; &amp; &quot;SSO&quot;.</p><p>Call back on Friday,<br>after 3pm.</p>',
    });
    expectTokenInHeaderOnly();
  });

  it('log_call: leaves the owner (the token’s user), the note and the duration out when not given', async () => {
    await act('log_call', { meta: jane, data: { subject: 'Quick call' } });
    const body = posts()[0]!.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['done', 'due_date', 'due_time', 'participants', 'person_id', 'subject', 'type'].sort(),
    );
  });

  it('create_note: one POST /api/v1/notes with the title and text as escaped HTML on the person', async () => {
    const answer = await act('create_note', {
      meta: { ...jane, agent_external_id: '8' },
      data: { subject: 'Wants a quote <urgent>', description: 'For 40 seats.\nBefore Q2.' },
    });
    expect(answer).toEqual({
      message: `Note 5100 added in Pipedrive to person ${JANE_ID}`,
      external_id: '5100',
    });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v1/notes',
    ]);
    // The author stays the credentials' user: only admins may name another one.
    expect(posts()[0]!.json).toEqual({
      content: '<p><b>Wants a quote &lt;urgent&gt;</b></p><p>For 40 seats.<br>Before Q2.</p>',
      person_id: JANE_ID,
    });
  });

  it('finds the person by contact_email when Talkdesk has no synced id: 1 search, then the create', async () => {
    await act('log_call', { data: { subject: 'Call', contact_email: 'Jane.Doe@Example.com' } });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v2/persons/search',
      'POST /api/v2/activities',
    ]);
    expect(queryOf(upstream.requests[0]!)).toEqual({
      term: 'jane.doe@example.com',
      fields: 'email',
      exact_match: 'true',
    });
    expect(posts()[0]!.json).toMatchObject({ person_id: JANE_ID });
  });

  it('finds the person by contact_phone: the two spellings, then the create', async () => {
    await act('create_note', { data: { subject: 'Missed call', contact_phone: '+1 (415) 555 0132' } });
    expect(requestsTo('/api/v2/persons/search').map((request) => request.query.get('term'))).toEqual([
      '+14155550132',
      '4155550132',
    ]);
    expect(posts()[0]!.json).toMatchObject({ person_id: JANE_ID });
  });

  it('creates a person nobody has, and answers it for Talkdesk to link', async () => {
    const answer = await act('log_call', {
      meta: { agent_external_id: '7' },
      data: {
        subject: 'First call',
        contact_email: 'new.caller@example.com',
        contact_phone: '(415) 555-0177',
        contact_name: 'New Caller',
      },
    });
    expect(answer).toEqual({
      message: 'Call logged in Pipedrive as activity 901 on person 1100',
      external_id: '901',
      contact_external_id: '1100',
      contact_external_type: 'person',
      contact_external_url: `${FAKE_ORIGIN}/person/1100`,
    });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v2/persons/search',
      'GET /api/v2/persons/search',
      'GET /api/v2/persons/search',
      'POST /api/v2/persons',
      'POST /api/v2/activities',
    ]);
    expect(posts()[0]!.json).toEqual({
      name: 'New Caller',
      emails: [{ value: 'new.caller@example.com', primary: true, label: 'work' }],
      phones: [{ value: '+14155550177', primary: true, label: 'work' }],
    });
    expect(posts()[1]!.json).toMatchObject({ person_id: 1100, owner_id: 7 });
  });

  it.each([
    [{}, {}, 'meta.contact_external_id'],
    [{ contact_external_id: 'jane' }, {}, 'meta.contact_external_id'],
    [{ contact_external_id: '1042', agent_external_id: 'alex@acme.example' }, {}, 'meta.agent_external_id'],
    [{}, { contact_email: 'not-an-email' }, 'data.contact_email'],
    [{}, { contact_phone: 'call me' }, 'data.contact_phone'],
    [{ contact_external_id: '1042' }, { duration: 'two minutes' }, 'data.duration'],
  ])(
    'refuses meta %o / data %o as invalid_request naming %s, with nothing sent',
    async (meta, data, path) => {
      const error = await failure(act('log_call', { meta, data: { subject: 'Call', ...data } }));
      expect(error.code).toBe('invalid_request');
      expect(error.issues?.map((issue) => issue.path)).toEqual([path]);
      expect(upstream.requests).toHaveLength(0);
    },
  );

  it('turns Pipedrive’s refusal of the data into action_failed naming what it referred to, sent once', async () => {
    const error = await failure(
      act('log_call', { meta: { ...jane, agent_external_id: '99' }, data: { subject: 'Call' } }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      `Pipedrive refused to create the call activity (400): check person ${JANE_ID} and user 99 and the inputs`,
    );
    expect(writes()).toEqual(['POST /api/v2/activities']);
  });

  it('says Pipedrive found no such person when the synced id is gone', async () => {
    const error = await failure(
      act('create_note', { meta: { contact_external_id: '999999' }, data: { subject: 'Note' } }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe('Pipedrive refused to create the note (404): it could not find person 999999');
    expect(writes()).toEqual(['POST /api/v1/notes']);
  });

  it('says when the credentials may not create it (403)', async () => {
    upstream.use(
      http.post(`${FAKE_ORIGIN}/api/v1/notes`, () =>
        HttpResponse.json({ success: false, error: 'You do not have permission' }, { status: 403 }),
      ),
    );
    const error = await failure(act('create_note', { meta: jane, data: { subject: 'Note' } }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toMatch(/^Pipedrive refused to create the note \(403\): these credentials may not/);
    expect(writes()).toEqual(['POST /api/v1/notes']);
  });

  it.each(['log_call', 'create_note'])(
    '%s: a 5xx is upstream_unavailable and the create is not retried',
    async (name) => {
      upstream.use(
        http.post(`${FAKE_ORIGIN}/*`, () =>
          HttpResponse.json({ success: false, error: 'boom' }, { status: 500 }),
        ),
      );
      const error = await failure(act(name, { meta: jane, data: { subject: 'Call' } }));
      expect(error.code).toBe('upstream_unavailable');
      expect(writes()).toEqual([`POST ${name === 'log_call' ? '/api/v2/activities' : '/api/v1/notes'}`]);
    },
  );

  it('answers action_failed when Pipedrive refuses the new person, and creates nothing more', async () => {
    upstream.use(
      http.post(`${FAKE_ORIGIN}/api/v2/persons`, () =>
        HttpResponse.json({ success: false, error: 'Invalid email' }, { status: 400 }),
      ),
    );
    const error = await failure(
      act('create_note', { data: { subject: 'Note', contact_email: 'nobody@example.com' } }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Pipedrive refused to create the person (400): check the contact email and phone and the inputs',
    );
    expect(writes()).toEqual(['POST /api/v2/persons']);
  });

  it('does not retry a person create that failed, nor go on to the activity', async () => {
    upstream.use(
      http.post(`${FAKE_ORIGIN}/api/v2/persons`, () =>
        HttpResponse.json({ success: false }, { status: 503 }),
      ),
    );
    const error = await failure(
      act('log_call', { data: { subject: 'Call', contact_email: 'nobody@example.com' } }),
    );
    expect(error.code).toBe('upstream_unavailable');
    expect(writes()).toEqual(['POST /api/v2/persons']);
  });
});

describe('parseDuration', () => {
  it.each([
    ['125', '00:02'],
    ['29', '00:01'],
    ['0', '00:00'],
    ['3600', '01:00'],
    ['5399', '01:30'],
    ['01:30', '01:30'],
    ['1:05:40', '01:06'],
  ])('%s → %s', (text, duration) => {
    expect(parseDuration(text)).toBe(duration);
  });

  it.each(['-5', '1.5', '12:60', '100:00', '360000', 'PT2M'])('refuses %s', (text) => {
    expect(() => parseDuration(text)).toThrow(/data\.duration/);
  });
});

describe('htmlParagraphs', () => {
  it('escapes markup and keeps paragraphs and line breaks', () => {
    expect(htmlParagraphs('a <b>\r\nc\n\n\n d & e ')).toBe('<p>a &lt;b&gt;<br>c</p><p>d &amp; e</p>');
  });
});
