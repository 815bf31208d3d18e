import { intercom } from '@talkbridge/connector-intercom';
import {
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { createFakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './start-test-gateway.js';

// The Intercom connector through the real gateway on a real port, against a fake Intercom (msw) that
// serves trimmed payloads from Intercom's 2.15 OpenAPI examples.
const TOKEN = 'dG9rOmUyZS1pbnRlcmNvbS10b2tlbi0zYzlm';
const REVOKED = 'dG9rOnJldm9rZWQtdG9rZW4tZTJlLTQ0';
const CONTACT_ID = '6762f0d01bb69f9f2193bb7d';
const WORKSPACE_ID = 'ecahpwf5';

const contact = {
  type: 'contact',
  id: CONTACT_ID,
  workspace_id: WORKSPACE_ID,
  role: 'user',
  email: 'joe@bloggs.com',
  phone: '+1 (415) 555-0132',
  name: 'Joe Bloggs',
  updated_at: 1734537424,
  avatar: { type: 'avatar', image_url: 'https://static.intercomassets.com/avatars/joe/square_128/joe.jpg' },
  location: { type: 'location', city: 'San Francisco', region: 'California', country: 'United States' },
  social_profiles: { type: 'list', data: [] },
  notes: { type: 'list', data: [], total_count: 1, has_more: false },
};
/** A lead updated in the same second as the next one: contact synchronization pages between them. */
const lead = {
  type: 'contact',
  id: '6762f0d01bb69f9f2193bb80',
  workspace_id: WORKSPACE_ID,
  role: 'lead',
  email: 'visitor@example.org',
  phone: null,
  name: null,
  updated_at: 1734600000,
};
const ann = {
  ...lead,
  id: '6762f0d01bb69f9f2193bb81',
  role: 'user',
  name: 'Ann Lee',
  email: 'ann@example.ie',
};
const syncContacts = [contact, lead, ann];
const admins = [
  { type: 'admin', id: '991267466', name: 'Ciaran7 Lee', email: 'admin7@email.com', has_inbox_seat: true },
  { type: 'admin', id: '991267461', name: 'Ciaran2 Lee', email: 'admin2@email.com', has_inbox_seat: true },
];
const unauthorized = () =>
  HttpResponse.json(
    { type: 'error.list', errors: [{ code: 'unauthorized', message: 'Access Token Invalid' }] },
    { status: 401 },
  );

const origin = 'https://api.intercom.test';
const upstream = createFakeUpstream(
  origin,
  http.all(`${origin}/*`, async ({ request }) => {
    if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) return unauthorized();
    const { pathname } = new URL(request.url);
    const body =
      request.method === 'POST'
        ? ((await request.json()) as {
            query: { value: unknown };
            sort?: unknown;
            pagination?: { per_page: number; starting_after?: string };
            ticket_type_id?: string;
            assignment?: { admin_assignee_id?: string };
          })
        : null;
    if (pathname === '/me') {
      return HttpResponse.json({
        type: 'admin',
        id: '991267459',
        email: 'admin1@email.com',
        name: 'Ciaran1 Lee',
      });
    }
    if (pathname === '/admins') return HttpResponse.json({ type: 'admin.list', admins });
    if (pathname === '/contacts/search' && body?.sort) {
      // Contact synchronization: ascending by updated_at, the cursor is the index of the next contact.
      const start = Number(body.pagination?.starting_after ?? 0);
      const perPage = body.pagination?.per_page ?? 50;
      const next = start + perPage < syncContacts.length ? String(start + perPage) : undefined;
      return HttpResponse.json({
        type: 'list',
        data: syncContacts.slice(start, start + perPage),
        total_count: syncContacts.length,
        pages: { type: 'pages', per_page: perPage, ...(next ? { next: { starting_after: next } } : {}) },
      });
    }
    if (pathname === '/tickets' && request.method === 'POST') {
      if (body?.ticket_type_id !== '88') {
        return HttpResponse.json(
          { type: 'error.list', errors: [{ code: 'not_found', message: 'Ticket type not found' }] },
          { status: 404 },
        );
      }
      return HttpResponse.json({
        type: 'ticket',
        id: '626',
        ticket_id: '33',
        ticket_attributes: { _default_title_: 'Missed call', _default_description_: null },
        ticket_state: { type: 'ticket_state', id: '8481', category: 'submitted' },
        ticket_type: { type: 'ticket_type', id: '88', name: 'Customer request', workspace_id: WORKSPACE_ID },
        contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: CONTACT_ID }] },
        admin_assignee_id: body.assignment?.admin_assignee_id ?? '0',
        created_at: 1734537944,
      });
    }
    if (pathname === `/contacts/${CONTACT_ID}`) return HttpResponse.json(contact);
    if (pathname.startsWith('/contacts/') && request.method === 'GET' && !pathname.endsWith('/notes')) {
      return HttpResponse.json(
        { type: 'error.list', errors: [{ code: 'not_found', message: 'User Not Found' }] },
        { status: 404 },
      );
    }
    if (pathname === '/contacts/search') {
      const found = JSON.stringify(body?.query.value).includes('joe@bloggs.com');
      return HttpResponse.json({ type: 'list', data: found ? [contact] : [], total_count: found ? 1 : 0 });
    }
    if (pathname === '/conversations/search') {
      return HttpResponse.json({
        type: 'conversation.list',
        total_count: 1,
        pages: { type: 'pages', page: 1, per_page: 50, total_pages: 1 },
        conversations: [
          {
            type: 'conversation',
            id: '515',
            created_at: 1734537546,
            state: 'closed',
            priority: 'not_priority',
            title: null,
            source: { type: 'conversation', subject: '', body: '<p>this is the message body</p>' },
          },
        ],
      });
    }
    if (pathname === '/tickets/search') {
      return HttpResponse.json({
        type: 'ticket.list',
        total_count: 1,
        tickets: [
          {
            type: 'ticket',
            id: '633',
            ticket_id: '40',
            ticket_attributes: { _default_title_: 'attribute_value', _default_description_: null },
            ticket_state: { type: 'ticket_state', id: '8577', category: 'submitted' },
            ticket_type: { type: 'ticket_type', id: '100', name: 'my-ticket-type-35' },
            created_at: 1734537990,
          },
        ],
      });
    }
    if (pathname === `/contacts/${CONTACT_ID}/notes`) {
      return HttpResponse.json({
        type: 'list',
        total_count: 1,
        data: [{ type: 'note', id: '26', created_at: 1733932587, body: '<p>This is a note.</p>' }],
      });
    }
    return HttpResponse.json({ type: 'error.list', errors: [{ code: 'not_found' }] }, { status: 404 });
  }),
);
upstream.listen();
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  {
    integrations: {
      'intercom-acme': {
        connector: 'intercom',
        syncPageSize: 2,
        options: { baseUrl: upstream.origin, ticketTypeId: '88' },
      },
    },
  },
  [intercom],
);

