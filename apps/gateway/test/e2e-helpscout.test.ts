// The Help Scout connector through the real gateway on a real port, against a fake Help Scout on msw.
import { helpscout } from '@talkbridge/connector-helpscout';
import {
  createFakeHelpScout,
  FAKE_ORIGIN as HELPSCOUT,
  HELPSCOUT_TOKEN as TOKEN,
} from '@talkbridge/connector-helpscout/fixtures';
import {
  contactSynchronizationResponseSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

const REFUSED_TOKEN = 'hs-e2e-revoked-84be0d1f';

// The connector's own fake Help Scout (msw, from Help Scout's documented payloads): Jane Roe and her
// conversations, the account's users and its one inbox.
const upstream = createFakeHelpScout();

/** The requests that reached the fake Help Scout (not the test's own calls to the gateway). */
const helpScoutCalls = () => upstream.requests.filter((request) => request.url.origin === HELPSCOUT);

beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const gateway = await startTestGateway(
  {
    integrations: {
      'helpscout-acme': { connector: 'helpscout', options: { baseUrl: upstream.origin, mailboxId: 85 } },
    },
  },
  [helpscout],
);

/** What Talkdesk sends for a contact it synced from Help Scout earlier (the id has since gone stale). */
const talkdeskRequest = (accessToken: string) => ({
  auth: { access_token: accessToken },
  meta: { interaction_types: ['conversation', 'call'] },
  data: {
    contact_external_id: '999999',
    contact_name: 'Jane Roe',
    contact_emails: ['Jane.Roe@example.com'],
    contact_phones: ['+15555550142'],
  },
});

describe('POST /integrations/helpscout-acme/interaction_retrieval', () => {
  it("answers 200 with Jane's conversations, spam left out, valid against the contract", async () => {
    const response = await gateway.post(
      '/integrations/helpscout-acme/interaction_retrieval',
      talkdeskRequest(TOKEN),
    );
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: '2391938111',
        subject: 'Order #8841 arrived damaged',
        description: 'Hi team, the box was crushed & the mug inside is broken. Can you send a replacement?',
        date: '2024-05-03 09:12:44 UTC',
        url: 'https://secure.helpscout.net/conversation/2391938111/1287/',
        type: 'conversation',
        priority: 'none',
        status: 'open',
      },
      {
        id: '2391921776',
        subject: 'Refund for a duplicate charge',
        description: "Customer called: charged twice on 28 April, waiting on the bank's confirmation.",
        date: '2024-04-28 15:03:27 UTC',
        url: 'https://secure.helpscout.net/conversation/2391921776/1279/',
        type: 'conversation',
        priority: 'none',
        status: 'pending',
      },
      {
        id: '2391900012',
        subject: 'Chat conversation #1270',
        description: 'Thanks for chatting with us! Your password reset link is on its way.',
        date: '2024-04-02 08:45:10 UTC',
        url: 'https://secure.helpscout.net/conversation/2391900012/1270/',
        type: 'conversation',
        priority: 'none',
        status: 'closed',
      },
    ]);
    // The stale id's conversations and the id itself in one round (its conversations thrown away), then one
    // email search, then the found customer's conversations.
    expect(helpScoutCalls().map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v2/conversations',
      'GET /v2/customers/999999',
      'GET /v2/customers',
      'GET /v2/conversations',
    ]);
    for (const request of helpScoutCalls())
      expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('answers 401 invalid_credentials when Help Scout refuses the token', async () => {
    const response = await gateway.post(
      '/integrations/helpscout-acme/interaction_retrieval',
      talkdeskRequest(REFUSED_TOKEN),
    );
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_credentials');
    expect(JSON.stringify(body)).not.toContain(REFUSED_TOKEN);
    // The first round's two calls, each refused once; nothing after.
    expect(helpScoutCalls().map((request) => request.path)).toEqual([
      '/v2/conversations',
      '/v2/customers/999999',
    ]);
  });

  it('answers 400 naming auth.access_token when it is missing', async () => {
    const response = await gateway.post('/integrations/helpscout-acme/interaction_retrieval', {
      ...talkdeskRequest(TOKEN),
      auth: {},
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['auth.access_token']);
    expect(helpScoutCalls()).toHaveLength(0);
  });
});

