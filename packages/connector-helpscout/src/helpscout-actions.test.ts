import { executeAction, type PipelineOptions } from '@talkbridge/core';
import {
  bridgeErrorOf,
  FAST_RETRY,
  type FakeUpstream,
  faults,
  HttpResponse,
  http,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeHelpScout,
  type FakeHelpScout,
  HELPSCOUT_TOKEN,
  janeRoe,
  validationError,
} from './__fixtures__/fake-helpscout.js';
import { helpscout } from './helpscout-connector.js';

const auth = { access_token: HELPSCOUT_TOKEN };

function withUpstream(upstream: FakeUpstream) {
  beforeAll(() => upstream.listen());
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());
}

const failure = bridgeErrorOf;

const callsOf = (upstream: FakeUpstream) =>
  upstream.requests.map((request) => `${request.method} ${request.path}`);
const posts = (upstream: FakeUpstream) => upstream.requests.filter((request) => request.method === 'POST');

function creator(upstream: FakeHelpScout, settings: Record<string, unknown> = {}) {
  const options: PipelineOptions = {
    settings: { baseUrl: upstream.origin, ...settings },
    retry: FAST_RETRY,
    deadlineMs: 3_000,
  };
  return (meta: Record<string, unknown>, data: Record<string, unknown>) =>
    executeAction(helpscout, 'create_ticket', { auth, meta, data }, options);
}

describe('create_ticket for a synced contact', () => {
  const upstream = createFakeHelpScout({ mailboxes: [{ id: 85, name: 'Support' }] });
  withUpstream(upstream);
  const create = creator(upstream);

  it('sends one POST /v2/conversations: a phone conversation for the customer, assigned to the agent', async () => {
    const answer = await create(
      { contact_external_id: '238604', agent_external_id: '7' },
      { subject: 'Call from Jane Roe', description: 'Asked for a replacement mug.', mailbox_id: '85' },
    );
    expect(callsOf(upstream)).toEqual(['POST /v2/conversations']);
    const request = upstream.requests[0]!;
    expect(request.headers.get('authorization')).toBe(`Bearer ${HELPSCOUT_TOKEN}`);
    expect(request.headers.get('content-type')).toMatch(/^application\/json/);
    expect([...request.query.keys()]).toEqual([]);
    expect(request.json).toEqual({
      subject: 'Call from Jane Roe',
      type: 'phone',
      mailboxId: 85,
      status: 'active',
      customer: { id: 238604 },
      threads: [{ type: 'phone', customer: { id: 238604 }, text: 'Asked for a replacement mug.' }],
      assignTo: 7,
    });
    const created = upstream.created.at(-1)!;
    expect(answer).toEqual({
      message: `Help Scout conversation ${created.id} created`,
      external_id: String(created.id),
    });
    expect(created.customerId).toBe(238604);
  });

  it('uses the integration’s mailboxId, leaves assignment to Help Scout without an agent, and the subject as text', async () => {
    const create85 = creator(upstream, { mailboxId: 85 });
    await create85({ contact_external_id: '238604' }, { subject: 'Missed call' });
    expect(callsOf(upstream)).toEqual(['POST /v2/conversations']);
    const body = upstream.requests[0]!.json as Record<string, unknown>;
    expect(body.mailboxId).toBe(85);
    expect(body).not.toHaveProperty('assignTo');
    expect(body.threads).toEqual([{ type: 'phone', customer: { id: 238604 }, text: 'Missed call' }]);
  });

  it('creates an email conversation (a customer thread) when data.type is email', async () => {
    await create(
      { contact_external_id: '238604' },
      { subject: 'Follow-up', type: 'Email', mailbox_id: '85' },
    );
    const body = upstream.requests[0]!.json as { type: string; threads: { type: string }[] };
    expect(body.type).toBe('email');
    expect(body.threads[0]?.type).toBe('customer');
  });

  it('reads the account’s inbox when none is configured and there is exactly one: 2 calls', async () => {
    await create({ contact_external_id: '238604' }, { subject: 'Missed call' });
    expect(callsOf(upstream)).toEqual(['GET /v2/mailboxes', 'POST /v2/conversations']);
    expect((upstream.requests[1]!.json as { mailboxId: number }).mailboxId).toBe(85);
  });

  it.each([
    [{ contact_external_id: 'jane' }, {}, 'meta.contact_external_id: expected a Help Scout customer id'],
    [
      { contact_external_id: '238604', agent_external_id: 'kim' },
      {},
      'meta.agent_external_id: expected a Help Scout user id',
    ],
    [
      { contact_external_id: '238604' },
      { mailbox_id: '85; DROP' },
      'data.mailbox_id: expected a Help Scout inbox id',
    ],
    [{ contact_external_id: '238604' }, { type: 'chat' }, 'data.type: expected phone or email'],
    [{}, {}, 'data.contact_email: a Help Scout conversation needs a customer'],
    [{}, { contact_email: 'not an address' }, 'data.contact_email: expected an email address'],
  ])(
    'refuses %j %j as invalid_request naming the field, before calling Help Scout',
    async (meta, data, message) => {
      const error = await failure(create(meta, { subject: 'Call', ...data }));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain(message);
      expect(upstream.requests).toHaveLength(0);
    },
  );
});

