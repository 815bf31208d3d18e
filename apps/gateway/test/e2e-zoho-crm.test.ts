// Zoho CRM through the real gateway on a real port: the connector package as built (dist/), the connector's
// own fake Zoho CRM (msw, from the dev-only `@talkbridge/connector-zoho-crm/fixtures`; loopback traffic to
// the gateway passes through), and the gateway's own log output.
import { zohoCrm } from '@talkbridge/connector-zoho-crm';
import {
  CREATED_CALL_ID,
  createZohoFake,
  JANE,
  PATRICIA,
  ZOHO_TOKEN,
} from '@talkbridge/connector-zoho-crm/fixtures';
import {
  actionExecutionResponseSchema,
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { faults } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

const ORIGIN = 'https://zoho-crm-e2e.test';
const TOKEN = ZOHO_TOKEN;
const CONTACT_ID = JANE.id;
const USER_ID = PATRICIA.id;
const CALL_ID = CREATED_CALL_ID;

const upstream = createZohoFake(ORIGIN);

/** What the fake received: the contact sync's COQL queries and the Calls inserts. */
const received = {
  get coql(): string[] {
    return upstream.requests
      .filter((request) => request.path === '/crm/v8/coql')
      .map((request) => (request.json as { select_query: string }).select_query)
      .filter((query) => query.includes(' from Contacts where '));
  },
  get calls(): unknown[] {
    return upstream.requests
      .filter((request) => request.method === 'POST' && request.path === '/crm/v8/Calls')
      .map((request) => request.json);
  },
};

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
// Users in the EU data centre connecting with OAuth 2.0.
const euGateway = await startTestGateway(
  {
    publicUrl: 'https://bridge.example.com',
    integrations: {
      'zoho-crm-eu': { connector: 'zoho-crm', authentication: 'oauth2', options: { dataCentre: 'eu' } },
    },
  },
  [zohoCrm],
);

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
    // Newest first, both types interleaved; `opportunity` is not a Zoho type and is left out.
    expect(answer).toEqual([
      {
        id: 'case-3652397000000650001',
        subject: 'Printer jams on every second page',
        description: 'Customer reports paper jams since the firmware update. Tried: reset, new tray.',
        date: '2025-03-02 09:15:00 UTC',
        url: 'https://crm.zoho.eu/crm/tab/Cases/3652397000000650001',
        type: 'case',
        priority: 'high',
        status: 'open',
      },
      {
        id: 'note-3652397000000660001',
        subject: 'Renewal call',
        description: 'Wants the Enterprise plan & a 2-year term.',
        date: '2025-02-27 16:45:00 UTC',
        url: `https://crm.zoho.eu/crm/tab/Contacts/${CONTACT_ID}`,
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
      {
        // No subject in Zoho: the case number names it.
        id: 'case-3652397000000650002',
        subject: 'Case 00007',
        date: '2025-01-20 13:02:11 UTC',
        url: 'https://crm.zoho.eu/crm/tab/Cases/3652397000000650002',
        type: 'case',
        priority: 'low',
        status: 'closed',
      },
      {
        id: 'note-3652397000000660002',
        subject: 'Prefers email over phone.',
        description: 'Prefers email over phone.',
        date: '2024-11-05 18:00:00 UTC',
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
    // Chris, Marek and Aiko share an update second (ordered by id), as do Jane and Sam.
    expect(answer.contacts.map((contact) => contact.id)).toEqual([
      '3652397000000624002',
      '3652397000000624003',
      '3652397000000624004',
      CONTACT_ID,
      '3652397000000624005',
    ]);
    expect(answer.contacts[3]).toEqual({
      id: CONTACT_ID,
      name: 'Jane Roe',
      company: 'Zylker',
      title: 'Head of Operations',
      // As stored in Zoho.
      emails: ['Jane.Roe@zylker.example'],
      phones: ['+14155550142'],
      address: '4141 Hacienda Drive, Pleasanton, CA 94588, United States',
      websites: ['https://www.zylker.example'],
      twitter: 'janeroe',
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

  it('agent synchronization: 200 with the CRM’s active users', async () => {
    const response = await gateway.post('/integrations/zoho-crm-acme/agent_synchronization', {
      auth: talkdeskRequest.auth,
    });
    expect(response.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await response.json())).toEqual({
      agents: [
        { id: USER_ID, name: 'Patricia Boyle', email: 'p.boyle@zylker.com' },
        { id: '3652397000000186023', name: 'Ravi Menon', email: 'ravi.menon@zylker.com' },
        // No full_name in Zoho: first and last name.
        { id: '3652397000000186031', name: 'Lena Hoffmann', email: 'lena.hoffmann@zylker.com' },
      ],
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

  it('OAuth 2.0 in the EU data centre: registered as oauth2, tokens traded at accounts.zoho.eu', async () => {
    const response = await euGateway.get('/integrations/zoho-crm-eu/configuration');
    expect(response.status).toBe(200);
    const configuration = (await response.json()) as {
      authentication_type: string;
      authentication_configuration: Record<string, { type: string }>[];
    };
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration.map((field) => Object.keys(field)[0])).toEqual([
      'access_token',
      'api_domain',
    ]);
    const oauth = await euGateway.get('/integrations/zoho-crm-eu/oauth');
    expect(oauth.status).toBe(200);
    expect(await oauth.json()).toMatchObject({
      authorization_url: 'https://accounts.zoho.eu/oauth/v2/auth',
      token_url: 'https://accounts.zoho.eu/oauth/v2/token',
      scopes: expect.arrayContaining(['ZohoCRM.coql.READ', 'ZohoCRM.users.READ']),
    });
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
