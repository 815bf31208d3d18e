// The HubSpot connector through the real gateway on a real port, against a fake HubSpot API (msw).
import { hubspot } from '@talkbridge/connector-hubspot';
import { interactionRetrievalResponseSchema } from '@talkbridge/core';
import { createFakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './start-test-gateway.js';

const TOKEN = 'pat-na1-e2e0f1a2-b3c4-4d5e-8f90-a1b2c3d4e5f6';
const origin = 'https://api.hubapi.e2e.test';

const contact = { id: '151', properties: { email: 'maria.garcia@example.com', hs_object_id: '151' } };
const objects: Record<string, { id: string; properties: Record<string, string> }[]> = {
  tickets: [
    {
      id: '1876543201',
      properties: {
        subject: 'Wrong VAT number on invoice',
        content: '<p>The invoice for <b>March</b> shows the wrong VAT number.</p>',
        createdate: '2025-03-04T15:20:11.437Z',
        hs_pipeline: '0',
        hs_pipeline_stage: '2',
        hs_ticket_priority: 'HIGH',
      },
    },
  ],
  notes: [
    {
      id: '45123987001',
      properties: {
        hs_note_body: '<p>Called back about the VAT number.</p>',
        hs_timestamp: '2025-03-05T10:00:00.000Z',
      },
    },
  ],
};

const unauthorized = () =>
  HttpResponse.json(
    { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' },
    { status: 401 },
  );
const authorized = (request: Request) => request.headers.get('authorization') === `Bearer ${TOKEN}`;

const upstream = createFakeUpstream(
  origin,
  http.get(`${origin}/crm/v3/objects/contacts/:id`, ({ request, params }) => {
    if (!authorized(request)) return unauthorized();
    return params.id === contact.id
      ? HttpResponse.json(contact)
      : HttpResponse.json({ status: 'error', category: 'OBJECT_NOT_FOUND' }, { status: 404 });
  }),
  http.post(`${origin}/crm/v4/associations/contacts/:type/batch/read`, ({ request, params }) => {
    if (!authorized(request)) return unauthorized();
    const related = objects[String(params.type)] ?? [];
    return HttpResponse.json({
      status: 'COMPLETE',
      results: [
        { from: { id: contact.id }, to: related.map((record) => ({ toObjectId: Number(record.id) })) },
      ],
    });
  }),
  http.post(`${origin}/crm/v3/objects/:type/batch/read`, ({ request, params }) => {
    if (!authorized(request)) return unauthorized();
    return HttpResponse.json({ status: 'COMPLETE', results: objects[String(params.type)] ?? [] });
  }),
  http.get(`${origin}/account-info/v3/details`, ({ request }) =>
    authorized(request)
      ? HttpResponse.json({ portalId: 7654321, uiDomain: 'app-eu1.hubspot.com' })
      : unauthorized(),
  ),
  http.get(`${origin}/crm/v3/pipelines/tickets`, ({ request }) =>
    authorized(request)
      ? HttpResponse.json({
          results: [
            {
              id: '0',
              label: 'Support Pipeline',
              stages: [
                { id: '1', label: 'New', metadata: { ticketState: 'OPEN' } },
                { id: '2', label: 'Waiting on contact', metadata: { ticketState: 'OPEN' } },
                { id: '4', label: 'Closed', metadata: { ticketState: 'CLOSED' } },
              ],
            },
          ],
        })
      : unauthorized(),
  ),
);

beforeAll(() => upstream.listen());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  { integrations: { 'hubspot-acme': { connector: 'hubspot', options: { baseUrl: upstream.origin } } } },
  [hubspot],
);

const talkdeskRequest = (accessToken: string) => ({
  auth: { access_token: accessToken },
  meta: { interaction_types: ['ticket', 'note', 'opportunity'] },
  data: {
    contact_external_id: '151',
    contact_name: 'Maria Garcia',
    contact_emails: ['maria.garcia@example.com'],
    contact_phones: ['+1 617-555-0142'],
  },
});

describe('HubSpot through the gateway', () => {
  it('answers a Talkdesk request with the contact’s tickets and notes, valid against the contract', async () => {
    const response = await gateway.post(
      '/integrations/hubspot-acme/interaction_retrieval',
      talkdeskRequest(TOKEN),
    );
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: 'note-45123987001',
        subject: 'Called back about the VAT number.',
        description: 'Called back about the VAT number.',
        date: '2025-03-05 10:00:00 UTC',
        url: 'https://app-eu1.hubspot.com/contacts/7654321/contact/151/?engagement=45123987001',
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
      {
        id: 'ticket-1876543201',
        subject: 'Wrong VAT number on invoice',
        description: 'The invoice for March shows the wrong VAT number.',
        date: '2025-03-04 15:20:11 UTC',
        url: 'https://app-eu1.hubspot.com/contacts/7654321/record/0-5/1876543201',
        type: 'ticket',
        priority: 'high',
        status: 'pending',
      },
    ]);
    const sent = upstream.requests.map((request) => `${request.method} ${request.path}`);
    expect(sent[0]).toBe('GET /crm/v3/objects/contacts/151');
    for (const request of upstream.requests)
      expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('answers 401 invalid_credentials when HubSpot refuses the token', async () => {
    const response = await gateway.post(
      '/integrations/hubspot-acme/interaction_retrieval',
      talkdeskRequest('pat-na1-revoked-0000-1111-2222'),
    );
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain('pat-na1-revoked-0000-1111-2222');
  });

  it('answers 400 naming the missing auth field', async () => {
    const response = await gateway.post('/integrations/hubspot-acme/interaction_retrieval', {
      ...talkdeskRequest(TOKEN),
      auth: {},
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['auth.access_token']);
  });

  // Runs last: every request above sent a credential.
  it('never printed a credential in the gateway’s logs', () => {
    const printed = JSON.stringify(gateway.logs());
    expect(gateway.logs().length).toBeGreaterThan(2);
    expect(printed).toContain('hubspot-acme');
    for (const secret of [TOKEN, 'pat-na1-revoked-0000-1111-2222']) expect(printed).not.toContain(secret);
  });
});
