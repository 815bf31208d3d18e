// Auth validation, contact and agent synchronization, and the actions, against the fake HubSpot API:
// the exact requests each hook sends, and what it answers.
import {
  executeAction,
  type PipelineOptions,
  retrieveInteractions,
  synchronizeAgents,
  synchronizeContacts,
  validateAuthentication,
} from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  createFakeUpstream,
  FAST_RETRY,
  HttpResponse,
  http,
  offsetWithCursor,
  type RecordedRequest,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeRecord,
  fakeHubspot,
  fakeHubspotData,
  HUBSPOT_TEST_TOKEN,
} from './__fixtures__/fake-hubspot.js';
import { CALL_TO_CONTACT_ASSOCIATION, NOTE_TO_CONTACT_ASSOCIATION } from './hubspot-actions.js';
import { hubspot } from './hubspot-connector.js';
import { portalDetailsCache, ticketStagesCache } from './hubspot-portal.js';
import { HUBSPOT_CONTACT_SYNC_PROPERTIES } from './map-hubspot-contact.js';

const origin = 'https://api.hubapi.test';
const data = fakeHubspotData();
const upstream = createFakeUpstream(origin, fakeHubspot(origin, data));
const log = createCaptureLogger();
const auth = { access_token: HUBSPOT_TEST_TOKEN };
const options: PipelineOptions = {
  settings: { baseUrl: origin },
  log,
  retry: FAST_RETRY,
  deadlineMs: 3_000,
};

/**
 * The fake records a POST once it has read its body, which can finish after the connector has its answer:
 * every helper below lets that happen before the test looks at the recorded requests.
 */
const recorded = () => new Promise((resolve) => setTimeout(resolve, 10));
async function settled<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } finally {
    await recorded();
  }
}

beforeAll(() => upstream.listen());
afterEach(async () => {
  await recorded();
  upstream.reset();
  Object.assign(data, fakeHubspotData());
  portalDetailsCache.clear();
  ticketStagesCache.clear();
});
afterAll(() => upstream.close());

const failure = bridgeErrorOf;

const calls = () => upstream.requests.map((request) => `${request.method} ${request.path}`);
const bodyOf = (request: RecordedRequest | undefined) => request?.json as Record<string, unknown>;
const searches = () =>
  upstream.requests.filter((request) => request.path === '/crm/v3/objects/contacts/search');
const posts = (path: string) =>
  upstream.requests.filter((request) => request.method === 'POST' && request.path === path);

