// The Freshdesk connector through the real gateway on a real port, against a fake Freshdesk account (msw;
// the gateway's own loopback traffic passes through untouched).
import { freshdesk } from '@talkbridge/connector-freshdesk';
import {
  FRESHDESK_API_KEY as API_KEY,
  FRESHDESK_AUTHORIZATION as AUTHORIZATION,
  createFreshdeskUpstream,
  fixtureAgents,
  fixtureContacts,
  fixtureTickets,
} from '@talkbridge/connector-freshdesk/fixtures';
import {
  actionExecutionResponseSchema,
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

const WRONG_KEY = 'e2e-wrong-key-Lx52Rt';

// The connector's own fake Freshdesk account (msw, from Freshdesk's documented payloads): Emily, Marcus and
// Aisha; two of Emily's tickets (one recent, one two years old); two agents.
const upstream = createFreshdeskUpstream('https://acme.freshdesk.com', {
  contacts: fixtureContacts().filter((contact) => [432, 433, 435].includes(contact.id)),
  tickets: fixtureTickets().filter((ticket) => [20, 12].includes(ticket.id)),
  agents: fixtureAgents().slice(0, 2),
});
/** The bodies of the POST /tickets Freshdesk received. */
const createdTickets = () =>
  upstream.requests.filter((request) => request.method === 'POST').map((request) => request.json);

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  {
    integrations: {
      'freshdesk-acme': { connector: 'freshdesk', syncPageSize: 2, options: { baseUrl: upstream.origin } },
    },
  },
  [freshdesk],
);
const retrieve = (body: unknown) => gateway.post('/integrations/freshdesk-acme/interaction_retrieval', body);

const talkdeskRequest = {
  auth: { domain: 'acme', api_key: API_KEY },
  meta: { interaction_types: ['ticket', 'case'] },
  data: {
    contact_external_id: '432',
    contact_name: 'Emily Garcia',
    contact_emails: ['emily.garcia@example.com'],
    contact_phones: ['+15555550123'],
  },
};

describe('POST /integrations/freshdesk-acme/interaction_retrieval', () => {
  it('answers 200 with the contact’s tickets of every age, valid against the contract', async () => {
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: '20',
        subject: 'Order #1042 arrived damaged',
        description:
          'Hi team, The parcel for order #1042 arrived with a crushed corner & the lamp inside is broken. Emily',
        date: '2025-03-02 10:38:00 UTC',
        url: `${upstream.origin}/a/tickets/20`,
        type: 'ticket',
        priority: 'high',
        status: 'open',
      },
      {
        id: '12',
        subject: 'Cannot log in to the portal',
        description: 'The portal says account locked since this morning.',
        date: '2023-09-05 11:45:00 UTC',
        url: `${upstream.origin}/a/tickets/12`,
        type: 'ticket',
        priority: 'urgent',
        status: 'closed',
      },
    ]);
    // One round: the tickets are listed by the synced id while the id is checked.
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/tickets',
      '/api/v2/contacts/432',
    ]);
    expect(upstream.requests.every((request) => request.headers.get('authorization') === AUTHORIZATION)).toBe(
      true,
    );
    expect(upstream.requests[0]?.query.get('updated_since')).toBe('2000-01-01T00:00:00Z');
  });

  it('falls back to the email when the synced id is stale', async () => {
    const response = await retrieve({
      ...talkdeskRequest,
      data: { ...talkdeskRequest.data, contact_external_id: '999' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }[]).map((item) => item.id)).toEqual(['20', '12']);
    // The stale id's tickets (first round) are thrown away; the email's, listed beside its search (second
    // round), are kept: the search finds the contact by its primary address.
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/tickets',
      '/api/v2/contacts/999',
      '/api/v2/tickets',
      '/api/v2/search/contacts',
    ]);
    expect(upstream.requests.map((request) => request.query.get('requester_id'))).toEqual([
      '999',
      null,
      null,
      null,
    ]);
    expect(upstream.requests[2]?.query.get('email')).toBe('emily.garcia@example.com');
  });

  it('answers 401 invalid_credentials when Freshdesk refuses the API key', async () => {
    const response = await retrieve({ ...talkdeskRequest, auth: { domain: 'acme', api_key: WRONG_KEY } });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain(WRONG_KEY);
  });

  it('answers 429 with Retry-After when Freshdesk rate limits past the deadline', async () => {
    upstream.use(
      http.all(`${upstream.origin}/*`, () =>
        HttpResponse.json({}, { status: 429, headers: { 'retry-after': '120' } }),
      ),
    );
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('120');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });

  it('answers 400 naming the missing auth field', async () => {
    const response = await retrieve({ ...talkdeskRequest, auth: { domain: 'acme' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['auth.api_key']);
  });
});

