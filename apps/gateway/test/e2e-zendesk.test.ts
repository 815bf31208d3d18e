// The Zendesk connector through the real gateway on a real port, against a fake Zendesk account (msw).
import { zendesk } from '@talkbridge/connector-zendesk';
import {
  ZENDESK_TEST_AUTH as AUTH,
  ZENDESK_BASIC_HEADER as BASIC,
  fakeUsers,
  fakeZendeskHandlers,
  ZENDESK_TEST_ORIGIN,
} from '@talkbridge/connector-zendesk/fixtures';
import {
  actionExecutionResponseSchema,
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { createFakeUpstream, faults } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

/** Jane's two tickets: one on hold in a custom status, one solved without a priority. */
const tickets = [
  {
    id: 35441,
    created_at: '2024-05-04T14:30:00Z',
    subject: 'Where is my replacement?',
    description: 'Hi,\n\nI was promised a replacement last week. Any news?',
    priority: 'high',
    status: 'hold',
    custom_status_id: 9001,
    requester_id: 35436,
    result_type: 'ticket',
  },
  {
    id: 35440,
    created_at: '2024-05-02T10:00:00Z',
    subject: 'Help, my printer is on fire!',
    description: 'The fire is very colorful.',
    priority: null,
    status: 'solved',
    custom_status_id: 1004,
    requester_id: 35436,
    result_type: 'ticket',
  },
];

// The connector's own fake Zendesk account (msw): Jane, the admin whose API token the requests carry and an
// agent, with the tickets above.
const upstream = createFakeUpstream(
  ZENDESK_TEST_ORIGIN,
  ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { users: fakeUsers.slice(0, 1), tickets }),
);
const createdTickets = () =>
  upstream.requests.filter((request) => request.method === 'POST').map((request) => request.json);
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  { integrations: { 'zendesk-acme': { connector: 'zendesk', options: { baseUrl: upstream.origin } } } },
  [zendesk],
);
const retrieve = (body: unknown) => gateway.post('/integrations/zendesk-acme/interaction_retrieval', body);

/** What Talkdesk sends for a contact synced long ago (its Zendesk user was since merged away). */
const talkdeskRequest = {
  auth: AUTH,
  meta: { interaction_types: ['ticket', 'call'] },
  data: {
    contact_external_id: '20978392',
    contact_name: 'Jane Doe',
    contact_emails: ['Jane@Example.com'],
    contact_phones: ['+1 555-555-0100'],
  },
};

