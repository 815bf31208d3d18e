import {
  buildIntegrationConfiguration,
  synchronizeAgents,
  synchronizeContacts,
  validateAuthentication,
} from '@talkbridge/core';
import { bridgeErrorOf, FAST_RETRY, HttpResponse, http, offsetWithCursor } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import admins from './__fixtures__/admins.json' with { type: 'json' };
import { fakeIntercom, INTERCOM_TOKEN, SYNC_CONTACTS, WORKSPACE_ID } from './__fixtures__/fake-intercom.js';
import { intercom } from './intercom-connector.js';
import { INTERCOM_API_VERSION } from './intercom-context.js';
import { SEARCH_INDEX_LAG_SECONDS } from './intercom-sync.js';

const upstream = fakeIntercom('https://api.intercom.io');
const auth = { access_token: INTERCOM_TOKEN, region: 'us' };
const options = { retry: FAST_RETRY };

const [joe, lead, ann, luis, mei, sam, priya] = SYNC_CONTACTS.map((contact) => contact.id) as [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
];
/** 2024-12-20 13:06:40 UTC: Priya's update, the latest of the fixtures. */
const LATEST = SYNC_CONTACTS.at(-1)?.updated_at as number;

const failure = bridgeErrorOf;

const calls = () => upstream.requests.map((request) => `${request.method} ${request.path}`);
const searchBodies = () =>
  upstream.requests.filter((request) => request.path === '/contacts/search').map((request) => request.json);

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