describe('auth validation', () => {
  it('reads the account details once with the bearer token and stores nothing', async () => {
    await expect(settled(validateAuthentication(hubspot, { auth }, options))).resolves.toBeUndefined();
    expect(calls()).toEqual(['GET /account-info/v3/details']);
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(`Bearer ${HUBSPOT_TEST_TOKEN}`);
  });

  it('answers invalid_credentials when HubSpot refuses the token, without printing it', async () => {
    const revoked = 'pat-na1-revoked-4b1f0c2e-0000';
    const error = await failure(
      validateAuthentication(hubspot, { auth: { access_token: revoked } }, options),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(`${error.message} ${log.text()}`).not.toContain(revoked);
  });
});

describe('contact synchronization', () => {
  const sync = (meta: Record<string, unknown> = {}, pageSize = 100) =>
    settled(synchronizeContacts(hubspot, { auth, meta }, { ...options, pageSize }));

  /** Every page from `meta` on, with the offsets followed. */
  async function syncAll(meta: Record<string, unknown>, pageSize: number) {
    const pages: Awaited<ReturnType<typeof sync>>[] = [];
    let offset: string | undefined;
    do {
      const page = await sync({ ...meta, ...(offset ? { offset } : {}) }, pageSize);
      pages.push(page);
      offset = page.next_offset;
    } while (offset && pages.length < 30);
    return pages;
  }

  const contactAt = (id: string, modified: string): FakeRecord => ({
    id,
    properties: {
      firstname: `Person ${id}`,
      lastname: 'Test',
      email: `person${id}@example.com`,
      lastmodifieddate: modified,
      hs_object_id: id,
    },
    createdAt: '2024-12-01T00:00:00.000Z',
    updatedAt: modified,
  });

  it('first page: a search sorted by lastmodifieddate for one contact more than the page, no filter', async () => {
    const page = await sync({}, 2);
    expect(bodyOf(searches()[0])).toEqual({
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
      properties: [...HUBSPOT_CONTACT_SYNC_PROPERTIES],
      limit: 3,
    });
    // Its 2nd and 3rd contacts (152, 154, 155 share 2025-02-20T10:00:00Z) tie: that instant is read by id.
    expect(bodyOf(searches()[1])).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'lastmodifieddate', operator: 'GTE', value: '1740045600000' },
            { propertyName: 'lastmodifieddate', operator: 'LTE', value: '1740045600000' },
            { propertyName: 'hs_object_id', operator: 'GT', value: '0' },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: [...HUBSPOT_CONTACT_SYNC_PROPERTIES],
      limit: 2,
    });
    expect(page.contacts.map((contact) => contact.id)).toEqual(['153', '152']);
    expect(calls().sort()).toEqual([
      'GET /account-info/v3/details',
      'POST /crm/v3/objects/contacts/search',
      'POST /crm/v3/objects/contacts/search',
    ]);
    for (const request of upstream.requests)
      expect(request.headers.get('authorization')).toBe(`Bearer ${HUBSPOT_TEST_TOKEN}`);
  });

  it('answers every field HubSpot has, the contact’s page and the checkpoint', async () => {
    const page = await sync();
    expect(page.contacts.map((contact) => contact.id)).toEqual(['153', '152', '154', '155', '151']);
    expect(page.contacts.at(-1)).toEqual({
      id: '151',
      name: 'Maria Garcia',
      company: 'Garcia Imports LLC',
      title: 'Head of Finance',
      emails: ['maria.garcia@example.com', 'maria@garcia-family.example', 'm.garcia@example.org'],
      phones: ['(617) 555-0142'],
      address: '25 First Street, Cambridge, MA 02141, United States',
      websites: ['https://garcia-imports.example'],
      twitter: 'mariagarcia',
      url: 'https://app.hubspot.com/contacts/7654321/record/0-1/151',
    });
    // Typed with a country code: E.164. Typed locally: as typed (its country is unknown).
    expect(page.contacts.find((contact) => contact.id === '152')?.phones).toEqual([
      '+442079460321',
      '07700 900123',
    ]);
    expect(page.contacts.find((contact) => contact.id === '153')).toEqual({
      id: '153',
      name: 'Ana Lima',
      emails: ['ana.lima@example.com'],
      url: 'https://app.hubspot.com/contacts/7654321/record/0-1/153',
    });
    expect(page.synchronization_checkpoint).toBe('2025-03-04 15:21:02 UTC');
    expect(page.next_offset).toBeUndefined();
  });

  it('pages through contacts that share update instants: none skipped, none repeated, ascending', async () => {
    const ties = '2025-01-02T08:30:00.250Z';
    data.contacts = [
      contactAt('301', '2025-01-01T00:00:00.000Z'),
      // Five contacts changed in the same millisecond, and one later in the same second.
      contactAt('305', ties),
      contactAt('302', ties),
      contactAt('309', ties),
      contactAt('303', ties),
      contactAt('307', ties),
      contactAt('304', '2025-01-02T08:30:00.900Z'),
      contactAt('306', '2025-01-03T00:00:00.000Z'),
      contactAt('308', '2025-01-03T00:00:00.000Z'),
      contactAt('310', '2025-01-04T00:00:00.000Z'),
    ];
    const pages = await syncAll({}, 2);

    expect(pages.map((page) => page.contacts.map((contact) => contact.id))).toEqual([
      ['301', '302'],
      ['303', '305'],
      ['307', '309'],
      ['304', '306'],
      ['308', '310'],
    ]);
    expect(pages.at(-1)?.synchronization_checkpoint).toBe('2025-01-04 00:00:00 UTC');
    // HubSpot's rules: one sort rule, at most 200 per search, no `after` paging (it stops at 10,000).
    for (const request of searches()) {
      const body = bodyOf(request);
      expect((body.sorts as unknown[]).length).toBe(1);
      expect(body.limit as number).toBeLessThanOrEqual(200);
      expect(body).not.toHaveProperty('after');
    }
    // The instant that spilled over a page is read by id, strictly after the last one seen.
    expect(searches().map((request) => bodyOf(request))).toContainEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'lastmodifieddate', operator: 'GTE', value: '1735806600250' },
            { propertyName: 'lastmodifieddate', operator: 'LTE', value: '1735806600250' },
            { propertyName: 'hs_object_id', operator: 'GT', value: '302' },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: [...HUBSPOT_CONTACT_SYNC_PROPERTIES],
      limit: 3,
    });
    // Once the instant is done, the next search starts strictly after it.
    expect(searches().map((request) => bodyOf(request)?.filterGroups)).toContainEqual([
      { filters: [{ propertyName: 'lastmodifieddate', operator: 'GT', value: '1735806600250' }] },
    ]);
    // At most MAX_SEARCHES_PER_PAGE searches a page; the portal details once for the whole run.
    expect(searches().length).toBeLessThanOrEqual(3 * pages.length);
    expect(calls().filter((call) => call === 'GET /account-info/v3/details')).toHaveLength(1);
  });

  it('keeps going through more contacts of one instant than fit in several pages', async () => {
    const instant = '2025-01-05T12:00:00.000Z';
    data.contacts = Array.from({ length: 7 }, (_, index) => contactAt(String(420 - index), instant));
    const pages = await syncAll({}, 2);
    const ids = pages.flatMap((page) => page.contacts.map((contact) => contact.id));
    expect(ids).toEqual(['414', '415', '416', '417', '418', '419', '420']);
    expect(pages.every((page) => page.contacts.length > 0)).toBe(true);
  });

  it('a typical page costs one search: the next contact tells that the page’s last instant is complete', async () => {
    data.contacts = Array.from({ length: 6 }, (_, index) =>
      contactAt(String(500 + index), `2025-02-0${index + 1}T00:00:00.000Z`),
    );
    await syncAll({}, 2);
    expect(searches()).toHaveLength(3);
    expect(searches().map((request) => bodyOf(request)?.filterGroups)).toEqual([
      undefined,
      [
        {
          filters: [
            {
              propertyName: 'lastmodifieddate',
              operator: 'GT',
              value: String(Date.parse('2025-02-02T00:00:00Z')),
            },
          ],
        },
      ],
      [
        {
          filters: [
            {
              propertyName: 'lastmodifieddate',
              operator: 'GT',
              value: String(Date.parse('2025-02-04T00:00:00Z')),
            },
          ],
        },
      ],
    ]);
  });

  it('incremental: contacts changed at or after the checkpoint (GTE, epoch ms), its own second included', async () => {
    const page = await sync({ synchronization_checkpoint: '2025-02-20 10:00:00 UTC' });
    expect(bodyOf(searches()[0])?.filterGroups).toEqual([
      { filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '1740045600000' }] },
    ]);
    expect(page.contacts.map((contact) => contact.id)).toEqual(['152', '154', '155', '151']);
    expect(page.synchronization_checkpoint).toBe('2025-03-04 15:21:02 UTC');
  });

  it('incremental with paging: the checkpoint second’s contacts are paged by id, then later ones', async () => {
    const pages = await syncAll({ synchronization_checkpoint: '2025-02-20 10:00:00 UTC' }, 2);
    expect(pages.map((page) => page.contacts.map((contact) => contact.id))).toEqual([
      ['152', '154'],
      ['155', '151'],
    ]);
    for (const page of pages) expect(page.synchronization_checkpoint).toBeDefined();
  });

  it('asks HubSpot for at most 200 contacts whatever the page size', async () => {
    await sync({}, 1_000);
    expect(bodyOf(searches()[0])?.limit).toBe(200);
  });

  it('refuses an offset whose cursor it did not issue, before any request', async () => {
    for (const cursor of [
      'later:1735806600250',
      { kind: 'later', time: 'abc' },
      { kind: 'later', time: -1 },
      { kind: 'ties', time: 1735806600250, afterId: 'x' },
      { kind: 'ties', time: 1735806600250, afterId: '1; DROP' },
      { kind: 'ties', time: 1735806600250 },
      { kind: 'start' },
      {},
    ]) {
      const error = await failure(sync({ offset: offsetWithCursor(cursor) }));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers the contacts without their page when the portal details cannot be read', async () => {
    upstream.use(
      http.get(`${origin}/account-info/v3/details`, () =>
        HttpResponse.json({ status: 'error', message: 'internal error' }, { status: 500 }),
      ),
    );
    const page = await sync();
    expect(page.contacts).toHaveLength(5);
    for (const contact of page.contacts) expect(contact).not.toHaveProperty('url');
  });

  it('refuses a search answer without ids or update times rather than guess a position', async () => {
    upstream.use(
      http.post(`${origin}/crm/v3/objects/contacts/search`, () =>
        HttpResponse.json({ total: 1, results: [{ id: '151', properties: { firstname: 'Maria' } }] }),
      ),
    );
    expect((await failure(sync())).code).toBe('upstream_invalid_response');
  });
});

