// The Freshdesk connector through the real gateway on a real port, against a fake Freshdesk account (msw;
// the gateway's own loopback traffic passes through untouched).
import { freshdesk } from '@talkbridge/connector-freshdesk';
import { interactionRetrievalResponseSchema } from '@talkbridge/core';
import { createFakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import { passthrough } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

const API_KEY = 'e2e-freshdesk-key-Vb93Kq7';
const WRONG_KEY = 'e2e-wrong-key-Lx52Rt';
const AUTHORIZATION = `Basic ${Buffer.from(`${API_KEY}:X`).toString('base64')}`;

// Trimmed Freshdesk payloads (developers.freshdesk.com/api: View a contact, Filter contacts, List tickets).
const emily = {
  id: 432,
  name: 'Emily Garcia',
  email: 'emily.garcia@example.com',
  other_emails: [],
  phone: '(555) 555-0123',
  mobile: null,
  deleted: false,
};
const tickets = [
  {
    id: 20,
    requester_id: 432,
    subject: 'Order #1042 arrived damaged',
    description: '<div>The lamp inside is <b>broken</b> &amp; the box crushed.</div>',
    description_text: 'The lamp inside is broken & the box crushed.',
    status: 2,
    priority: 3,
    created_at: '2025-03-02T10:38:00Z',
    updated_at: '2025-03-02T10:40:11Z',
  },
  {
    id: 12,
    requester_id: 432,
    subject: 'Cannot log in to the portal',
    description: '<div>The portal says <i>account locked</i>.</div>',
    description_text: 'The portal says account locked.',
    status: 5,
    priority: 4,
    created_at: '2023-09-05T11:45:00Z',
    updated_at: '2023-09-08T09:00:00Z',
  },
];

const upstream = createFakeUpstream(
  'https://acme.freshdesk.com',
  http.all('https://acme.freshdesk.com/*', ({ request }) => {
    if (request.headers.get('authorization') !== AUTHORIZATION) {
      return HttpResponse.json(
        { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
        { status: 401 },
      );
    }
    const url = new URL(request.url);
    if (url.pathname === '/api/v2/contacts/432') return HttpResponse.json(emily);
    if (url.pathname.startsWith('/api/v2/contacts/')) return new HttpResponse(null, { status: 404 });
    if (url.pathname === '/api/v2/search/contacts') {
      const found = url.searchParams.get('query') === `"email:'emily.garcia@example.com'"`;
      return HttpResponse.json({ results: found ? [emily] : [], total: found ? 1 : 0 });
    }
    if (url.pathname === '/api/v2/tickets') {
      // Freshdesk lists only the last 30 days unless updated_since is given.
      const all = url.searchParams.has('updated_since');
      return HttpResponse.json(
        tickets.filter(
          (ticket) => String(ticket.requester_id) === url.searchParams.get('requester_id') && all,
        ),
      );
    }
    return new HttpResponse(null, { status: 404 });
  }),
  // The test's own calls to the gateway. createFakeUpstream lets loopback through itself in its current
  // source; the built testkit this resolves to may predate that, so say it here too (harmless twice).
  http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
);

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  { integrations: { 'freshdesk-acme': { connector: 'freshdesk', options: { baseUrl: upstream.origin } } } },
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
        description: 'The lamp inside is broken & the box crushed.',
        date: '2025-03-02 10:38:00 UTC',
        url: `${upstream.origin}/a/tickets/20`,
        type: 'ticket',
        priority: 'high',
        status: 'open',
      },
      {
        id: '12',
        subject: 'Cannot log in to the portal',
        description: 'The portal says account locked.',
        date: '2023-09-05 11:45:00 UTC',
        url: `${upstream.origin}/a/tickets/12`,
        type: 'ticket',
        priority: 'urgent',
        status: 'closed',
      },
    ]);
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/contacts/432',
      '/api/v2/tickets',
    ]);
    expect(upstream.requests.every((request) => request.headers.get('authorization') === AUTHORIZATION)).toBe(
      true,
    );
    expect(upstream.requests[1]?.query.get('updated_since')).toBe('2000-01-01T00:00:00Z');
  });

  it('falls back to the email when the synced id is stale', async () => {
    const response = await retrieve({
      ...talkdeskRequest,
      data: { ...talkdeskRequest.data, contact_external_id: '999' },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { id: string }[]).map((item) => item.id)).toEqual(['20', '12']);
    expect(upstream.requests.map((request) => request.path)).toEqual([
      '/api/v2/contacts/999',
      '/api/v2/search/contacts',
      '/api/v2/tickets',
    ]);
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
