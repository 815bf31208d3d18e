// The Salesforce connector through the real gateway on a real port, against a fake Salesforce org (msw).
import { salesforce } from '@talkbridge/connector-salesforce';
import {
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { createFakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

// The org the OAuth token belongs to; requests go to the operator's baseUrl (the fake) instead.
const INSTANCE = 'https://acme.my.salesforce.com';
const FAKE = 'https://fake-org.my.salesforce.com';
const API = `${FAKE}/services/data/v66.0`;
const TOKEN = '00D5e000000AbCd!AR8AQE2e.e2e.session.Xy71Qp';
const AUTH = { access_token: TOKEN, instance_url: INSTANCE };

const JANE = '0035e00000Hq9XkAAJ';
const AGENT = '0055e000004TqRsAAK';
const NEW_TASK = '00T5e00000Rt9ZzEAJ';
const record = (type: string, fields: Record<string, unknown>) => ({
  attributes: { type, url: `/services/data/v66.0/sobjects/${type}/${String(fields.Id ?? '')}` },
  ...fields,
});
const queryAnswers: Record<string, unknown[]> = {
  Case: [
    record('Case', {
      Id: '5005e00000Lm2PqAAJ',
      CaseNumber: '00001042',
      Subject: 'Invoice shows the wrong VAT number',
      Description: '<p>Please correct the VAT number on <b>INV-3310</b>.</p>',
      Status: 'Escalated',
      Priority: 'High',
      IsClosed: false,
      CreatedDate: '2025-04-02T09:15:00.000+0000',
      ContactId: JANE,
    }),
  ],
  CaseStatus: [
    record('CaseStatus', { ApiName: 'New', MasterLabel: 'New', IsClosed: false, IsDefault: true }),
    record('CaseStatus', {
      ApiName: 'Escalated',
      MasterLabel: 'Escalated',
      IsClosed: false,
      IsDefault: false,
    }),
    record('CaseStatus', { ApiName: 'Closed', MasterLabel: 'Closed', IsClosed: true, IsDefault: false }),
  ],
  Task: [
    record('Task', {
      Id: '00T5e00000Rt4ZaEAJ',
      Subject: 'Call',
      Description: 'Explained the correction process.',
      Status: 'Completed',
      Priority: 'Normal',
      IsClosed: true,
      ActivityDate: '2025-04-02',
      TaskSubtype: 'Call',
      CreatedDate: '2025-04-02T09:40:00.000+0000',
      WhoId: JANE,
    }),
  ],
  Event: [],
  Contact: [
    record('Contact', {
      Id: JANE,
      Name: 'Jane Doe',
      Title: 'Controller',
      Email: 'jane.doe@example.com',
      Phone: '+1 (415) 555-0132',
      MobilePhone: null,
      HomePhone: null,
      OtherPhone: null,
      Account: { attributes: { type: 'Account' }, Name: 'Acme Corp', Website: 'https://acme.example' },
      MailingStreet: '500 Howard St',
      MailingCity: 'San Francisco',
      MailingState: 'CA',
      MailingPostalCode: '94105',
      MailingCountry: 'United States',
      PhotoUrl: null,
      SystemModstamp: '2025-04-01T16:20:00.000+0000',
    }),
  ],
  User: [record('User', { Id: AGENT, Name: 'Priya Raman', Email: 'priya.raman@acme.example' })],
};
const invalidSession = () =>
  HttpResponse.json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], {
    status: 401,
  });
const authorised = (request: Request) => request.headers.get('authorization') === `Bearer ${TOKEN}`;