describe('create_ticket for a contact known by email only', () => {
  const upstream = createFakeHelpScout({ customers: [janeRoe] });
  withUpstream(upstream);
  const create = creator(upstream, { mailboxId: '85' });

  it('finds the customer by email and creates the conversation for its id: 2 calls', async () => {
    const answer = await create(
      { agent_external_id: '4' },
      { subject: 'Call', contact_email: 'Jane.Roe@example.com' },
    );
    expect(callsOf(upstream)).toEqual(['GET /v2/customers', 'POST /v2/conversations']);
    expect(upstream.requests[0]!.query.get('query')).toBe('(email:"jane.roe@example.com")');
    expect(upstream.requests[1]!.json).toMatchObject({ customer: { id: 238604 }, assignTo: 4 });
    expect(answer).not.toHaveProperty('contact_external_id');
  });

  it('lets Help Scout create a new customer and answers its id and URL: 3 calls', async () => {
    const answer = await create(
      {},
      { subject: 'Call', contact_email: 'sam.lee@example.org', contact_name: 'Sam J Lee' },
    );
    expect(callsOf(upstream)).toEqual([
      'GET /v2/customers',
      'POST /v2/conversations',
      `GET /v2/conversations/${answer.external_id}`,
    ]);
    const customer = { email: 'sam.lee@example.org', firstName: 'Sam J', lastName: 'Lee' };
    expect(upstream.requests[1]!.json).toMatchObject({
      customer,
      threads: [{ type: 'phone', customer, text: 'Call' }],
    });
    const created = upstream.customers.find((candidate) => candidate.emails.includes('sam.lee@example.org'));
    expect(answer).toEqual({
      message: `Help Scout conversation ${answer.external_id} created`,
      external_id: answer.external_id,
      contact_external_id: String(created?.id),
      contact_external_type: 'customer',
      contact_external_url: `https://secure.helpscout.net/customer/${created?.id}/0/`,
    });
  });

  it('still answers success when reading the new customer fails afterwards (no retry invited)', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/conversations/:id`, () => HttpResponse.json({}, { status: 500 })),
    );
    const answer = await create({}, { subject: 'Call', contact_email: 'alex@example.org' });
    expect(answer.external_id).toMatch(/^\d+$/);
    expect(answer).not.toHaveProperty('contact_external_id');
    expect(posts(upstream)).toHaveLength(1);
  });

  it('a failed customer search stays upstream_unavailable (only the create is read for field errors)', async () => {
    upstream.use(
      http.get(`${upstream.origin}/v2/customers`, () => validationError([{ path: 'query', message: 'bad' }])),
    );
    const error = await failure(create({}, { subject: 'Call', contact_email: 'alex@example.org' }));
    expect(error.code).toBe('upstream_unavailable');
    expect(posts(upstream)).toHaveLength(0);
  });
});

describe('create_ticket when Help Scout refuses', () => {
  const upstream = createFakeHelpScout({
    mailboxes: [
      { id: 85, name: 'Support' },
      { id: 86, name: 'Sales' },
    ],
  });
  withUpstream(upstream);
  const create = creator(upstream);

  it('names the field Help Scout refused (an agent it does not know), after one POST', async () => {
    const error = await failure(
      create(
        { contact_external_id: '238604', agent_external_id: '999' },
        { subject: 'Call', mailbox_id: '85' },
      ),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Help Scout refused the conversation: the agent (meta.agent_external_id 999): Invalid identifier',
    );
    expect(callsOf(upstream)).toEqual(['POST /v2/conversations']);
  });

  it('names an unknown inbox and customer, without echoing the rejected values or the body', async () => {
    const error = await failure(
      create({ contact_external_id: '123' }, { subject: 'Call', mailbox_id: '999' }),
    );
    expect(error.message).toBe(
      'Help Scout refused the conversation: the inbox (999): Invalid identifier; the customer (meta.contact_external_id 123): Invalid identifier',
    );
    expect(error.message).not.toContain('logRef');
    expect(posts(upstream)).toHaveLength(1);
  });

  /**
   * Every POST /v2/conversations answers `status`; counts them as they arrive (the recorded-request list
   * is filled asynchronously, so it may lag behind a failure that was answered at once).
   */
  function failingCreate(status: number, headers: Record<string, string> = {}): { posts: number } {
    const counter = { posts: 0 };
    upstream.use(
      http.post(`${upstream.origin}/v2/conversations`, () => {
        counter.posts += 1;
        return HttpResponse.json({ message: `failure ${status}` }, { status, headers });
      }),
    );
    return counter;
  }

  it.each([
    [400, 'Help Scout refused the conversation (400): check the inbox (85), the customer and the agent'],
    [403, 'Help Scout did not let the connected user create a conversation in inbox 85 (403)'],
    [413, 'The conversation is too large for Help Scout (at most 256 kB)'],
  ])('explains a %i without field errors as action_failed, after one POST', async (status, message) => {
    const counter = failingCreate(status);
    const error = await failure(
      create({ contact_external_id: '238604' }, { subject: 'Call', mailbox_id: '85' }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toContain(message);
    expect(counter.posts).toBe(1);
  });

  it.each([500, 502, 503])(
    'is not retried after a %i (it may have created the conversation)',
    async (status) => {
      const counter = failingCreate(status);
      const error = await failure(
        create({ contact_external_id: '238604' }, { subject: 'Call', mailbox_id: '85' }),
      );
      expect(error.code).toBe('upstream_unavailable');
      expect(counter.posts).toBe(1);
    },
  );

  it('is not retried after a 429 either (rate_limited, with the wait)', async () => {
    const counter = failingCreate(429, { 'x-ratelimit-retry-after': '3' });
    const error = await failure(
      create({ contact_external_id: '238604' }, { subject: 'Call', mailbox_id: '85' }),
    );
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(3);
    expect(counter.posts).toBe(1);
  });

  it('does not guess between several inboxes: action_failed naming them, nothing created', async () => {
    const error = await failure(create({ contact_external_id: '238604' }, { subject: 'Call' }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'This Help Scout account has several inboxes (85, 86): set the integration’s mailboxId option or the action’s mailbox_id input',
    );
    expect(callsOf(upstream)).toEqual(['GET /v2/mailboxes']);
  });

  it('a refused token is invalid_credentials', async () => {
    upstream.use(faults.unauthorized(upstream.origin));
    const error = await failure(
      create({ contact_external_id: '238604' }, { subject: 'Call', mailbox_id: '85' }),
    );
    expect(error.code).toBe('invalid_credentials');
  });
});
