// Zoho CRM through the real gateway on a real port: the connector package as built (dist/), a fake Zoho
// CRM on msw (loopback traffic to the gateway passes through), and the gateway's own log output.
import { zohoCrm } from '@talkbridge/connector-zoho-crm';
import { interactionRetrievalResponseSchema } from '@talkbridge/core';
import { createFakeUpstream, faults, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

const ORIGIN = 'https://zoho-crm-e2e.test';
const TOKEN = '1000.e2e7c0ffee5a1d2b3c4d.5e6f7a8b9c0d1e2f3a4b';
const CONTACT_ID = '3652397000000624001';

const unauthorized = () =>
  HttpResponse.json(
    { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' },
    { status: 401 },
  );

const upstream = createFakeUpstream(
  ORIGIN,
  http.all(`${ORIGIN}/*`, ({ request }) =>
    request.headers.get('authorization') === `Zoho-oauthtoken ${TOKEN}` ? undefined : unauthorized(),
  ),
  http.get(`${ORIGIN}/crm/v8/Contacts/search`, ({ request }) =>
    new URL(request.url).searchParams.get('criteria') === '(Email:equals:jane.roe@zylker.example)'
      ? HttpResponse.json({
          data: [
            {
              id: CONTACT_ID,
              Full_Name: 'Jane Roe',
              Email: 'jane.roe@zylker.example',
              Secondary_Email: null,
            },
          ],
          info: { per_page: 200, count: 1, page: 1, more_records: false },
        })
      : new HttpResponse(null, { status: 204 }),
  ),
  http.get(`${ORIGIN}/crm/v8/Leads/search`, () => new HttpResponse(null, { status: 204 })),
  http.get(`${ORIGIN}/crm/v8/Contacts/:id/Notes`, () =>
    HttpResponse.json({
      data: [
        {
          id: '3652397000000660001',
          Note_Title: 'Renewal call',
          Note_Content: '<p>Wants the <i>Enterprise</i> plan.</p>',
          Parent_Id: { name: 'Jane Roe', id: CONTACT_ID },
          Created_Time: '2025-02-27T17:45:00+01:00',
        },
      ],
      info: { per_page: 200, count: 1, page: 1, more_records: false },
    }),
  ),
  http.post(`${ORIGIN}/crm/v8/coql`, async ({ request }) => {
    const { select_query: query } = (await request.json()) as { select_query: string };
    if (!query.includes(`in ('${CONTACT_ID}')`) || !query.includes('from Cases')) {
      return new HttpResponse(null, { status: 204 });
    }
    return HttpResponse.json({
      data: [
        {
          id: '3652397000000650001',
          Subject: 'Printer jams on every second page',
          Description: '<div>Paper jams since the <b>firmware</b> update.</div>',
          Status: 'On Hold',
          Priority: 'High',
          Case_Number: '00012',
          Created_Time: '2025-03-02T10:15:00+01:00',
        },
      ],
      info: { count: 1, more_records: false },
    });
  }),
);

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  { integrations: { 'zoho-crm-acme': { connector: 'zoho-crm', options: { baseUrl: upstream.origin } } } },
  [zohoCrm],
);
// The same connector without an operator baseUrl: requests would go to the token's api_domain.
const directGateway = await startTestGateway({ integrations: { 'zoho-crm': { connector: 'zoho-crm' } } }, [
  zohoCrm,
]);

const talkdeskRequest = {
  auth: { access_token: TOKEN, api_domain: 'https://www.zohoapis.eu' },
  meta: { interaction_types: ['case', 'note', 'opportunity'] },
  data: {
    contact_external_id: null,
    contact_name: 'Jane Roe',
    contact_emails: ['Jane.Roe@zylker.example'],
    contact_phones: ['+1 415 555 0142'],
  },
};

const retrieve = (body: unknown) => gateway.post('/integrations/zoho-crm-acme/interaction_retrieval', body);

describe('zoho-crm through the gateway', () => {
  it('answers a Talkdesk request with the contact’s cases and notes, valid against the contract', async () => {
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: 'case-3652397000000650001',
        subject: 'Printer jams on every second page',
        description: 'Paper jams since the firmware update.',
        date: '2025-03-02 09:15:00 UTC',
        url: 'https://crm.zoho.eu/crm/tab/Cases/3652397000000650001',
        type: 'case',
        priority: 'high',
        status: 'pending',
      },
      {
        id: 'note-3652397000000660001',
        subject: 'Renewal call',
        description: 'Wants the Enterprise plan.',
        date: '2025-02-27 16:45:00 UTC',
        url: `https://crm.zoho.eu/crm/tab/Contacts/${CONTACT_ID}`,
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
    ]);
    // Found by email in one round (Contacts and Leads), then one call per type.
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`).sort()).toEqual(
      [
        'GET /crm/v8/Contacts/search',
        'GET /crm/v8/Leads/search',
        `GET /crm/v8/Contacts/${CONTACT_ID}/Notes`,
        'POST /crm/v8/coql',
      ].sort(),
    );
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(`Zoho-oauthtoken ${TOKEN}`);
    }
  });

  it('a token Zoho refuses is 401 invalid_credentials, so Talkdesk refreshes it', async () => {
    upstream.use(faults.unauthorized(upstream.origin));
    const response = await retrieve({
      ...talkdeskRequest,
      auth: { ...talkdeskRequest.auth, access_token: `${TOKEN}-revoked` },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });

  it('an api_domain outside Zoho is refused without an operator baseUrl', async () => {
    const response = await directGateway.post('/integrations/zoho-crm/interaction_retrieval', {
      ...talkdeskRequest,
      auth: { access_token: TOKEN, api_domain: 'https://www.zohoapis.com.evil.example' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('host_not_allowed');
    expect(upstream.requests).toHaveLength(0);
  });

  // Runs last: every request above sent the token.
  it('never printed the token in the gateway’s logs', () => {
    const lines = gateway.logs();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((line) => line.integration_id === 'zoho-crm-acme')).toBe(true);
    const printed = printedLogLines.join('\n');
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain('e2e7c0ffee5a1d2b3c4d');
  });
});
