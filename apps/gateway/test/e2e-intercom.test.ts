import { intercom } from '@talkbridge/connector-intercom';
import { interactionRetrievalResponseSchema } from '@talkbridge/core';
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
  notes: { type: 'list', data: [], total_count: 1, has_more: false },
};
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
    const body = request.method === 'POST' ? ((await request.json()) as { query: { value: unknown } }) : null;
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
  { integrations: { 'intercom-acme': { connector: 'intercom', options: { baseUrl: upstream.origin } } } },
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

  // Runs last: every request above carried a token.
  it('never printed a token in its logs', () => {
    const printed = JSON.stringify(gateway.logs());
    expect(gateway.logs().length).toBeGreaterThan(3);
    expect(printed).toContain('intercom-acme');
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(REVOKED);
  });
});
