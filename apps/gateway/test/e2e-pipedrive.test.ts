// The Pipedrive connector through the real gateway on a real port, against the connector's own fake
// Pipedrive company (msw, from the dev-only `@talkbridge/connector-pipedrive/fixtures`).
import { pipedrive } from '@talkbridge/connector-pipedrive';
import {
  createFakePipedrive,
  JANE_ID,
  PIPEDRIVE_OAUTH_TOKEN,
  PIPEDRIVE_TOKEN,
} from '@talkbridge/connector-pipedrive/fixtures';
import {
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './start-test-gateway.js';

const ORIGIN = 'https://acme.pipedrive.com';
const TOKEN = PIPEDRIVE_TOKEN;
const REVOKED = 'pd-revoked-token-0001';
const upstream = createFakePipedrive(ORIGIN);

/** The create calls the fake received, with their bodies. */
const created = () =>
  upstream.requests
    .filter((request) => request.method === 'POST')
    .map((request) => ({ path: request.path, body: request.json as Record<string, unknown> }));

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
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
    contact_external_id: String(JANE_ID),
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
    expect(answer.map((item) => item.id)).toEqual([
      'activity-311',
      'activity-312',
      'deal-78',
      'note-5001',
      'activity-310',
      'deal-77',
      'note-5000',
      'deal-61',
    ]);
    const byId = Object.fromEntries(answer.map((item) => [item.id, item]));
    expect(byId['activity-310']).toEqual({
      id: 'activity-310',
      subject: 'Call: Follow-up about the renewal',
      description: 'Jane confirmed the annual plan. Wants SSO & audit logs.',
      date: '2025-03-04 14:30:00 UTC',
      url: `${ORIGIN}/deal/77`,
      type: 'activity',
      priority: 'none',
      status: 'closed',
    });
    expect(byId['deal-77']).toMatchObject({
      subject: 'Acme annual plan',
      url: `${ORIGIN}/deal/77`,
      type: 'deal',
      priority: 'none',
      status: 'solved',
    });
    expect(byId['note-5000']).toMatchObject({
      url: `${ORIGIN}/person/${JANE_ID}`,
      type: 'note',
      priority: 'none',
      status: 'closed',
    });
    // One person call, then one call per type; the token only ever in the x-api-token header.
    expect(upstream.requests.map((request) => request.path).sort()).toEqual(
      ['/api/v1/notes', '/api/v2/activities', '/api/v2/deals', `/api/v2/persons/${JANE_ID}`].sort(),
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
    expect(((await response.json()) as { id: string }[]).map((item) => item.id)).toEqual([
      'deal-78',
      'deal-77',
      'deal-61',
    ]);
    // The stale id's deals and the id itself in one round (its deals thrown away), then the email search and
    // the found person's deals.
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/deals',
      '/api/v2/persons/999999',
      '/api/v2/persons/search',
      '/api/v2/deals',
    ]);
  });

  it('sends an OAuth access token as a bearer token', async () => {
    const response = await retrieve({
      ...talkdeskRequest,
      meta: { interaction_types: ['deal'] },
      auth: { access_token: PIPEDRIVE_OAUTH_TOKEN, api_domain: ORIGIN },
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.length).toBeGreaterThan(0);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${PIPEDRIVE_OAUTH_TOKEN}`);
      expect(request.headers.get('x-api-token')).toBeNull();
    }
  });

  it('answers 401 invalid_credentials when Pipedrive refuses the token', async () => {
    const response = await retrieve({
      ...talkdeskRequest,
      auth: { api_token: REVOKED, company_domain: 'acme' },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain(REVOKED);
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
      auth: { api_token: REVOKED, company_domain: 'acme' },
    });
    expect(response.status).toBe(401);
  });

  it('contact synchronization: 200 with the persons in Talkdesk’s format and a checkpoint', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/contact_synchronization', {
      auth: talkdeskRequest.auth,
      meta: { synchronization_checkpoint: '2025-03-05 00:00:00 UTC' },
    });
    expect(response.status).toBe(200);
    const answer = contactSynchronizationResponseSchema.parse(await response.json());
    expect(answer).toEqual({
      synchronization_checkpoint: '2025-03-05 09:30:00 UTC',
      contacts: [
        {
          id: '1045',
          name: 'Sam Green',
          company: 'Acme Inc',
          emails: ['sam.green@acme.example'],
          phones: ['+1 415 555 0199'],
          url: `${ORIGIN}/person/1045`,
        },
      ],
    });
    const persons = upstream.requests.find((request) => request.path === '/api/v2/persons');
    expect(Object.fromEntries(persons?.query ?? [])).toEqual({
      updated_since: '2025-03-05T00:00:00Z',
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
      agents: [
        { id: '7', name: 'Alex Agent', email: 'alex.agent@acme.example' },
        { id: '8', name: 'Bea Seller', email: 'bea.seller@acme.example' },
      ],
    });
  });

  it('log_call: 201 with the activity id, created once on the person for the agent', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/actions/log_call', {
      auth: talkdeskRequest.auth,
      meta: { contact_external_id: String(JANE_ID), agent_external_id: '7' },
      data: { subject: 'Call with Jane', description: 'Renewal questions.', duration: '125' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      message: `Call logged in Pipedrive as activity 901 on person ${JANE_ID}`,
      external_id: '901',
    });
    expect(created()).toEqual([
      {
        path: '/api/v2/activities',
        body: expect.objectContaining({
          subject: 'Call with Jane',
          type: 'call',
          done: true,
          duration: '00:02',
          person_id: JANE_ID,
          owner_id: 7,
          note: '<p>Renewal questions.</p>',
        }),
      },
    ]);
  });

  it('create_note: 201 with the note id', async () => {
    const response = await gateway.post('/integrations/pipedrive-acme/actions/create_note', {
      auth: talkdeskRequest.auth,
      meta: { contact_external_id: String(JANE_ID) },
      data: { subject: 'Wants a quote' },
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { external_id: string }).external_id).toBe('5100');
    expect(created()).toEqual([
      { path: '/api/v1/notes', body: { content: '<p><b>Wants a quote</b></p>', person_id: JANE_ID } },
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
    expect(upstream.writes).toEqual(['POST /api/v2/activities']);
  });

  // Runs last: every request above sent a credential.
  it('never printed a credential', () => {
    const printed = JSON.stringify(gateway.logs());
    expect(gateway.logs().length).toBeGreaterThan(3);
    for (const secret of [TOKEN, PIPEDRIVE_OAUTH_TOKEN, REVOKED]) expect(printed).not.toContain(secret);
  });
});
