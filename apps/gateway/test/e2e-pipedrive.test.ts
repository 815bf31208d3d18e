import { pipedrive } from '@talkbridge/connector-pipedrive';
import {
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { createFakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './start-test-gateway.js';

// A fake Pipedrive company behind the real gateway on a real port. Payload shapes as Pipedrive's API v2
// (persons, organizations, activities, deals) and v1 (notes, users) return them, trimmed.
const ORIGIN = 'https://acme.pipedrive.com';
const TOKEN = 'pd-e2e-token-5b7c19a4f0e2';
const JANE = { id: 1042, name: 'Jane Doe', emails: ['jane.doe@example.com'], phones: ['415-555-0132'] };

const page = (data: unknown[]) =>
  HttpResponse.json({ success: true, data, additional_data: { next_cursor: null } });

/** Jane as `GET /api/v2/persons` lists her (contact synchronization). */
const JANE_PERSON = {
  id: JANE.id,
  name: JANE.name,
  first_name: 'Jane',
  last_name: 'Doe',
  owner_id: 7,
  org_id: 5,
  add_time: '2024-10-01T09:00:00Z',
  update_time: '2025-03-04T15:10:00Z',
  emails: [{ value: JANE.emails[0], primary: true, label: 'work' }],
  phones: [{ value: JANE.phones[0], primary: true, label: 'work' }],
  is_deleted: false,
  visible_to: 3,
  label_ids: [],
  picture_id: null,
};

/** The create calls the fake received, with their bodies. */
const created: { path: string; body: Record<string, unknown> }[] = [];

const upstream = createFakeUpstream(
  ORIGIN,
  http.all(`${ORIGIN}/*`, async ({ request }) => {
    if (request.headers.get('x-api-token') !== TOKEN) {
      return HttpResponse.json(
        { success: false, error: 'unauthorized access', errorCode: 401 },
        { status: 401 },
      );
    }
    const url = new URL(request.url);
    if (request.method === 'POST') {
      const body = (await request.json()) as Record<string, unknown>;
      created.push({ path: url.pathname, body });
      if (body.person_id !== JANE.id) {
        return HttpResponse.json({ success: false, error: 'Person not found' }, { status: 404 });
      }
      if (url.pathname === '/api/v2/activities') {
        return HttpResponse.json({ success: true, data: { id: 901, type: 'call', done: true, ...body } });
      }
      if (url.pathname === '/api/v1/notes') {
        return HttpResponse.json({ success: true, data: { id: 5100, ...body } }, { status: 201 });
      }
      return HttpResponse.json({ success: false, error: 'not found' }, { status: 404 });
    }
    if (url.pathname === '/api/v1/users/me') {
      return HttpResponse.json({
        success: true,
        data: { id: 7, name: 'Alex Agent', email: 'alex.agent@acme.example', company_domain: 'acme' },
      });
    }
    if (url.pathname === '/api/v1/users') {
      return HttpResponse.json({
        success: true,
        data: [
          { id: 7, name: 'Alex Agent', email: 'alex.agent@acme.example', active_flag: true },
          { id: 9, name: 'Former Rep', email: 'former.rep@acme.example', active_flag: false },
        ],
      });
    }
    if (url.pathname === '/api/v2/persons') {
      const since = url.searchParams.get('updated_since');
      return page(since === null || JANE_PERSON.update_time >= since ? [JANE_PERSON] : []);
    }
    if (url.pathname === '/api/v2/organizations') {
      return page(url.searchParams.get('ids') === '5' ? [{ id: 5, name: 'Acme Inc' }] : []);
    }
    const forJane = url.searchParams.get('person_id') === String(JANE.id);
    if (url.pathname === `/api/v2/persons/${JANE.id}`) {
      return HttpResponse.json({ success: true, data: { ...JANE, is_deleted: false } });
    }
    if (url.pathname === '/api/v2/persons/search') {
      const term = url.searchParams.get('term')?.toLowerCase();
      const items = JANE.emails.includes(term ?? '')
        ? [{ result_score: 1, item: { ...JANE, type: 'person' } }]
        : [];
      return HttpResponse.json({ success: true, data: { items }, additional_data: { next_cursor: null } });
    }
    if (url.pathname === '/api/v2/activities') {
      return page(
        forJane
          ? [
              {
                id: 310,
                subject: 'Follow-up about the renewal',
                type: 'call',
                done: true,
                due_date: '2025-03-04',
                due_time: '14:30',
                add_time: '2025-03-02T09:15:00Z',
                deal_id: 77,
                person_id: JANE.id,
                priority: null,
                note: '<p>Jane confirmed the <b>annual plan</b>.</p>',
              },
            ]
          : [],
      );
    }
    if (url.pathname === '/api/v2/deals') {
      return page(
        forJane
          ? [
              {
                id: 77,
                title: 'Acme annual plan',
                status: 'won',
                value: 12000,
                currency: 'USD',
                add_time: '2025-02-20T11:00:00Z',
                person_id: JANE.id,
              },
            ]
          : [],
      );
    }
    if (url.pathname === '/api/v1/notes') {
      return HttpResponse.json({
        success: true,
        data: forJane
          ? [
              {
                id: 5001,
                content: '<p>Wants <strong>SSO</strong> &amp; audit logs.</p>',
                add_time: '2025-03-04 15:10:00',
                deal_id: null,
                person_id: JANE.id,
                deal: null,
              },
            ]
          : [],
        additional_data: { pagination: { start: 0, limit: 50, more_items_in_collection: false } },
      });
    }
    return HttpResponse.json({ success: false, error: 'not found' }, { status: 404 });
  }),
);

beforeAll(() => upstream.listen());
afterEach(() => {
  upstream.reset();
  created.length = 0;
});
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  { integrations: { 'pipedrive-acme': { connector: 'pipedrive', options: { baseUrl: upstream.origin } } } },
  [pipedrive],
);

const retrieve = (body: unknown) => gateway.post('/integrations/pipedrive-acme/interaction_retrieval', body);

const talkdeskRequest = {
  auth: { api_token: TOKEN, company_domain: 'acme' },
  meta: { interaction_types: ['activity', 'note', 'deal'] },
  data: {
    contact_external_id: String(JANE.id),
    contact_name: 'Jane Doe',
    contact_emails: ['jane.doe@example.com'],
    contact_phones: ['+14155550132'],
  },
};

describe('Pipedrive through the gateway', () => {
  it("answers a Talkdesk request with the person's activities, notes and deals", async () => {
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: 'note-5001',
        subject: 'Wants SSO & audit logs.',
        description: 'Wants SSO & audit logs.',
        date: '2025-03-04 15:10:00 UTC',
        url: `${ORIGIN}/person/${JANE.id}`,
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
      {
        id: 'activity-310',
        subject: 'Call: Follow-up about the renewal',
        description: 'Jane confirmed the annual plan.',
        date: '2025-03-04 14:30:00 UTC',
        url: `${ORIGIN}/deal/77`,
        type: 'activity',
        priority: 'none',
        status: 'closed',
      },
      {
        id: 'deal-77',
        subject: 'Acme annual plan',
        description: '12,000 USD',
        date: '2025-02-20 11:00:00 UTC',
        url: `${ORIGIN}/deal/77`,
        type: 'deal',
        priority: 'none',
        status: 'solved',
      },
    ]);
    // One person call, then one call per type; the token only ever in the x-api-token header.
    expect(upstream.requests.map((request) => request.path).sort()).toEqual(
      ['/api/v1/notes', '/api/v2/activities', '/api/v2/deals', `/api/v2/persons/${JANE.id}`].sort(),
    );
    for (const request of upstream.requests) {
      expect(request.headers.get('x-api-token')).toBe(TOKEN);
      expect(request.url.href).not.toContain(TOKEN);
    }
  });

  it('falls back to the email when the synced id is stale', async () => {
    const response = await retrieve({
      ...talkdeskRequest,
      meta: { interaction_types: ['deal'] },
      data: { ...talkdeskRequest.data, contact_external_id: '999999' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }[]).map((item) => item.id)).toEqual(['deal-77']);
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/persons/999999',
      '/api/v2/persons/search',
      '/api/v2/deals',
    ]);
  });

  it('answers 401 invalid_credentials when Pipedrive refuses the token', async () => {
    const response = await retrieve({
      ...talkdeskRequest,
      auth: { api_token: 'pd-revoked-token-0001', company_domain: 'acme' },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain('pd-revoked-token-0001');
  });

  it('answers 400 naming a missing auth field', async () => {
    const response = await retrieve({ ...talkdeskRequest, auth: { api_token: TOKEN } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['auth.company_domain']);
    expect(upstream.requests).toHaveLength(0);
  });

  it('auth validation: 204 after one GET /api/v1/users/me', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/auth_validation', {
      auth: talkdeskRequest.auth,
    });
    expect(response.status).toBe(204);
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/v1/users/me',
    ]);
  });

  it('auth validation: 401 for a token Pipedrive refuses', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/auth_validation', {
      auth: { api_token: 'pd-revoked-token-0001', company_domain: 'acme' },
    });
    expect(response.status).toBe(401);
  });

  it('contact synchronization: 200 with the persons in Talkdesk’s format and a checkpoint', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/contact_synchronization', {
      auth: talkdeskRequest.auth,
      meta: { synchronization_checkpoint: '2025-03-01 00:00:00 UTC' },
    });
    expect(response.status).toBe(200);
    const answer = contactSynchronizationResponseSchema.parse(await response.json());
    expect(answer).toEqual({
      synchronization_checkpoint: '2025-03-04 15:10:00 UTC',
      contacts: [
        {
          id: String(JANE.id),
          name: 'Jane Doe',
          company: 'Acme Inc',
          emails: JANE.emails,
          phones: JANE.phones,
          url: `${ORIGIN}/person/${JANE.id}`,
        },
      ],
    });
    const persons = upstream.requests.find((request) => request.path === '/api/v2/persons');
    expect(Object.fromEntries(persons?.query ?? [])).toEqual({
      updated_since: '2025-03-01T00:00:00Z',
      sort_by: 'update_time',
      sort_direction: 'asc',
      limit: '100',
    });
  });

  it('agent synchronization: 200 with the active users', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/agent_synchronization', {
      auth: talkdeskRequest.auth,
    });
    expect(response.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await response.json())).toEqual({
      agents: [{ id: '7', name: 'Alex Agent', email: 'alex.agent@acme.example' }],
    });
  });

  it('log_call: 201 with the activity id, created once on the person for the agent', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/actions/log_call', {
      auth: talkdeskRequest.auth,
      meta: { contact_external_id: String(JANE.id), agent_external_id: '7' },
      data: { subject: 'Call with Jane', description: 'Renewal questions.', duration: '125' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      message: `Call logged in Pipedrive as activity 901 on person ${JANE.id}`,
      external_id: '901',
    });
    expect(created).toEqual([
      {
        path: '/api/v2/activities',
        body: expect.objectContaining({
          subject: 'Call with Jane',
          type: 'call',
          done: true,
          duration: '00:02',
          person_id: JANE.id,
          owner_id: 7,
          note: '<p>Renewal questions.</p>',
        }),
      },
    ]);
  });

  it('create_note: 201 with the note id', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/actions/create_note', {
      auth: talkdeskRequest.auth,
      meta: { contact_external_id: String(JANE.id) },
      data: { subject: 'Wants a quote' },
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { external_id: string }).external_id).toBe('5100');
    expect(created).toEqual([
      { path: '/api/v1/notes', body: { content: '<p><b>Wants a quote</b></p>', person_id: JANE.id } },
    ]);
  });

  it('an action on a person Pipedrive does not have: 400 action_failed, sent once', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/actions/log_call', {
      auth: talkdeskRequest.auth,
      meta: { contact_external_id: '999999' },
      data: { subject: 'Call' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('action_failed');
    expect(body.error.message).toBe(
      'Pipedrive refused to create the call activity (404): it could not find person 999999',
    );
    expect(created).toHaveLength(1);
  });

  // Runs last: every request above sent a credential.
  it('never printed a credential', () => {
    const printed = JSON.stringify(gateway.logs());
    expect(gateway.logs().length).toBeGreaterThan(3);
    for (const secret of [TOKEN, 'pd-revoked-token-0001']) expect(printed).not.toContain(secret);
  });
});