describe('auth validation', () => {
  it('asks GET /me once, with the token and the pinned version, and stores nothing', async () => {
    await expect(validateAuthentication(intercom, { auth }, options)).resolves.toBeUndefined();
    expect(calls()).toEqual(['GET /me']);
    const [request] = upstream.requests;
    expect(request?.headers.get('authorization')).toBe(`Bearer ${INTERCOM_TOKEN}`);
    expect(request?.headers.get('intercom-version')).toBe(INTERCOM_API_VERSION);
    expect(request?.url.search).toBe('');
  });

  it('reports a refused token as invalid_credentials after one call, without the token', async () => {
    const error = await failure(
      validateAuthentication(intercom, { auth: { access_token: 'revoked-token-1234' } }, options),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(error.message).not.toContain('revoked-token-1234');
    expect(calls()).toEqual(['GET /me']);
  });

  it('asks the regional host of the auth fields', async () => {
    const seen: string[] = [];
    upstream.use(
      http.get('https://api.eu.intercom.io/me', ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json({ type: 'admin', id: '1' });
      }),
    );
    await validateAuthentication(intercom, { auth: { ...auth, region: 'eu' } }, options);
    expect(seen).toEqual([`Bearer ${INTERCOM_TOKEN}`]);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('contact synchronization', () => {
  type Page = Awaited<ReturnType<typeof synchronizeContacts>>;
  const sync = (meta: Record<string, unknown>, pageSize: number) =>
    synchronizeContacts(intercom, { auth, meta }, { ...options, pageSize });

  async function syncAll(meta: Record<string, unknown>, pageSize: number): Promise<Page[]> {
    const pages: Page[] = [];
    let offset: string | undefined;
    do {
      const page = await sync({ ...meta, ...(offset ? { offset } : {}) }, pageSize);
      pages.push(page);
      offset = page.next_offset;
    } while (offset && pages.length < 20);
    return pages;
  }

  it('initial sync: searches users and leads ascending by updated_at, a page the size of pageSize', async () => {
    await sync({}, 2);
    expect(calls()).toEqual(['POST /contacts/search']);
    expect(searchBodies()).toEqual([
      {
        query: { field: 'role', operator: 'IN', value: ['user', 'lead'] },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 2 },
      },
    ]);
    expect(upstream.requests[0]?.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('pages with Intercom’s cursor: contacts sharing an update second are neither skipped nor repeated', async () => {
    const pages = await syncAll({}, 2);
    // Lead, Ann and Luis were updated in the same second; the page boundary falls between them.
    expect(pages.map((page) => page.contacts.map((contact) => contact.id))).toEqual([
      [joe, lead],
      [ann, luis],
      [mei, sam],
      [priya],
    ]);
    const bodies = searchBodies() as { pagination: { starting_after?: string } }[];
    expect(bodies).toHaveLength(4);
    expect(bodies[0]?.pagination.starting_after).toBeUndefined();
    // Each next page continues from the cursor Intercom gave for the previous one.
    for (const body of bodies.slice(1)) expect(body.pagination.starting_after).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(new Set(bodies.map((body) => body.pagination.starting_after)).size).toBe(4);
    expect(pages.at(-1)?.next_offset).toBeUndefined();
    expect(pages.at(-1)?.synchronization_checkpoint).toBe('2024-12-20 13:06:40 UTC');
  });

  it('asks at most Intercom’s 150 per page however large the page size', async () => {
    const [page] = await syncAll({}, 500);
    expect(searchBodies()).toEqual([expect.objectContaining({ pagination: { per_page: 150 } })]);
    expect(page?.contacts).toHaveLength(SYNC_CONTACTS.length);
  });

  it('incremental sync: asks for the day of the checkpoint (less the index lag) onwards, keeps what is at or after it', async () => {
    const page = await sync({ synchronization_checkpoint: '2024-12-20 13:06:40 UTC' }, 100);
    const since = LATEST - SEARCH_INDEX_LAG_SECONDS;
    expect(searchBodies()).toEqual([
      {
        query: {
          operator: 'OR',
          value: [
            { field: 'updated_at', operator: '=', value: since },
            { field: 'updated_at', operator: '>', value: since },
          ],
        },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 100 },
      },
    ]);
    // Intercom answers the whole day (Mei, Sam, Priya); Mei was updated before the lag window.
    expect(page.contacts.map((contact) => contact.id)).toEqual([sam, priya]);
    expect(page.synchronization_checkpoint).toBe('2024-12-20 13:06:40 UTC');
    expect(page.next_offset).toBeUndefined();
  });

  it('incremental sync keeps a contact updated exactly at the start of the window (inclusive)', async () => {
    // Sam was updated 500 s before Priya: a checkpoint 600 s after Sam still returns him.
    const checkpoint = new Date(((SYNC_CONTACTS[5]?.updated_at as number) + 600) * 1000);
    const text = `${checkpoint.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
    const page = await sync({ synchronization_checkpoint: text }, 100);
    expect(page.contacts.map((contact) => contact.id)).toEqual([sam, priya]);
  });

  it('skips a page holding only contacts before the window and continues in the same call', async () => {
    const page = await sync({ synchronization_checkpoint: '2024-12-20 13:06:40 UTC' }, 1);
    expect(calls()).toEqual(['POST /contacts/search', 'POST /contacts/search']);
    const bodies = searchBodies() as { pagination: { starting_after?: string } }[];
    expect(bodies[1]?.pagination.starting_after).toEqual(expect.any(String));
    expect(page.contacts.map((contact) => contact.id)).toEqual([sam]);
    expect(page.next_offset).toEqual(expect.any(String));
    const next = await sync(
      { synchronization_checkpoint: '2024-12-20 13:06:40 UTC', offset: page.next_offset },
      1,
    );
    expect(next.contacts.map((contact) => contact.id)).toEqual([priya]);
    expect(next.next_offset).toBeUndefined();
  });

  it('bounds the skipping to 4 searches per page, then answers an empty page that continues', async () => {
    let served = 0;
    upstream.use(
      http.post(`${upstream.origin}/contacts/search`, async ({ request }) => {
        await request.text();
        served += 1;
        return HttpResponse.json({
          type: 'list',
          data: [{ ...SYNC_CONTACTS[0], id: `old-${served}`, updated_at: LATEST - 3_600 }],
          pages: { type: 'pages', next: { page: served + 1, starting_after: `Y3Vyc29y${served}` } },
        });
      }),
    );
    const page = await sync({ synchronization_checkpoint: '2024-12-20 13:06:40 UTC' }, 1);
    expect(served).toBe(4);
    expect(page.contacts).toEqual([]);
    expect(page.next_offset).toEqual(expect.any(String));
    expect(page.synchronization_checkpoint).toBe('2024-12-20 13:06:40 UTC');
  });

  it('refuses an offset whose cursor Intercom could not have issued, sending nothing', async () => {
    const offset = offsetWithCursor({ startingAfter: '{"starting_after":"x"} OR 1=1' });
    const error = await failure(sync({ offset }, 2));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers the 400 of a forged offset when Intercom refuses the cursor inside it (400), after one call', async () => {
    // Well-formed base64, but not a position Intercom issued.
    const offset = offsetWithCursor({ startingAfter: 'bm90LWEtY3Vyc29y' });
    const error = await failure(sync({ offset }, 2));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    expect(searchBodies()).toEqual([
      {
        query: { field: 'role', operator: 'IN', value: ['user', 'lead'] },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 2, starting_after: 'bm90LWEtY3Vyc29y' },
      },
    ]);
  });

  it('returns every field Intercom has for a contact, with a link to its profile', async () => {
    const [page] = await syncAll({}, 100);
    const byId = new Map(page?.contacts.map((contact) => [contact.id, contact]));
    expect(byId.get(ann)).toEqual({
      id: ann,
      name: 'Ann Lee',
      emails: ['ann.lee@example.ie'],
      phones: ['+442079460958'],
      photo_url: 'https://static.intercomassets.com/avatars/6762f0d01bb69f9f2193bb81/square_128/ann.jpg',
      address: 'Dublin, Ireland',
      websites: ['https://www.linkedin.com/in/ann-lee-example'],
      twitter: 'th1sland',
      url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${ann}`,
    });
    expect(byId.get(lead)).toMatchObject({ name: 'visitor@example.org', emails: ['visitor@example.org'] });
    expect(byId.get(lead)).not.toHaveProperty('phones');
    expect(byId.get(luis)).toMatchObject({ phones: ['(415) 555-0199'] });
    expect(byId.get(priya)).toMatchObject({ name: 'Priya Nair', phones: ['+919876543210'] });
    expect(byId.get(priya)).not.toHaveProperty('emails');
  });

  it('links contacts to the app of the auth fields’ region', async () => {
    const seen: unknown[] = [];
    upstream.use(
      http.post('https://api.au.intercom.io/contacts/search', async ({ request }) => {
        seen.push(await request.json());
        return HttpResponse.json({ type: 'list', data: [SYNC_CONTACTS[0]], pages: { type: 'pages' } });
      }),
    );
    const page = await synchronizeContacts(intercom, { auth: { ...auth, region: 'au' } }, options);
    expect(seen).toHaveLength(1);
    expect(page.contacts[0]?.url).toBe(`https://app.au.intercom.com/a/apps/${WORKSPACE_ID}/users/${joe}`);
  });
});

describe('agent synchronization', () => {
  it('lists the teammates from GET /admins, ordered by id, with name and email', async () => {
    const page = await synchronizeAgents(intercom, { auth }, options);
    expect(calls()).toEqual(['GET /admins']);
    expect(upstream.requests[0]?.url.search).toBe('');
    expect(page).toEqual({
      agents: [
        { id: '991267461', name: 'Ciaran2 Lee', email: 'admin2@email.com' },
        { id: '991267466', name: 'Ciaran7 Lee', email: 'admin7@email.com' },
        { id: '991267470', name: 'Priya Raman', email: 'priya.raman@example.com' },
      ],
    });
  });

  it('cuts pages of pageSize from the list, one GET per page', async () => {
    const first = await synchronizeAgents(intercom, { auth }, { ...options, pageSize: 2 });
    expect(first.agents.map((agent) => agent.id)).toEqual(['991267461', '991267466']);
    expect(first.next_offset).toEqual(expect.any(String));
    const second = await synchronizeAgents(
      intercom,
      { auth, meta: { offset: first.next_offset } },
      { ...options, pageSize: 2 },
    );
    expect(second.agents.map((agent) => agent.id)).toEqual(['991267470']);
    expect(second.next_offset).toBeUndefined();
    expect(calls()).toEqual(['GET /admins', 'GET /admins']);
  });

  it('leaves out teammates without an email and names one without a name by its email', async () => {
    upstream.use(
      http.get(`${upstream.origin}/admins`, () =>
        HttpResponse.json({
          type: 'admin.list',
          admins: [
            { ...admins.admins[0], name: null },
            { ...admins.admins[1], email: null },
          ],
        }),
      ),
    );
    const page = await synchronizeAgents(intercom, { auth }, options);
    expect(page.agents).toEqual([{ id: '991267466', name: 'admin7@email.com', email: 'admin7@email.com' }]);
  });

  it('refuses a cursor that is not a position, sending nothing', async () => {
    for (const cursor of [{ start: 0 }, { start: -1 }, { start: 1.5 }, { start: '2' }, '2', { start: 1e7 }]) {
      const error = await failure(
        synchronizeAgents(intercom, { auth, meta: { offset: offsetWithCursor(cursor) } }, options),
      );
      expect(error.code).toBe('invalid_request');
    }
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('configuration', () => {
  it('declares every hook, and auth fields with titles and help', () => {
    const configuration = buildIntegrationConfiguration(intercom, {
      integrationId: 'intercom',
      publicUrl: 'https://bridge.example.com',
    });
    expect(configuration).toMatchObject({
      auth_validation_endpoint: 'https://bridge.example.com/integrations/intercom/auth_validation',
      contact_synchronization_endpoint:
        'https://bridge.example.com/integrations/intercom/contact_synchronization',
      agent_synchronization_endpoint:
        'https://bridge.example.com/integrations/intercom/agent_synchronization',
    });
    expect(configuration.authentication_configuration).toEqual([
      {
        // Not mandatory: with OAuth 2.0 `access_token` takes its place (see intercom-connector.test).
        private_app_token: {
          source: 'input',
          display: 'Access token',
          mandatory: false,
          type: 'input',
          store: true,
          help: 'Intercom Developer Hub > your app > Authentication',
        },
      },
      {
        region: {
          source: 'input',
          display: 'Region (us, eu or au)',
          mandatory: false,
          type: 'input',
          store: true,
          help: 'eu if your Intercom opens at app.eu.intercom.com, au for app.au.intercom.com; empty means us',
        },
      },
    ]);
  });
});
