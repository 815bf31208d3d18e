// The Salesforce connector through the real gateway on a real port, against the connector's own fake
// Salesforce org (msw, from `@talkbridge/connector-salesforce/fixtures`).
import { salesforce } from '@talkbridge/connector-salesforce';
import {
  createFakeSalesforce,
  FAKE_ACCESS_TOKEN,
  JANE_CONTACT_ID,
  LUIS_USER_ID,
  MEI_USER_ID,
  PRIYA_USER_ID,
  STALE_CONTACT_ID,
} from '@talkbridge/connector-salesforce/fixtures';
import {
  agentSynchronizationResponseSchema,
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

// The org the OAuth token belongs to; requests go to the operator's baseUrl (the fake) instead.
const INSTANCE = 'https://acme.my.salesforce.com';
const fake = createFakeSalesforce();
const upstream = fake.upstream;
const FAKE = fake.origin;
const TOKEN = FAKE_ACCESS_TOKEN;
const AUTH = { access_token: TOKEN, instance_url: INSTANCE };
const JANE = JANE_CONTACT_ID;
const AGENT = PRIYA_USER_ID;

beforeAll(() => upstream.listen());
afterEach(() => fake.reset());
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
    contact_external_id: STALE_CONTACT_ID,
    contact_name: 'Jane Doe',
    contact_emails: ['Jane@Example.com'],
    contact_phones: ['+1 (415) 555-0132'],
  },
};

describe('Salesforce through the gateway', () => {
  it('answers 200 with the contact’s cases and tasks, valid against the contract', async () => {
    const response = await retrieve(talkdeskRequest);
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    // Jane's tasks, events and cases, newest first, linked on the user's instance; `note` is not a type
    // Salesforce serves, so it is ignored.
    expect(answer.map((item) => [item.id, item.type, item.date, item.status, item.priority])).toEqual([
      ['00TDn00000Zq7QwMAJ', 'task', '2025-03-20 00:00:00 UTC', 'new', 'high'],
      ['00UDn00000Fh2XyUAJ', 'event', '2025-03-18 16:00:00 UTC', 'closed', 'none'],
      ['500Dn00000Kx1AcIAJ', 'case', '2025-03-15 08:30:00 UTC', 'open', 'low'],
      ['00TDn00000Zq7QxMAJ', 'task', '2025-03-10 14:40:31 UTC', 'closed', 'normal'],
      ['500Dn00000Kx1AaIAJ', 'case', '2025-03-10 14:22:05 UTC', 'open', 'high'],
      ['500Dn00000Kx1AbIAJ', 'case', '2025-02-01 09:00:00 UTC', 'closed', 'normal'],
      ['500Dn00000Kx1AdIAJ', 'case', '2025-01-20 17:45:12 UTC', 'closed', 'none'],
    ]);
    expect(answer.find((item) => item.id === '500Dn00000Kx1AaIAJ')).toMatchObject({
      subject: 'Order #4521 arrived damaged',
      description: 'The box was crushed on arrival & the lamp inside is broken. Photos attached.',
      url: `${INSTANCE}/lightning/r/Case/500Dn00000Kx1AaIAJ/view`,
    });
    for (const item of answer) expect(item.url?.startsWith(`${INSTANCE}/lightning/r/`)).toBe(true);
    // Round 1, in parallel: the stale id's query (no row), the SOSL search by email and the org's case
    // statuses; round 2: one query for Jane with her cases, tasks and events. Four calls, two rounds.
    const sent = upstream.requests.map((request) => {
      const q = request.query.get('q') ?? '';
      return `${request.path} ${q.includes('FROM Contact WHERE Id IN') ? q.slice(q.lastIndexOf(' FROM ') + 1) : q}`;
    });
    expect(sent.slice(0, 3).sort()).toEqual([
      `/services/data/v66.0/query FROM Contact WHERE Id IN ('${STALE_CONTACT_ID}')`,
      '/services/data/v66.0/query SELECT ApiName, MasterLabel, IsClosed, IsDefault FROM CaseStatus',
      '/services/data/v66.0/search/ FIND {"jane@example.com"} IN EMAIL FIELDS RETURNING ' +
        'Contact(Id, Email LIMIT 50), Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    ]);
    expect(sent.slice(3)).toEqual([
      `/services/data/v66.0/query FROM Contact WHERE Id IN ('${JANE_CONTACT_ID}')`,
    ]);
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
    // No call is repeated (the refusal is answered at once) and nothing follows the first round.
    const sent = upstream.requests.map((request) => `${request.path} ${request.query.get('q')}`);
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.some((call) => call.includes(JANE_CONTACT_ID))).toBe(false);
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
    expect(page.synchronization_checkpoint).toBe('2025-03-02 08:15:30 UTC');
    expect(page.next_offset).toBeUndefined();
    expect(page.contacts.map((contact) => contact.id)).toEqual([
      JANE,
      '003Dn00000QX9fNIAT',
      '003Dn00000QX9fOIAT',
      '003Dn00000QX9fPIAT',
    ]);
    expect(page.contacts[0]).toEqual({
      id: JANE,
      name: 'Jane Doe',
      company: 'Example Inc',
      title: 'Head of Operations',
      emails: ['jane@example.com'],
      phones: ['(415) 555-0132', '+14155550177', '415.555.0132'],
      photo_url: `${INSTANCE}/services/images/photo/${JANE}`,
      address: '1 Market St, Suite 300, San Francisco, CA 94105, United States',
      websites: ['www.example.com'],
      url: `${INSTANCE}/lightning/r/Contact/${JANE}/view`,
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
      agents: [
        { id: AGENT, name: 'Priya Raman', email: 'priya.raman@acme.example' },
        { id: LUIS_USER_ID, name: 'Luis Ortega', email: 'luis.ortega@acme.example' },
        { id: MEI_USER_ID, name: 'Mei Chen', email: 'mei.chen@acme.example' },
      ],
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
    const newTask = fake.created.find((created) => created.object === 'Task')?.id;
    expect(newTask).toMatch(/^00T/);
    expect(await response.json()).toEqual({
      message: `Call logged on Contact ${JANE} (Task ${newTask})`,
      external_id: newTask,
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
