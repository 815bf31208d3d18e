// The HubSpot connector through the real gateway on a real port, against a fake HubSpot API (msw).
import { hubspot } from '@talkbridge/connector-hubspot';
import {
  actionExecutionResponseSchema,
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
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

// Contact synchronization: three contacts, two changed in the same millisecond.
const syncContacts = [
  {
    id: '151',
    properties: {
      firstname: 'Maria',
      lastname: 'Garcia',
      email: 'maria.garcia@example.com',
      phone: '+1 617-555-0142',
      company: 'Garcia Imports LLC',
      jobtitle: 'Head of Finance',
      lastmodifieddate: '2025-03-04T15:21:02.004Z',
    },
  },
  {
    id: '152',
    properties: {
      firstname: 'Tom',
      lastname: 'Becker',
      email: 'tom.becker@example.co.uk',
      lastmodifieddate: '2025-02-20T10:00:00.000Z',
    },
  },
  {
    id: '154',
    properties: {
      firstname: 'Lena',
      lastname: 'Fischer',
      email: 'lena.fischer@example.de',
      lastmodifieddate: '2025-02-20T10:00:00.000Z',
    },
  },
];
const timeOf = (record: (typeof syncContacts)[number]) => Date.parse(record.properties.lastmodifieddate);

type Filter = { propertyName: string; operator: string; value: string };
/** HubSpot's search as the sync uses it: AND of GT/GTE/LTE filters, one sort, `limit`. */
function searchSyncContacts(body: {
  filterGroups?: { filters: Filter[] }[];
  sorts?: { propertyName: string }[];
  limit?: number;
}) {
  const filters = body.filterGroups?.[0]?.filters ?? [];
  const value = (record: (typeof syncContacts)[number], property: string) =>
    property === 'hs_object_id' ? Number(record.id) : timeOf(record);
  const matches = syncContacts.filter((record) =>
    filters.every((filter) => {
      const actual = value(record, filter.propertyName);
      const bound = Number(filter.value);
      return filter.operator === 'GT'
        ? actual > bound
        : filter.operator === 'GTE'
          ? actual >= bound
          : actual <= bound;
    }),
  );
  const sort = body.sorts?.[0]?.propertyName ?? 'lastmodifieddate';
  // Ties come back highest id first: HubSpot promises no order among them.
  matches.sort((a, b) => value(a, sort) - value(b, sort) || Number(b.id) - Number(a.id));
  return { total: matches.length, results: matches.slice(0, body.limit ?? 10) };
}

/** Bodies of the calls and notes HubSpot was asked to create. */
const created: { type: string; body: Record<string, unknown> }[] = [];

const unauthorized = () =>
  HttpResponse.json(
    { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' },
    { status: 401 },
  );
const authorized = (request: Request) => request.headers.get('authorization') === `Bearer ${TOKEN}`;

const upstream = createFakeUpstream(
  origin,
  http.post(`${origin}/crm/v3/objects/contacts/search`, async ({ request }) => {
    if (!authorized(request)) return unauthorized();
    return HttpResponse.json(
      searchSyncContacts((await request.json()) as Parameters<typeof searchSyncContacts>[0]),
    );
  }),
  http.get(`${origin}/crm/v3/owners`, ({ request }) =>
    authorized(request)
      ? HttpResponse.json({
          results: [
            {
              id: '41629779',
              email: 'alex.morgan@acme-support.example',
              type: 'PERSON',
              firstName: 'Alex',
              lastName: 'Morgan',
              userId: 9586504,
              archived: false,
            },
          ],
        })
      : unauthorized(),
  ),
  http.post(`${origin}/crm/v3/objects/:type`, async ({ request, params }) => {
    if (!authorized(request)) return unauthorized();
    const body = (await request.json()) as { properties: Record<string, string> };
    if (body.properties.hubspot_owner_id === '999') {
      return HttpResponse.json(
        {
          status: 'error',
          message:
            'Property values were not valid: [{"isValid":false,"message":"999 is not a valid owner id"}]',
          category: 'VALIDATION_ERROR',
        },
        { status: 400 },
      );
    }
    created.push({ type: String(params.type), body });
    return HttpResponse.json(
      { id: `4520000000${created.length}`, properties: body.properties, archived: false },
      { status: 201 },
    );
  }),
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
      '152',
      '154',
      '151',
    ]);
    expect(pages[0]?.next_offset).toEqual(expect.any(String));
    expect(pages.at(-1)?.contacts.at(-1)).toEqual({
      id: '151',
      name: 'Maria Garcia',
      company: 'Garcia Imports LLC',
      title: 'Head of Finance',
      emails: ['maria.garcia@example.com'],
      phones: ['+16175550142'],
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

  it('agent synchronization: 200 with the portal’s owners', async () => {
    const response = await hook('agent_synchronization', { auth });
    expect(response.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await response.json())).toEqual({
      agents: [{ id: '41629779', name: 'Alex Morgan', email: 'alex.morgan@acme-support.example' }],
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

    expect(created.map((entry) => entry.type)).toEqual(['calls', 'notes']);
    expect(created[0]?.body).toMatchObject({
      properties: {
        hs_call_title: 'Inbound call from Talkdesk',
        hs_call_duration: '95000',
        hubspot_owner_id: '41629779',
      },
      associations: [
        { to: { id: '151' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] },
      ],
    });
    expect(created[1]?.body).toMatchObject({
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