describe('Zendesk through the gateway', () => {
  it('answers 200 with the contact’s tickets, valid against the contract', async () => {
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: '35441',
        subject: 'Where is my replacement?',
        description: 'Hi, I was promised a replacement last week. Any news?',
        date: '2024-05-04 14:30:00 UTC',
        url: 'https://acme.zendesk.com/agent/tickets/35441',
        type: 'ticket',
        priority: 'high',
        status: 'pending',
      },
      {
        id: '35440',
        subject: 'Help, my printer is on fire!',
        description: 'The fire is very colorful.',
        date: '2024-05-02 10:00:00 UTC',
        url: 'https://acme.zendesk.com/agent/tickets/35440',
        type: 'ticket',
        priority: 'none',
        status: 'solved',
      },
    ]);
    // The stale id and its ticket search in one round (those tickets thrown away), one user search by email,
    // one ticket search.
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/search',
      '/api/v2/users/20978392',
      '/api/v2/search',
      '/api/v2/search',
    ]);
    for (const request of upstream.requests) expect(request.headers.get('authorization')).toBe(BASIC);
  });

  it('applies the integration’s statusMap from the gateway config', async () => {
    const mapped = await startTestGateway(
      {
        integrations: {
          'zendesk-mapped': {
            connector: 'zendesk',
            options: { baseUrl: upstream.origin, statusMap: { '9001': 'open' } },
          },
        },
      },
      [zendesk],
    );
    const response = await mapped.post('/integrations/zendesk-mapped/interaction_retrieval', talkdeskRequest);
    const answer = (await response.json()) as { id: string; status: string }[];
    expect(answer.find((item) => item.id === '35441')?.status).toBe('open');
  });

  it('401 invalid_credentials when Zendesk refuses the credentials', async () => {
    upstream.use(faults.unauthorized(upstream.origin));
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain(AUTH.token);
  });

  it('400 naming the missing auth fields', async () => {
    const response = await retrieve({ ...talkdeskRequest, auth: { account: 'acme' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['auth.email', 'auth.token']);
  });

  it('auth validation: 204 after one GET /api/v2/users/me', async () => {
    const response = await gateway.post('/integrations/zendesk-acme/auth_validation', { auth: AUTH });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v2/users/me',
    ]);
  });

  it('auth validation: 401 when Zendesk refuses the token', async () => {
    upstream.use(faults.unauthorized(upstream.origin));
    const response = await gateway.post('/integrations/zendesk-acme/auth_validation', { auth: AUTH });
    expect(response.status).toBe(401);
    expect(JSON.stringify(await response.json())).not.toContain(AUTH.token);
  });

  it('contact synchronization: 200 with the end users, valid against the contract', async () => {
    const response = await gateway.post('/integrations/zendesk-acme/contact_synchronization', { auth: AUTH });
    expect(response.status).toBe(200);
    const answer = contactSynchronizationResponseSchema.parse(await response.json());
    expect(answer).toEqual({
      synchronization_checkpoint: '2024-05-05 10:38:52 UTC',
      contacts: [
        {
          id: '35436',
          name: 'Jane Doe',
          company: 'Example Corp.',
          emails: ['jane@example.com', 'jane.work@example.com'],
          phones: ['+15555550100', '+15555550111'],
          address: '37 Famous St., New York, US',
          twitter: 'janedoe',
          photo_url: 'https://acme.zendesk.com/system/photos/9283/74/jane.png',
          url: 'https://acme.zendesk.com/agent/users/35436',
        },
      ],
    });
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]?.path).toBe('/api/v2/incremental/users/cursor');
    expect(upstream.requests[0]?.query.get('start_time')).toBe('0');
  });

  it('agent synchronization: 200 with the agents and admins', async () => {
    const response = await gateway.post('/integrations/zendesk-acme/agent_synchronization', { auth: AUTH });
    expect(response.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await response.json())).toEqual({
      agents: [
        { id: '1900', name: 'Ada Admin', email: AUTH.email },
        { id: '1901', name: 'Alex Agent', email: 'alex@acme.example' },
      ],
    });
  });

  it('action create_ticket: 201 with the new ticket, created for the contact and assigned to the agent', async () => {
    const response = await gateway.post('/integrations/zendesk-acme/actions/create_ticket', {
      auth: AUTH,
      meta: { contact_external_id: '35436', agent_external_id: '1901' },
      data: { subject: 'Missed call from Jane Doe', description: 'Jane called about her replacement.' },
    });
    expect(response.status).toBe(201);
    expect(actionExecutionResponseSchema.parse(await response.json())).toEqual({
      // The fake account numbers new tickets from 40001.
      message: 'Ticket #40001 created: https://acme.zendesk.com/agent/tickets/40001',
      external_id: '40001',
    });
    expect(createdTickets()).toEqual([
      {
        ticket: {
          subject: 'Missed call from Jane Doe',
          comment: { body: 'Jane called about her replacement.', public: false },
          requester_id: 35436,
          assignee_id: 1901,
        },
      },
    ]);
  });

  it('action create_ticket: 400 naming a missing subject, nothing sent to Zendesk', async () => {
    const response = await gateway.post('/integrations/zendesk-acme/actions/create_ticket', {
      auth: AUTH,
      meta: { contact_external_id: '35436' },
      data: { description: 'No subject' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['data.subject']);
    expect(upstream.requests).toHaveLength(0);
  });

  // Runs last: every request above sent the credentials.
  it('never printed a credential', () => {
    expect(gateway.logs().length).toBeGreaterThan(3);
    const everything = printedLogLines.join('\n');
    for (const secret of [AUTH.token, AUTH.email, BASIC.slice('Basic '.length)]) {
      expect(everything).not.toContain(secret);
    }
  });
});