describe('POST /integrations/helpscout-acme/auth_validation', () => {
  it('answers 204 after one GET /v2/users/me with the token', async () => {
    const response = await gateway.post('/integrations/helpscout-acme/auth_validation', {
      auth: { access_token: TOKEN },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(helpScoutCalls().map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v2/users/me',
    ]);
    expect(helpScoutCalls()[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('answers 401 invalid_credentials for a token Help Scout refuses', async () => {
    const response = await gateway.post('/integrations/helpscout-acme/auth_validation', {
      auth: { access_token: REFUSED_TOKEN },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
  });
});

describe('POST /integrations/helpscout-acme/contact_synchronization', () => {
  it('answers 200 with the customers, valid against the contract, and a checkpoint', async () => {
    const response = await gateway.post('/integrations/helpscout-acme/contact_synchronization', {
      auth: { access_token: TOKEN },
      meta: { synchronization_checkpoint: '2024-05-01 00:00:00 UTC' },
    });
    expect(response.status).toBe(200);
    const answer = contactSynchronizationResponseSchema.parse(await response.json());
    expect(answer).toEqual({
      synchronization_checkpoint: '2024-05-03 09:15:11 UTC',
      contacts: [
        {
          id: '238604',
          name: 'Jane Roe',
          company: 'Acme, Inc',
          title: 'Office Manager',
          emails: ['jane.roe@example.com', 'jroe@home.example'],
          phones: ['(555) 555-0142'],
          address: 'Dallas, TX',
          photo_url: 'https://d33v4339jhl8k0.cloudfront.net/customer-avatar/05.png',
          twitter: 'janeroe',
          websites: ['https://acme.example'],
          url: 'https://secure.helpscout.net/customer/238604/0/',
        },
      ],
    });
    const [list] = helpScoutCalls();
    expect(helpScoutCalls()).toHaveLength(1);
    expect(list?.path).toBe('/v2/customers');
    expect(Object.fromEntries(list?.query ?? [])).toEqual({
      modifiedSince: '2024-04-30T23:59:59Z',
      sortField: 'modifiedAt',
      sortOrder: 'asc',
      page: '1',
    });
  });
});

describe('POST /integrations/helpscout-acme/actions/create_ticket', () => {
  it('answers 201 with the new conversation’s id, after one POST /v2/conversations', async () => {
    const response = await gateway.post('/integrations/helpscout-acme/actions/create_ticket', {
      auth: { access_token: TOKEN },
      meta: { contact_external_id: '238604', agent_external_id: '4' },
      data: { subject: 'Call from Jane Roe', description: 'Asked for a replacement mug.' },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      message: 'Help Scout conversation 2400000001 created',
      external_id: '2400000001',
    });
    expect(helpScoutCalls().map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v2/conversations',
    ]);
    expect(helpScoutCalls()[0]?.json).toEqual({
      subject: 'Call from Jane Roe',
      type: 'phone',
      mailboxId: 85,
      status: 'active',
      customer: { id: 238604 },
      threads: [{ type: 'phone', customer: { id: 238604 }, text: 'Asked for a replacement mug.' }],
      assignTo: 4,
    });
  });

  it('answers 400 invalid_request naming data.subject when it is missing, with nothing sent', async () => {
    const response = await gateway.post('/integrations/helpscout-acme/actions/create_ticket', {
      auth: { access_token: TOKEN },
      meta: { contact_external_id: '238604' },
      data: {},
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.issues.map((issue) => issue.path)).toEqual(['data.subject']);
    expect(helpScoutCalls()).toHaveLength(0);
  });
});

describe('the gateway logs', () => {
  // Runs last: every request above sent a token.
  it('never printed a token in the gateway logs', () => {
    expect(gateway.logs().length).toBeGreaterThan(0);
    const printed = `${JSON.stringify(gateway.logs())}\n${printedLogLines.join('\n')}`;
    expect(printed).not.toContain(TOKEN);
    expect(printed).not.toContain(REFUSED_TOKEN);
  });
});