const upstream = createFakeUpstream(
  FAKE,
  http.get(`${API}/sobjects/Contact/:id`, ({ request }) => {
    if (!authorised(request)) return invalidSession();
    // The synced id was merged away: Salesforce answers 404.
    return HttpResponse.json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], {
      status: 404,
    });
  }),
  http.get(`${API}/search/`, ({ request }) => {
    if (!authorised(request)) return invalidSession();
    const sosl = new URL(request.url).searchParams.get('q') ?? '';
    const found = sosl.startsWith('FIND {"jane.doe@example.com"')
      ? [record('Contact', { Id: JANE, Email: 'jane.doe@example.com' })]
      : [];
    return HttpResponse.json({ searchRecords: found });
  }),
  // Resources by Version: auth validation.
  http.get(`${API}/`, ({ request }) => {
    if (!authorised(request)) return invalidSession();
    return HttpResponse.json({
      query: '/services/data/v66.0/query',
      sobjects: '/services/data/v66.0/sobjects',
    });
  }),
  http.post(`${API}/composite`, async ({ request }) => {
    if (!authorised(request)) return invalidSession();
    const body = (await request.json()) as { compositeRequest: { referenceId: string; url: string }[] };
    return HttpResponse.json({
      compositeResponse: body.compositeRequest.map((sub, index) => ({
        body: { id: index === 0 ? NEW_TASK : `06A5e00000Lk${index}AAA`, success: true, errors: [] },
        httpHeaders: { Location: `${sub.url}/${NEW_TASK}` },
        httpStatusCode: 201,
        referenceId: sub.referenceId,
      })),
    });
  }),
  http.get(`${API}/query`, ({ request }) => {
    if (!authorised(request)) return invalidSession();
    const soql = new URL(request.url).searchParams.get('q') ?? '';
    const object = /FROM (\w+)/.exec(soql)?.[1] ?? '';
    const records = queryAnswers[object] ?? [];
    return HttpResponse.json({ totalSize: records.length, done: true, records });
  }),
);
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  { integrations: { 'salesforce-acme': { connector: 'salesforce', options: { baseUrl: upstream.origin } } } },
  [salesforce],
);
const retrieve = (body: unknown) => gateway.post('/integrations/salesforce-acme/interaction_retrieval', body);

/** What Talkdesk sends for a contact synced earlier whose Salesforce Contact was since merged. */
const talkdeskRequest = {
  auth: AUTH,
  meta: { interaction_types: ['case', 'task', 'event', 'note'] },
  data: {
    contact_external_id: '0035e00000Hq9XjAAJ',
    contact_name: 'Jane Doe',
    contact_emails: ['Jane.Doe@example.com'],
    contact_phones: ['+1 (415) 555-0132'],
  },
};