/** A realistic Talkdesk request: a synced contact, its emails and phones, every Intercom type. */
const talkdeskRequest = (accessToken: string) => ({
  auth: { access_token: accessToken, region: 'us' },
  meta: { interaction_types: ['conversation', 'ticket', 'note', 'call'] },
  data: {
    contact_external_id: CONTACT_ID,
    contact_name: 'Joe Bloggs',
    contact_emails: ['joe@bloggs.com'],
    contact_phones: ['+14155550132'],
  },
});

describe('Intercom through the gateway', () => {
  it("answers 200 with the contact's conversations, tickets and notes, valid against the contract", async () => {
    const response = await gateway.post(
      '/integrations/intercom-acme/interaction_retrieval',
      talkdeskRequest(TOKEN),
    );
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: 'ticket-633',
        subject: 'attribute_value',
        date: '2024-12-18 16:06:30 UTC',
        url: `https://app.intercom.com/a/inbox/${WORKSPACE_ID}/inbox/conversation/633`,
        type: 'ticket',
        priority: 'none',
        status: 'new',
      },
      {
        id: 'conversation-515',
        subject: 'this is the message body',
        description: 'this is the message body',
        date: '2024-12-18 15:59:06 UTC',
        url: `https://app.intercom.com/a/inbox/${WORKSPACE_ID}/inbox/conversation/515`,
        type: 'conversation',
        priority: 'normal',
        status: 'closed',
      },
      {
        id: 'note-26',
        subject: 'This is a note.',
        description: 'This is a note.',
        date: '2024-12-11 15:56:27 UTC',
        url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${CONTACT_ID}`,
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
    ]);
    // Found by the synced id: one lookup, then one call per type.
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual(
      [
        `GET /contacts/${CONTACT_ID}`,
        `GET /contacts/${CONTACT_ID}/notes`,
        'POST /conversations/search',
        'POST /tickets/search',
      ].sort(),
    );
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
      expect(request.headers.get('intercom-version')).toBe('2.15');
    }
  });

  it('answers 401 invalid_credentials when Intercom refuses the token', async () => {
    upstream.reset();
    const response = await gateway.post(
      '/integrations/intercom-acme/interaction_retrieval',
      talkdeskRequest(REVOKED),
    );
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain(REVOKED);
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers 400 naming a region outside us, eu, au', async () => {
    const response = await gateway.post('/integrations/intercom-acme/interaction_retrieval', {
      ...talkdeskRequest(TOKEN),
      auth: { access_token: TOKEN, region: 'mars' },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['auth.region']);
  });

  it('auth validation answers 204 after one GET /me, and 401 for a refused token', async () => {
    upstream.reset();
    const accepted = await gateway.post('/integrations/intercom-acme/auth_validation', {
      auth: { access_token: TOKEN, region: 'us' },
    });
    expect(accepted.status).toBe(204);
    expect(await accepted.text()).toBe('');
    const refused = await gateway.post('/integrations/intercom-acme/auth_validation', {
      auth: { access_token: REVOKED },
    });
    expect(refused.status).toBe(401);
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /me',
      'GET /me',
    ]);
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('contact synchronization pages through every contact, valid against the contract', async () => {
    upstream.reset();
    const auth = { access_token: TOKEN, region: 'us' };
    const first = await gateway.post('/integrations/intercom-acme/contact_synchronization', { auth });
    expect(first.status).toBe(200);
    const page1 = contactSynchronizationResponseSchema.parse(await first.json());
    expect(page1.contacts).toEqual([
      {
        id: CONTACT_ID,
        name: 'Joe Bloggs',
        emails: ['joe@bloggs.com'],
        phones: ['+14155550132'],
        photo_url: 'https://static.intercomassets.com/avatars/joe/square_128/joe.jpg',
        address: 'San Francisco, California, United States',
        url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${CONTACT_ID}`,
      },
      {
        id: lead.id,
        name: 'visitor@example.org',
        emails: ['visitor@example.org'],
        url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${lead.id}`,
      },
    ]);
    expect(page1.next_offset).toEqual(expect.any(String));
    const second = await gateway.post('/integrations/intercom-acme/contact_synchronization', {
      auth,
      meta: { offset: page1.next_offset },
    });
    expect(second.status).toBe(200);
    const page2 = contactSynchronizationResponseSchema.parse(await second.json());
    expect(page2.contacts.map((synced) => synced.id)).toEqual([ann.id]);
    expect(page2.next_offset).toBeUndefined();
    expect(page2.synchronization_checkpoint).toBe('2024-12-19 09:20:00 UTC');
    expect(upstream.requests.map((request) => request.json)).toEqual([
      {
        query: { field: 'role', operator: 'IN', value: ['user', 'lead'] },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 2 },
      },
      {
        query: { field: 'role', operator: 'IN', value: ['user', 'lead'] },
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: 2, starting_after: '2' },
      },
    ]);
  });

  it('agent synchronization answers the teammates from GET /admins', async () => {
    upstream.reset();
    const response = await gateway.post('/integrations/intercom-acme/agent_synchronization', {
      auth: { access_token: TOKEN },
    });
    expect(response.status).toBe(200);
    const page = agentSynchronizationResponseSchema.parse(await response.json());
    expect(page.agents).toEqual([
      { id: '991267461', name: 'Ciaran2 Lee', email: 'admin2@email.com' },
      { id: '991267466', name: 'Ciaran7 Lee', email: 'admin7@email.com' },
    ]);
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /admins']);
  });

  it('create_ticket answers 201 with the ticket id, after one POST /tickets', async () => {
    upstream.reset();
    const response = await gateway.post('/integrations/intercom-acme/actions/create_ticket', {
      auth: { access_token: TOKEN, region: 'us' },
      meta: { contact_external_id: CONTACT_ID, agent_external_id: '991267461' },
      data: { subject: 'Missed call', description: 'Joe called about invoice 1042.' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ message: 'Ticket #33 created in Intercom', external_id: '626' });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /tickets',
    ]);
    expect(upstream.requests[0]?.json).toEqual({
      ticket_type_id: '88',
      contacts: [{ id: CONTACT_ID }],
      ticket_attributes: {
        _default_title_: 'Missed call',
        _default_description_: 'Joe called about invoice 1042.',
      },
      assignment: { admin_assignee_id: '991267461' },
    });
  });

  it('create_ticket answers 400 action_failed when Intercom refuses the ticket, and 400 without a subject', async () => {
    upstream.reset();
    const refused = await gateway.post('/integrations/intercom-acme/actions/create_ticket', {
      auth: { access_token: TOKEN },
      meta: { contact_external_id: CONTACT_ID },
      data: { subject: 'Missed call', ticket_type_id: '404' },
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('action_failed');
    expect(body.error.message).toBe(
      `Intercom could not find one of: ticket type 404, contact ${CONTACT_ID} (not_found)`,
    );
    const incomplete = await gateway.post('/integrations/intercom-acme/actions/create_ticket', {
      auth: { access_token: TOKEN },
      meta: { contact_external_id: CONTACT_ID },
      data: { description: 'no subject' },
    });
    expect(incomplete.status).toBe(400);
    expect(((await incomplete.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    expect(upstream.requests).toHaveLength(1);
  });

  // Runs last: every request above carried a token.
  it('never printed a token in its logs', () => {
    const printed = JSON.stringify(gateway.logs());
    expect(gateway.logs().length).toBeGreaterThan(3);
    expect(printed).toContain('intercom-acme');
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(REVOKED);
  });
});
