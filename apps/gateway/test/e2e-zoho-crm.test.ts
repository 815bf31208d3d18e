// Zoho CRM through the real gateway on a real port: the connector package as built (dist/), a fake Zoho
// CRM on msw (loopback traffic to the gateway passes through), and the gateway's own log output.
import { zohoCrm } from '@talkbridge/connector-zoho-crm';
import {
  actionExecutionResponseSchema,
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { createFakeUpstream, faults, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

const ORIGIN = 'https://zoho-crm-e2e.test';
const TOKEN = '1000.e2e7c0ffee5a1d2b3c4d.5e6f7a8b9c0d1e2f3a4b';
const CONTACT_ID = '3652397000000624001';
const USER_ID = '3652397000000186017';
const CALL_ID = '3652397000000680099';

const PATRICIA = { id: USER_ID, full_name: 'Patricia Boyle', email: 'p.boyle@zylker.com', status: 'active' };

/** The contacts Zoho holds, as COQL answers the sync query (two share an update second). */
const SYNCED_CONTACTS = [
  {
    id: '3652397000000624002',
    Full_Name: 'Chris Doe',
    Email: 'chris.doe@zylker.example',
    Mobile: '+44 20 7946 0958',
    'Account_Name.Account_Name': 'Zylker',
    Modified_Time: '2024-10-01T08:00:00+01:00',
  },
  {
    id: CONTACT_ID,
    Full_Name: 'Jane Roe',
    Title: 'Head of Operations',
    Email: 'jane.roe@zylker.example',
    Phone: '+1 (415) 555-0142',
    Mailing_City: 'Pleasanton',
    Mailing_Country: 'United States',
    'Account_Name.Account_Name': 'Zylker',
    'Account_Name.Website': 'https://www.zylker.example',
    Modified_Time: '2025-03-02T10:20:03+01:00',
  },
  {
    id: '3652397000000624005',
    Full_Name: 'Sam Okafor',
    Email: 'sam.okafor@zylker.example',
    Modified_Time: '2025-03-02T09:20:03+00:00',
  },
];

/** What the fake received, recorded by its handlers before they answer. */
const received: { coql: string[]; calls: unknown[] } = { coql: [], calls: [] };

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
  http.get(`${ORIGIN}/crm/v8/users`, ({ request }) =>
    HttpResponse.json({
      users: [PATRICIA],
      info: {
        per_page: 200,
        count: 1,
        page: Number(new URL(request.url).searchParams.get('page') ?? 1),
        more_records: false,
      },
    }),
  ),
  http.post(`${ORIGIN}/crm/v8/Calls`, async ({ request }) => {
    received.calls.push(await request.json());
    const by = { name: 'Patricia Boyle', id: USER_ID };
    return HttpResponse.json(
      {
        data: [
          {
            code: 'SUCCESS',
            details: {
              Modified_Time: '2025-06-01T12:00:00+00:00',
              Modified_By: by,
              Created_Time: '2025-06-01T12:00:00+00:00',
              id: CALL_ID,
              Created_By: by,
            },
            message: 'record added',
            status: 'success',
          },
        ],
      },
      { status: 201 },
    );
  }),
  http.post(`${ORIGIN}/crm/v8/coql`, async ({ request }) => {
    const { select_query: query } = (await request.json()) as { select_query: string };
    if (query.includes(' from Contacts where ')) {
      received.coql.push(query);
      // One page is all there is: the sync asks for at most 100 a page.
      const data = [...SYNCED_CONTACTS].sort(
        (a, b) => Date.parse(a.Modified_Time) - Date.parse(b.Modified_Time) || (a.id < b.id ? -1 : 1),
      );
      return HttpResponse.json({ data, info: { count: data.length, more_records: false } });
    }
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
afterEach(() => {
  upstream.reset();
  received.coql.length = 0;
  received.calls.length = 0;
});
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

  it('auth validation: 204 after one call for the token’s own user', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/auth_validation', {
      auth: talkdeskRequest.auth,
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    await vi.waitFor(() => expect(upstream.requests).toHaveLength(1));
    expect(upstream.requests[0]?.path).toBe('/crm/v8/users');
    expect(upstream.requests[0]?.query.get('type')).toBe('CurrentUser');
  });

  it('auth validation: a refused token is 401', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/auth_validation', {
      auth: { ...talkdeskRequest.auth, access_token: `${TOKEN}-revoked` },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
  });

  it('contact synchronization: 200 with the Contacts ascending by update time and a checkpoint', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/contact_synchronization', {
      auth: talkdeskRequest.auth,
      meta: {},
    });
    expect(response.status).toBe(200);
    const answer = contactSynchronizationResponseSchema.parse(await response.json());
    expect(answer.contacts.map((contact) => contact.id)).toEqual([
      '3652397000000624002',
      CONTACT_ID,
      '3652397000000624005',
    ]);
    expect(answer.contacts[1]).toEqual({
      id: CONTACT_ID,
      name: 'Jane Roe',
      company: 'Zylker',
      title: 'Head of Operations',
      emails: ['jane.roe@zylker.example'],
      phones: ['+14155550142'],
      address: 'Pleasanton, United States',
      websites: ['https://www.zylker.example'],
      url: `https://crm.zoho.eu/crm/tab/Contacts/${CONTACT_ID}`,
    });
    expect(answer.synchronization_checkpoint).toBe('2025-03-02 09:20:03 UTC');
    expect(answer.next_offset).toBeUndefined();
    expect(received.coql).toHaveLength(1);
    expect(received.coql[0]).toMatch(
      /^select id, .+ from Contacts where id is not null order by Modified_Time asc, id asc limit 100$/,
    );
  });

  it('contact synchronization: incremental from the checkpoint asks Zoho for that second onwards', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/contact_synchronization', {
      auth: talkdeskRequest.auth,
      meta: { synchronization_checkpoint: '2025-03-02 09:20:03 UTC' },
    });
    expect(response.status).toBe(200);
    contactSynchronizationResponseSchema.parse(await response.json());
    expect(received.coql[0]).toContain(" where Modified_Time >= '2025-03-02T09:20:03+00:00' order by");
  });

  it('agent synchronization: 200 with the CRM’s users', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/agent_synchronization', {
      auth: talkdeskRequest.auth,
    });
    expect(response.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await response.json())).toEqual({
      agents: [{ id: USER_ID, name: 'Patricia Boyle', email: 'p.boyle@zylker.com' }],
    });
  });

  it('log_call: 201 with the new call’s id, logged on the contact and owned by the agent', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/actions/log_call', {
      auth: talkdeskRequest.auth,
      meta: { contact_external_id: CONTACT_ID, agent_external_id: USER_ID },
      data: {
        subject: 'Inbound call from +1 415 555 0142',
        description: 'Asked about the renewal.',
        duration: 95,
        started_at: '2025-06-01T11:58:00Z',
      },
    });
    expect(response.status).toBe(201);
    expect(actionExecutionResponseSchema.parse(await response.json())).toEqual({
      message: `Call ${CALL_ID} logged on Contact ${CONTACT_ID}`,
      external_id: CALL_ID,
    });
    expect(received.calls).toEqual([
      {
        data: [
          {
            Subject: 'Inbound call from +1 415 555 0142',
            Call_Type: 'Inbound',
            Call_Start_Time: '2025-06-01T11:58:00+00:00',
            Call_Duration: '01:35',
            Description: 'Asked about the renewal.',
            Who_Id: { id: CONTACT_ID },
            Owner: { id: USER_ID },
          },
        ],
      },
    ]);
  });

  it('log_call: a missing subject is 400 naming it, and nothing reaches Zoho', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/actions/log_call', {
      auth: talkdeskRequest.auth,
      meta: { contact_external_id: CONTACT_ID },
      data: {},
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['data.subject']);
    expect(received.calls).toEqual([]);
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