describe('Salesforce through the gateway', () => {
  it('answers 200 with the contact’s cases and tasks, valid against the contract', async () => {
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: '00T5e00000Rt4ZaEAJ',
        subject: 'Call',
        description: 'Explained the correction process.',
        date: '2025-04-02 09:40:00 UTC',
        url: `${INSTANCE}/lightning/r/Task/00T5e00000Rt4ZaEAJ/view`,
        type: 'task',
        priority: 'normal',
        status: 'closed',
      },
      {
        id: '5005e00000Lm2PqAAJ',
        subject: 'Invoice shows the wrong VAT number',
        description: 'Please correct the VAT number on INV-3310.',
        date: '2025-04-02 09:15:00 UTC',
        url: `${INSTANCE}/lightning/r/Case/5005e00000Lm2PqAAJ/view`,
        type: 'case',
        priority: 'high',
        status: 'open',
      },
    ]);
    // The stale id, one SOSL search by email, then the three types (and the org's case statuses).
    const paths = upstream.requests.map((request) => request.path);
    expect(paths.slice(0, 2)).toEqual([
      '/services/data/v66.0/sobjects/Contact/0035e00000Hq9XjAAJ',
      '/services/data/v66.0/search/',
    ]);
    expect(paths.slice(2).sort()).toEqual(Array(4).fill('/services/data/v66.0/query'));
    for (const request of upstream.requests)
      expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('answers 401 invalid_credentials when Salesforce says the session expired', async () => {
    const response = await retrieve({
      ...talkdeskRequest,
      auth: { ...AUTH, access_token: 'expired-e2e-token-93' },
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain('expired-e2e-token-93');
  });

  it('answers 429 rate_limited with Retry-After when the org’s daily API limit is used up', async () => {
    upstream.use(
      http.all(`${FAKE}/*`, () =>
        HttpResponse.json(
          [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
          {
            status: 403,
          },
        ),
      ),
    );
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('60');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(upstream.requests).toHaveLength(1);
  });

  it('refuses an instance URL outside Salesforce when no baseUrl is configured', async () => {
    const direct = await startTestGateway({ integrations: { sf: { connector: 'salesforce' } } }, [
      salesforce,
    ]);
    const response = await direct.post('/integrations/sf/interaction_retrieval', {
      ...talkdeskRequest,
      auth: { ...AUTH, instance_url: 'https://salesforce.com.evil.example' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('host_not_allowed');
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers 204 to auth validation after one call to Salesforce', async () => {
    const response = await gateway.post('/integrations/salesforce-acme/auth_validation', { auth: AUTH });
    expect(response.status).toBe(204);
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /services/data/v66.0/',
    ]);
  });

  it('answers 401 to auth validation when Salesforce refuses the session', async () => {
    const response = await gateway.post('/integrations/salesforce-acme/auth_validation', {
      auth: { ...AUTH, access_token: 'expired-e2e-token-93' },
    });
    expect(response.status).toBe(401);
  });

  it('answers 200 to contact synchronization with contacts valid against the contract', async () => {
    const response = await gateway.post('/integrations/salesforce-acme/contact_synchronization', {
      auth: AUTH,
      meta: { synchronization_checkpoint: '2025-03-01 00:00:00 UTC' },
    });
    expect(response.status).toBe(200);
    const page = contactSynchronizationResponseSchema.parse(await response.json());
    expect(page).toEqual({
      synchronization_checkpoint: '2025-04-01 16:20:00 UTC',
      contacts: [
        {
          id: JANE,
          name: 'Jane Doe',
          company: 'Acme Corp',
          title: 'Controller',
          emails: ['jane.doe@example.com'],
          phones: ['+14155550132'],
          address: '500 Howard St, San Francisco, CA 94105, United States',
          websites: ['https://acme.example'],
          url: `${INSTANCE}/lightning/r/Contact/${JANE}/view`,
        },
      ],
    });
    const soql = upstream.requests[0]?.query.get('q') ?? '';
    expect(soql).toMatch(
      / FROM Contact WHERE SystemModstamp >= 2025-02-28T23:59:00Z ORDER BY SystemModstamp ASC, Id ASC LIMIT 101$/,
    );
  });

  it('answers 200 to agent synchronization', async () => {
    const response = await gateway.post('/integrations/salesforce-acme/agent_synchronization', {
      auth: AUTH,
    });
    expect(response.status).toBe(200);
    expect(agentSynchronizationResponseSchema.parse(await response.json())).toEqual({
      agents: [{ id: AGENT, name: 'Priya Raman', email: 'priya.raman@acme.example' }],
    });
  });

  it('answers 201 to log_call with the new Task id, having sent one Composite create', async () => {
    const response = await gateway.post('/integrations/salesforce-acme/actions/log_call', {
      auth: AUTH,
      meta: { contact_external_id: JANE, agent_external_id: AGENT },
      data: {
        subject: 'Inbound call',
        description: 'Asked for a corrected invoice.',
        duration: 95,
        direction: 'inbound',
      },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      message: `Call logged on Contact ${JANE} (Task ${NEW_TASK})`,
      external_id: NEW_TASK,
    });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /services/data/v66.0/composite',
    ]);
  });

  it('answers 201 to create_note, and 400 naming the field when the subject is missing', async () => {
    const created = await gateway.post('/integrations/salesforce-acme/actions/create_note', {
      auth: AUTH,
      meta: { contact_external_id: JANE },
      data: { subject: 'Invoice follow-up', body: 'Send INV-3310 again.' },
    });
    expect(created.status).toBe(201);
    const missing = await gateway.post('/integrations/salesforce-acme/actions/create_note', {
      auth: AUTH,
      meta: { contact_external_id: JANE },
      data: { body: 'No title' },
    });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['data.subject']);
  });

  // Runs last: every request above sent credentials.
  it('never printed a credential', () => {
    expect(gateway.logs().length).toBeGreaterThan(3);
    const everything = printedLogLines.join('\n');
    for (const secret of [TOKEN, 'expired-e2e-token-93', encodeURIComponent(TOKEN)])
      expect(everything).not.toContain(secret);
  });
});
