// The Intercom connector through the real gateway on a real port, against the connector's own fake
// Intercom API (msw, from the dev-only `@talkbridge/connector-intercom/fixtures`), which serves trimmed
// payloads from Intercom's 2.15 OpenAPI examples.
import { intercom } from '@talkbridge/connector-intercom';
import {
  ADMIN_IDS,
  CONTACT_EMAIL,
  CONTACT_ID,
  fakeIntercom,
  INTERCOM_TOKEN,
  SYNC_CONTACTS,
  TICKET_TYPE_ID,
  WORKSPACE_ID,
} from '@talkbridge/connector-intercom/fixtures';
import {
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestGateway } from './start-test-gateway.js';

const TOKEN = INTERCOM_TOKEN;
const REVOKED = 'dG9rOnJldm9rZWQtdG9rZW4tZTJlLTQ0';
const [joe, lead, ann] = SYNC_CONTACTS;

const upstream = fakeIntercom('https://api.intercom.test');
upstream.listen();
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  {
    integrations: {
      'intercom-acme': {
        connector: 'intercom',
        syncPageSize: 2,
        options: { baseUrl: upstream.origin, ticketTypeId: TICKET_TYPE_ID },
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
    contact_emails: [CONTACT_EMAIL],
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
        id: 'conversation-517',
        subject: 'Refund for order #1042',
        description: 'Hi, I was charged twice for order #1042. Can you refund one?',
        date: '2024-12-20 16:00:00 UTC',
        url: `https://app.intercom.com/a/inbox/${WORKSPACE_ID}/inbox/conversation/517`,
        type: 'conversation',
        priority: 'high',
        status: 'open',
      },
      {
        id: 'conversation-516',
        subject: 'Invoice export',
        description: 'How do I export my invoices & receipts?',
        date: '2024-12-19 16:00:00 UTC',
        url: `https://app.intercom.com/a/inbox/${WORKSPACE_ID}/inbox/conversation/516`,
        type: 'conversation',
        priority: 'normal',
        status: 'pending',
      },
      {
        id: 'ticket-633',
        subject: 'Card declined at checkout',
        description: "The customer's Visa card is declined on every attempt.",
        date: '2024-12-18 16:06:30 UTC',
        url: `https://app.intercom.com/a/inbox/${WORKSPACE_ID}/inbox/conversation/633`,
        type: 'ticket',
        priority: 'none',
        status: 'open',
      },
      {
        id: 'ticket-611',
        subject: 'Refund request #22',
        date: '2024-12-18 16:02:12 UTC',
        url: `https://app.intercom.com/a/inbox/${WORKSPACE_ID}/inbox/conversation/611`,
        type: 'ticket',
        priority: 'none',
        status: 'solved',
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
        subject: 'Called the customer: prefers email follow-ups.',
        description: 'Called the customer: prefers email follow-ups.',
        date: '2024-12-11 15:56:27 UTC',
        url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${CONTACT_ID}`,
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
      {
        id: 'note-25',
        subject: 'This is a note.',
        description: 'This is a note.',
        date: '2024-12-10 15:56:27 UTC',
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
        address: 'San Francisco, California, United States',
        url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${CONTACT_ID}`,
      },
      {
        id: lead?.id,
        name: 'visitor@example.org',
        emails: ['visitor@example.org'],
        url: `https://app.intercom.com/a/apps/${WORKSPACE_ID}/users/${lead?.id}`,
      },
    ]);
    expect(page1.next_offset).toEqual(expect.any(String));
    // The rest, two at a time, each page continuing from the offset of the one before.
    const pages = [page1];
    for (let offset = page1.next_offset; offset && pages.length < 10; ) {
      const next = await gateway.post('/integrations/intercom-acme/contact_synchronization', {
        auth,
        meta: { offset },
      });
      expect(next.status).toBe(200);
      const page = contactSynchronizationResponseSchema.parse(await next.json());
      pages.push(page);
      offset = page.next_offset;
    }
    expect(pages.map((page) => page.contacts.map((synced) => synced.id))).toEqual([
      [joe?.id, lead?.id],
      [ann?.id, SYNC_CONTACTS[3]?.id],
      [SYNC_CONTACTS[4]?.id, SYNC_CONTACTS[5]?.id],
      [SYNC_CONTACTS[6]?.id],
    ]);
    expect(pages.at(-1)?.synchronization_checkpoint).toBe('2024-12-20 13:06:40 UTC');
    const everyContact = {
      query: { field: 'role', operator: 'IN', value: ['user', 'lead'] },
      sort: { field: 'updated_at', order: 'ascending' },
    };
    expect(upstream.requests.map((request) => request.json)).toEqual([
      { ...everyContact, pagination: { per_page: 2 } },
      ...[1, 2, 3].map(() => ({
        ...everyContact,
        pagination: { per_page: 2, starting_after: expect.any(String) },
      })),
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
      meta: { contact_external_id: CONTACT_ID, agent_external_id: ADMIN_IDS[1] },
      data: { subject: 'Missed call', description: 'Joe called about invoice 1042.' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ message: 'Ticket #33 created in Intercom', external_id: '626' });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /tickets',
    ]);
    expect(upstream.requests[0]?.json).toEqual({
      ticket_type_id: TICKET_TYPE_ID,
      contacts: [{ id: CONTACT_ID }],
      ticket_attributes: {
        _default_title_: 'Missed call',
        _default_description_: 'Joe called about invoice 1042.',
      },
      assignment: { admin_assignee_id: ADMIN_IDS[1] },
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
