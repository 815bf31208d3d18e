// The HubSpot connector through the real gateway on a real port, against the connector's own fake HubSpot
// API (msw, from the dev-only `@talkbridge/connector-hubspot/fixtures`).
import { hubspot } from '@talkbridge/connector-hubspot';
import { fakeHubspot, fakeHubspotData, HUBSPOT_TEST_TOKEN } from '@talkbridge/connector-hubspot/fixtures';
import {
  actionExecutionResponseSchema,
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { createFakeUpstream } from '@talkbridge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './start-test-gateway.js';

const TOKEN = HUBSPOT_TEST_TOKEN;
const origin = 'https://api.hubapi.e2e.test';

// The fixtures as they are, but for a portal hosted in the EU data centre: links must follow its UI domain.
const data = fakeHubspotData();
data.account = { ...data.account, uiDomain: 'app-eu1.hubspot.com' };
const upstream = createFakeUpstream(origin, fakeHubspot(origin, data));

/** Bodies of the calls and notes HubSpot was asked to create. */
const created = () =>
  upstream.requests
    .filter(
      (request) => request.method === 'POST' && /^\/crm\/v3\/objects\/(calls|notes)$/.test(request.path),
    )
    .map((request) => ({
      type: request.path.split('/').at(-1),
      body: request.json as Record<string, unknown>,
    }));

beforeAll(() => upstream.listen());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  {
    integrations: {
      'hubspot-acme': { connector: 'hubspot', options: { baseUrl: upstream.origin }, syncPageSize: 2 },
    },
  },
  [hubspot],
);
const hook = (name: string, body: unknown) => gateway.post(`/integrations/hubspot-acme/${name}`, body);
const auth = { access_token: TOKEN };

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
        subject: 'Called back about the VAT number. Finance will reissue the invoice.',
        description: 'Called back about the VAT number. Finance will reissue the invoice.',
        date: '2025-03-05 10:00:00 UTC',
        url: 'https://app-eu1.hubspot.com/contacts/7654321/contact/151/?engagement=45123987001',
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
      {
        id: 'ticket-1876543201',
        subject: 'Wrong VAT number on invoice',
        description: 'The invoice for March shows the wrong VAT number. Please correct it & resend.',
        date: '2025-03-04 15:20:11 UTC',
        url: 'https://app-eu1.hubspot.com/contacts/7654321/record/0-5/1876543201',
        type: 'ticket',
        priority: 'high',
        status: 'new',
      },
      expect.objectContaining({ id: 'ticket-1876543203', status: 'open', priority: 'urgent' }),
      expect.objectContaining({ id: 'ticket-1876543202', status: 'closed', priority: 'low' }),
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
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['auth.private_app_token']);
  });

  it('auth validation: 204 for a token HubSpot accepts, 401 for one it refuses', async () => {
    const accepted = await hook('auth_validation', { auth });
    expect(accepted.status).toBe(204);
    expect(await accepted.text()).toBe('');
    const refused = await hook('auth_validation', {
      auth: { access_token: 'pat-na1-revoked-0000-1111-2222' },
    });
    expect(refused.status).toBe(401);
  });

  it('contact synchronization: 200 pages valid against the contract, ascending, with a checkpoint', async () => {
    const pages: { contacts: { id: string }[]; next_offset?: string; synchronization_checkpoint?: string }[] =
      [];
    let offset: string | undefined;
    do {
      const response = await hook('contact_synchronization', { auth, meta: offset ? { offset } : {} });
      expect(response.status).toBe(200);
      pages.push(contactSynchronizationResponseSchema.parse(await response.json()));
      offset = pages.at(-1)?.next_offset;
    } while (offset && pages.length < 10);
    expect(pages.flatMap((page) => page.contacts.map((contact) => contact.id))).toEqual([
      '153',
      '152',
      '154',
      '155',
      '151',
    ]);
    expect(pages[0]?.next_offset).toEqual(expect.any(String));
    expect(pages.at(-1)?.contacts.at(-1)).toEqual({
      id: '151',
      name: 'Maria Garcia',
      company: 'Garcia Imports LLC',
      title: 'Head of Finance',
      emails: ['maria.garcia@example.com', 'maria@garcia-family.example', 'm.garcia@example.org'],
      // Stored without a country code: sent as typed.
      phones: ['(617) 555-0142'],
      address: '25 First Street, Cambridge, MA 02141, United States',
      websites: ['https://garcia-imports.example'],
      twitter: 'mariagarcia',
      url: 'https://app-eu1.hubspot.com/contacts/7654321/record/0-1/151',
    });
    expect(pages.at(-1)?.synchronization_checkpoint).toBe('2025-03-04 15:21:02 UTC');

    const incremental = await hook('contact_synchronization', {
      auth,
      meta: { synchronization_checkpoint: '2025-03-04 15:21:02 UTC' },
    });
    expect(incremental.status).toBe(200);
    const answer = contactSynchronizationResponseSchema.parse(await incremental.json());
    expect(answer.contacts.map((contact) => contact.id)).toEqual(['151']);
  });

  it('agent synchronization: 200 pages of the portal’s owners', async () => {
    const response = await hook('agent_synchronization', { auth });
    expect(response.status).toBe(200);
    const first = agentSynchronizationResponseSchema.parse(await response.json());
    expect(first).toEqual({
      agents: [
        { id: '41629779', name: 'Alex Morgan', email: 'alex.morgan@acme-support.example' },
        { id: '41629780', name: 'Sam Lee', email: 'sam.lee@acme-support.example' },
      ],
      next_offset: expect.any(String),
    });
    const next = await hook('agent_synchronization', { auth, meta: { offset: first.next_offset } });
    expect(next.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await next.json())).toEqual({
      agents: [{ id: '41629782', name: 'Jordan', email: 'jordan.kim@acme-support.example' }],
    });
  });

  it('actions: 201 for log_call and create_note, each created with its association to the contact', async () => {
    const call = await hook('actions/log_call', {
      auth,
      meta: { contact_external_id: '151', agent_external_id: '41629779' },
      data: { subject: 'Inbound call from Talkdesk', description: 'Asked for a callback.', duration: 95 },
    });
    expect(call.status).toBe(201);
    expect(actionExecutionResponseSchema.parse(await call.json())).toEqual({
      message: 'Call 45200000001 logged on HubSpot contact 151',
      external_id: '45200000001',
    });
    const note = await hook('actions/create_note', {
      auth,
      meta: { contact_external_id: '151' },
      data: { subject: 'Call missed in Talkdesk' },
    });
    expect(note.status).toBe(201);
    expect(((await note.json()) as { external_id: string }).external_id).toBe('45200000002');

    expect(created().map((entry) => entry.type)).toEqual(['calls', 'notes']);
    expect(created()[0]?.body).toMatchObject({
      properties: {
        hs_call_title: 'Inbound call from Talkdesk',
        hs_call_duration: '95000',
        hubspot_owner_id: '41629779',
      },
      associations: [
        { to: { id: '151' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] },
      ],
    });
    expect(created()[1]?.body).toMatchObject({
      properties: { hs_note_body: '<p><strong>Call missed in Talkdesk</strong></p>' },
      associations: [
        { to: { id: '151' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] },
      ],
    });
  });

  it('actions: 400 action_failed when HubSpot refuses the data, 400 invalid_request without a subject', async () => {
    const refused = await hook('actions/log_call', {
      auth,
      meta: { contact_external_id: '151', agent_external_id: '999' },
      data: { subject: 'Inbound call' },
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('action_failed');
    expect(body.error.message).toContain('owner 999');
    expect(JSON.stringify(body)).not.toContain('Property values were not valid');

    const missing = await hook('actions/create_note', {
      auth,
      meta: { contact_external_id: '151' },
      data: {},
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  // Runs last: every request above sent a credential.
  it('never printed a credential in the gateway’s logs', () => {
    const printed = JSON.stringify(gateway.logs());
    expect(gateway.logs().length).toBeGreaterThan(2);
    expect(printed).toContain('hubspot-acme');
    for (const secret of [TOKEN, 'pat-na1-revoked-0000-1111-2222']) expect(printed).not.toContain(secret);
  });
});