describe('agent synchronization', () => {
  const syncAgents = (meta: Record<string, unknown> = {}, pageSize = 100) =>
    settled(synchronizeAgents(hubspot, { auth, meta }, { ...options, pageSize }));

  it('lists the owners that are people with an email, named by first and last name', async () => {
    const page = await syncAgents();
    expect(calls()).toEqual(['GET /crm/v3/owners']);
    const query = upstream.requests[0]?.query;
    expect(Object.fromEntries(query ?? [])).toEqual({ limit: '100', archived: 'false' });
    expect(page).toEqual({
      agents: [
        { id: '41629779', name: 'Alex Morgan', email: 'alex.morgan@acme-support.example' },
        { id: '41629780', name: 'Sam Lee', email: 'sam.lee@acme-support.example' },
        { id: '41629782', name: 'Jordan', email: 'jordan.kim@acme-support.example' },
      ],
    });
  });

  it('pages with HubSpot’s `after` cursor', async () => {
    const first = await syncAgents({}, 2);
    expect(first.agents.map((agent) => agent.id)).toEqual(['41629779', '41629780']);
    expect(first.next_offset).toBeDefined();
    const second = await syncAgents({ offset: first.next_offset }, 2);
    expect(upstream.requests[1]?.query.get('after')).toBe('2');
    expect(upstream.requests[1]?.query.get('limit')).toBe('2');
    expect(second.agents.map((agent) => agent.id)).toEqual(['41629782']);
    expect(second.next_offset).toBeUndefined();
  });

  it('sends an URL-encoded `after` token once encoded, not twice', async () => {
    upstream.use(http.get(`${origin}/crm/v3/owners`, () => HttpResponse.json({ results: [] })));
    await syncAgents({ offset: offsetWithCursor({ after: 'NTI1Cg%3D%3D' }) });
    expect(upstream.requests[0]?.query.get('after')).toBe('NTI1Cg==');
    expect(upstream.requests[0]?.url.search).toContain('after=NTI1Cg%3D%3D');
  });

  it('caps the page at HubSpot’s 500 owners', async () => {
    await syncAgents({}, 1_000);
    expect(upstream.requests[0]?.query.get('limit')).toBe('500');
  });

  it('refuses a forged cursor before any request', async () => {
    for (const after of ['a b', '../owners', '%E0%A4%A', '', 'x'.repeat(513)]) {
      const error = await failure(syncAgents({ offset: offsetWithCursor({ after }) }));
      expect(error.code).toBe('invalid_request');
    }
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('actions', () => {
  const run = (name: string, body: Record<string, unknown>) =>
    settled(executeAction(hubspot, name, { auth, ...body }, options));
  const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

  describe('log_call', () => {
    it('creates the call with its association to the contact and its owner, in one request', async () => {
      const answer = await run('log_call', {
        meta: { contact_external_id: '151', agent_external_id: '41629779' },
        data: {
          subject: 'Inbound call from Talkdesk',
          description: 'Asked about the <b>invoice</b>.\nCall back tomorrow & confirm.',
          direction: 'Inbound',
          duration: '95',
        },
      });
      expect(calls()).toEqual(['POST /crm/v3/objects/calls']);
      const body = bodyOf(upstream.requests[0]);
      expect(body).toEqual({
        properties: {
          hs_timestamp: expect.stringMatching(ISO_TIME),
          hs_call_title: 'Inbound call from Talkdesk',
          hs_call_body:
            '<p>Asked about the &lt;b&gt;invoice&lt;/b&gt;.<br>Call back tomorrow &amp; confirm.</p>',
          hs_call_direction: 'INBOUND',
          hs_call_duration: '95000',
          hubspot_owner_id: '41629779',
        },
        associations: [
          {
            to: { id: '151' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }],
          },
        ],
      });
      expect(CALL_TO_CONTACT_ASSOCIATION).toBe(194);
      expect(upstream.requests[0]?.headers.get('authorization')).toBe(`Bearer ${HUBSPOT_TEST_TOKEN}`);
      expect(upstream.requests[0]?.headers.get('content-type')).toContain('application/json');
      expect(answer).toEqual({
        message: 'Call 45200000001 logged on HubSpot contact 151',
        external_id: '45200000001',
      });
    });

    it('sends only what was given: no body, direction, duration or owner when absent', async () => {
      await run('log_call', { meta: { contact_external_id: '152' }, data: { subject: 'Quick call' } });
      expect(bodyOf(upstream.requests[0])?.properties).toEqual({
        hs_timestamp: expect.stringMatching(ISO_TIME),
        hs_call_title: 'Quick call',
      });
    });

    it('the logged call shows in the contact’s next retrieval', async () => {
      await run('log_call', { meta: { contact_external_id: '152' }, data: { subject: 'Follow-up call' } });
      const interactions = await retrieveInteractions(
        hubspot,
        { auth, meta: { interaction_types: ['call'] }, data: { contact_external_id: '152' } },
        options,
      );
      expect(interactions.map((item) => [item.id, item.subject])).toEqual([
        ['call-45200000001', 'Follow-up call'],
      ]);
    });

    it('refuses a bad direction, duration, contact id or agent id before sending anything', async () => {
      const cases: [Record<string, unknown>, Record<string, unknown>, string][] = [
        [{ contact_external_id: '151' }, { subject: 'x', direction: 'sideways' }, 'data.direction'],
        [{ contact_external_id: '151' }, { subject: 'x', duration: '1:35' }, 'data.duration'],
        [{ contact_external_id: '151' }, { subject: 'x', duration: '-3' }, 'data.duration'],
        [{ contact_external_id: '../151' }, { subject: 'x' }, 'meta.contact_external_id'],
        [
          { contact_external_id: '151', agent_external_id: 'agent-7' },
          { subject: 'x' },
          'meta.agent_external_id',
        ],
        [{}, { subject: 'x' }, 'data.contact_email'],
        [{}, { subject: 'x', contact_email: 'not an email' }, 'data.contact_email'],
      ];
      for (const [meta, requestData, path] of cases) {
        const error = await failure(run('log_call', { meta, data: requestData }));
        expect(error.code).toBe('invalid_request');
        expect(error.issues?.map((issue) => issue.path)).toEqual([path]);
      }
      expect(upstream.requests).toHaveLength(0);
    });

    it('turns HubSpot’s validation error into action_failed naming what to check, sent once', async () => {
      const error = await failure(
        run('log_call', {
          meta: { contact_external_id: '151', agent_external_id: '999' },
          data: { subject: 'Inbound call' },
        }),
      );
      expect(error.code).toBe('action_failed');
      expect(error.message).toBe(
        'HubSpot refused to create the call: check that contact 151 exists and that owner 999 is an active HubSpot owner (HubSpot answered 400)',
      );
      expect(error.message).not.toContain('Property values were not valid');
      expect(error.message).not.toContain(HUBSPOT_TEST_TOKEN);
      expect(posts('/crm/v3/objects/calls')).toHaveLength(1);
    });

    it('names the missing scope when HubSpot answers 403', async () => {
      upstream.use(
        http.post(`${origin}/crm/v3/objects/calls`, () =>
          HttpResponse.json(
            {
              status: 'error',
              message: 'This app hasn\u2019t been granted all required scopes to make this call.',
              category: 'MISSING_SCOPES',
            },
            { status: 403 },
          ),
        ),
      );
      const error = await failure(
        run('log_call', { meta: { contact_external_id: '151' }, data: { subject: 'Inbound call' } }),
      );
      expect(error.code).toBe('action_failed');
      expect(error.message).toContain('crm.objects.contacts.write');
    });

    it('is not retried after a 5xx or a 429: the call may have been created', async () => {
      for (const status of [502, 503, 429]) {
        upstream.reset();
        upstream.use(
          http.post(`${origin}/crm/v3/objects/calls`, () =>
            HttpResponse.json({ status: 'error' }, { status, headers: { 'retry-after': '0' } }),
          ),
        );
        const error = await failure(
          run('log_call', { meta: { contact_external_id: '151' }, data: { subject: 'Inbound call' } }),
        );
        expect(error.code).toBe(status === 429 ? 'rate_limited' : 'upstream_unavailable');
        expect(posts('/crm/v3/objects/calls')).toHaveLength(1);
      }
    });

    it('finds the contact by data.contact_email when Talkdesk sends no contact id', async () => {
      const answer = await run('log_call', {
        data: { subject: 'Inbound call', contact_email: 'M.Garcia@example.org' },
      });
      expect(calls()).toEqual(['POST /crm/v3/objects/contacts/search', 'POST /crm/v3/objects/calls']);
      expect(bodyOf(searches()[0])?.filterGroups).toEqual([
        { filters: [{ propertyName: 'email', operator: 'IN', values: ['m.garcia@example.org'] }] },
        {
          filters: [
            {
              propertyName: 'hs_additional_emails',
              operator: 'CONTAINS_TOKEN',
              value: 'm.garcia@example.org',
            },
          ],
        },
      ]);
      expect(bodyOf(upstream.requests[1])?.associations).toEqual([
        { to: { id: '151' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] },
      ]);
      expect(answer.message).toBe('Call 45200000001 logged on HubSpot contact 151');
    });

    it('creates nothing when no contact holds data.contact_email', async () => {
      const error = await failure(
        run('log_call', { data: { subject: 'Inbound call', contact_email: 'stranger@example.com' } }),
      );
      expect(error.code).toBe('action_failed');
      expect(error.message).toBe('No HubSpot contact has the email in data.contact_email');
      expect(calls()).toEqual(['POST /crm/v3/objects/contacts/search']);
    });
  });

  describe('create_note', () => {
    it('creates the note with its title and text, associated with the contact and owned by the agent', async () => {
      const answer = await run('create_note', {
        meta: { contact_external_id: '153', agent_external_id: '41629780' },
        data: { subject: 'Call missed in Talkdesk', description: 'Ana called at 9:05.\nNo voicemail.' },
      });
      expect(calls()).toEqual(['POST /crm/v3/objects/notes']);
      expect(bodyOf(upstream.requests[0])).toEqual({
        properties: {
          hs_timestamp: expect.stringMatching(ISO_TIME),
          hs_note_body:
            '<p><strong>Call missed in Talkdesk</strong></p><p>Ana called at 9:05.<br>No voicemail.</p>',
          hubspot_owner_id: '41629780',
        },
        associations: [
          {
            to: { id: '153' },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }],
          },
        ],
      });
      expect(NOTE_TO_CONTACT_ASSOCIATION).toBe(202);
      expect(answer).toEqual({
        message: 'Note 45200000001 added to HubSpot contact 153',
        external_id: '45200000001',
      });
      const notes = await retrieveInteractions(
        hubspot,
        { auth, meta: { interaction_types: ['note'] }, data: { contact_external_id: '153' } },
        options,
      );
      expect(notes[0]).toMatchObject({
        id: 'note-45200000001',
        description: 'Call missed in Talkdesk Ana called at 9:05. No voicemail.',
      });
    });

    it('refuses a note longer than HubSpot accepts before sending it', async () => {
      const error = await failure(
        run('create_note', {
          meta: { contact_external_id: '151' },
          data: { subject: 'Transcript', description: 'x'.repeat(70_000) },
        }),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.issues?.[0]?.path).toBe('data.description');
      expect(upstream.requests).toHaveLength(0);
    });

    it('answers action_failed when the contact does not exist, sent once', async () => {
      const error = await failure(
        run('create_note', { meta: { contact_external_id: '9999999' }, data: { subject: 'Note' } }),
      );
      expect(error.code).toBe('action_failed');
      expect(error.message).toBe(
        'HubSpot refused to create the note: check that contact 9999999 exists (HubSpot answered 400)',
      );
      expect(posts('/crm/v3/objects/notes')).toHaveLength(1);
    });
  });

  it('declares lower-case displays and descriptions, subject mandatory', () => {
    for (const action of Object.values(hubspot.actions ?? {})) {
      expect(action.display).toBe(action.display.toLowerCase());
      expect(action.description).toMatch(/^[a-z].* in HubSpot$/);
      expect(action.inputs.filter((input) => input.mandatory).map((input) => input.key)).toEqual(['subject']);
    }
  });
});