describe('the other bridge hooks', () => {
  const hook = (name: string, body: unknown) => gateway.post(`/integrations/freshdesk-acme/${name}`, body);
  const auth = talkdeskRequest.auth;

  it('auth_validation: 204 after one GET /agents/me, 401 for a key Freshdesk refuses', async () => {
    const response = await hook('auth_validation', { auth });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(upstream.requests.map((request) => request.path)).toEqual(['/api/v2/agents/me']);

    const refused = await hook('auth_validation', { auth: { domain: 'acme', api_key: WRONG_KEY } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
  });

  it('contact_synchronization: 200 pages valid against the contract, then an incremental run', async () => {
    const pages = [];
    let offset: string | undefined;
    do {
      const response = await hook('contact_synchronization', { auth, meta: offset ? { offset } : {} });
      expect(response.status).toBe(200);
      const page = contactSynchronizationResponseSchema.parse(await response.json());
      pages.push(page);
      offset = page.next_offset;
    } while (offset && pages.length < 10);

    // syncPageSize 2: Aisha and Emily on Freshdesk's page 1, Marcus on page 2; each page ascending.
    expect(pages.map((page) => page.contacts.map((contact) => contact.id))).toEqual([
      ['435', '432'],
      ['433'],
    ]);
    expect(pages[0]?.contacts[1]).toEqual({
      id: '432',
      name: 'Emily Garcia',
      company: 'Garcia Interiors',
      title: 'Operations lead',
      emails: ['emily.garcia@example.com', 'emily@garcia-family.example'],
      phones: ['(555) 555-0123'],
      photo_url: expect.stringMatching(
        /^https:\/\/s3\.amazonaws\.com\/cdn\.freshdesk\.com\/.+\/emily\.jpg\?/,
      ),
      address: '1 Market St, San Francisco',
      twitter: 'emilyg_design',
      url: `${upstream.origin}/a/contacts/432`,
    });
    const checkpoint = pages.at(-1)?.synchronization_checkpoint;
    expect(checkpoint).toBe('2025-03-02 10:40:11 UTC');
    const lists = upstream.requests.filter((request) => request.path === '/api/v2/contacts');
    // The second step reads page 1 again with page 2 (at once).
    expect(lists.map((request) => request.query.get('page')).sort()).toEqual(['1', '1', '2']);

    upstream.requests.length = 0;
    const incremental = await hook('contact_synchronization', {
      auth,
      meta: { synchronization_checkpoint: checkpoint },
    });
    expect(incremental.status).toBe(200);
    const answer = contactSynchronizationResponseSchema.parse(await incremental.json());
    expect(answer.contacts.map((contact) => contact.id)).toEqual(['432']);
    expect(upstream.requests[0]?.query.get('_updated_since')).toBe('2025-03-02T10:40:10Z');
  });

  it('agent_synchronization: 200 with the agents as {id, name, email}', async () => {
    const response = await hook('agent_synchronization', { auth });
    expect(response.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await response.json())).toEqual({
      agents: [
        { id: '80000011', name: 'Priya Natarajan', email: 'priya@acme.example' },
        { id: '80000012', name: 'Tom Becker', email: 'tom@acme.example' },
      ],
    });
  });

  it('actions/create_ticket: 201 with the ticket id; the ticket is Emily’s, assigned to Priya', async () => {
    const response = await hook('actions/create_ticket', {
      auth,
      meta: { contact_external_id: '432', agent_external_id: '80000011' },
      data: { subject: 'Call about order #1042', description: 'Wants a replacement lamp.' },
    });
    expect(response.status).toBe(201);
    expect(actionExecutionResponseSchema.parse(await response.json())).toEqual({
      // The fake account numbers a new ticket after its last one.
      message: 'Freshdesk ticket 21 created',
      external_id: '21',
    });
    expect(createdTickets()).toEqual([
      {
        subject: 'Call about order #1042',
        description: 'Wants a replacement lamp.',
        status: 2,
        priority: 1,
        source: 3,
        requester_id: 432,
        responder_id: 80000011,
      },
    ]);
  });

  it('actions/create_ticket: 400 action_failed when Freshdesk refuses the ticket, sent once', async () => {
    const response = await hook('actions/create_ticket', {
      auth,
      meta: { contact_external_id: '999' },
      data: { subject: 'Call back' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('action_failed');
    expect(body.error.message).toBe(
      'Freshdesk refused the ticket: meta.contact_external_id: no Freshdesk contact has this id',
    );
    expect(createdTickets()).toHaveLength(1);
  });

  // Runs last: every request above carried an API key.
  it('never printed a credential in the gateway’s logs', () => {
    const printed = gateway.logs();
    expect(printed.length).toBeGreaterThan(4);
    const everything = `${JSON.stringify(printed)}\n${printedLogLines.join('\n')}`;
    for (const secret of [API_KEY, WRONG_KEY, AUTHORIZATION.slice('Basic '.length)]) {
      expect(everything).not.toContain(secret);
    }
  });
});
