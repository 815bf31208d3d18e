// Auth validation, contact and agent synchronization, and the actions, through core's pipeline against
// the fake org: what each hook sends (path, SOQL, body, auth) and what it answers.
import {
  executeAction,
  type PipelineOptions,
  synchronizeAgents,
  synchronizeContacts,
  validateAuthentication,
} from '@talkbridge/core';
import { contactSynchronizationResponseSchema } from '@talkbridge/core/contract';
import {
  bridgeErrorOf,
  cursorInOffset,
  FAST_RETRY,
  HttpResponse,
  http,
  offsetWithCursor,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import validationRule from './__fixtures__/composite-validation-rule.json' with { type: 'json' };
import invalidSession from './__fixtures__/error-invalid-session.json' with { type: 'json' };
import requestLimit from './__fixtures__/error-request-limit.json' with { type: 'json' };
import {
  createFakeSalesforce,
  FAKE_ACCESS_TOKEN,
  FAKE_API_PATH,
  INACTIVE_USER_ID,
  JANE_CONTACT_ID,
  LEE_LEAD_ID,
  LUIS_USER_ID,
  MARY_CONTACT_ID,
  MEI_USER_ID,
  PRIYA_USER_ID,
  STALE_CONTACT_ID,
} from './__fixtures__/fake-salesforce.js';
import { explain, noteHtml } from './salesforce-actions.js';
import { salesforce } from './salesforce-connector.js';
import { CONTACT_SYNC_FIELDS } from './salesforce-query.js';

const fake = createFakeSalesforce();
const upstream = fake.upstream;
const AUTH = { access_token: FAKE_ACCESS_TOKEN, instance_url: fake.origin };
const OPTIONS: PipelineOptions = {
  settings: { baseUrl: fake.origin },
  retry: FAST_RETRY,
  deadlineMs: 3_000,
};
const OMAR = '003Dn00000QX9fNIAT';
const ANA = '003Dn00000QX9fOIAT';
const SAM = '003Dn00000QX9fPIAT';

const failure = bridgeErrorOf;

const soqlSent = () =>
  upstream.requests
    .filter((request) => request.path === `${FAKE_API_PATH}/query`)
    .map((request) => request.query.get('q'));

/**
 * Answers POST /composite with `answer` and counts the calls (msw records a request's body after reading
 * it, so the handler's own count is the exact one).
 */
function compositeAnswers(answer: () => Response): { calls: number } {
  const counter = { calls: 0 };
  upstream.use(
    http.post(`${fake.origin}${FAKE_API_PATH}/composite`, () => {
      counter.calls += 1;
      return answer();
    }),
  );
  return counter;
}

beforeAll(() => upstream.listen());
afterEach(() => fake.reset());
afterAll(() => upstream.close());

describe('auth validation', () => {
  it('makes one GET of Resources by Version with the bearer token, and stores nothing', async () => {
    await expect(validateAuthentication(salesforce, { auth: AUTH }, OPTIONS)).resolves.toBeUndefined();
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/services/data/v66.0/');
    expect([...(request?.query.keys() ?? [])]).toEqual([]);
    expect(request?.headers.get('authorization')).toBe(`Bearer ${FAKE_ACCESS_TOKEN}`);
  });

  it('answers invalid_credentials for an expired session, without retrying or echoing the token', async () => {
    const error = await failure(
      validateAuthentication(salesforce, { auth: { ...AUTH, access_token: 'expired-7731' } }, OPTIONS),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(error.message).not.toContain('expired-7731');
    expect(upstream.requests).toHaveLength(1);
  });

  it('answers rate_limited when the org has used its daily API allowance', async () => {
    upstream.use(
      http.get(`${fake.origin}${FAKE_API_PATH}/`, () => HttpResponse.json(requestLimit, { status: 403 })),
    );
    expect((await failure(validateAuthentication(salesforce, { auth: AUTH }, OPTIONS))).code).toBe(
      'rate_limited',
    );
  });

  it('refuses an instance outside Salesforce before any request', async () => {
    const error = await failure(
      validateAuthentication(
        salesforce,
        { auth: { ...AUTH, instance_url: 'https://salesforce.com.evil.example' } },
        { ...OPTIONS, settings: {} },
      ),
    );
    expect(error.code).toBe('host_not_allowed');
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('contact synchronization', () => {
  const sync = (meta: Record<string, unknown>, pageSize = 2, settings: Record<string, unknown> = {}) =>
    synchronizeContacts(
      salesforce,
      { auth: AUTH, meta },
      { ...OPTIONS, settings: { baseUrl: fake.origin, ...settings }, pageSize },
    );

  it('asks for the first page with one SOQL query: every field, (SystemModstamp, Id) ascending, one extra', async () => {
    await sync({});
    expect(soqlSent()).toEqual([
      `SELECT ${CONTACT_SYNC_FIELDS} FROM Contact ORDER BY SystemModstamp ASC, Id ASC LIMIT 3`,
    ]);
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(`Bearer ${FAKE_ACCESS_TOKEN}`);
  });

  it('pages through every Contact once, across a page boundary inside an instant three of them share', async () => {
    const pages: string[][] = [];
    let offset: string | undefined;
    let checkpoint: string | undefined;
    do {
      const page = contactSynchronizationResponseSchema.parse(await sync(offset ? { offset } : {}));
      pages.push(page.contacts.map((contact) => contact.id));
      checkpoint = page.synchronization_checkpoint;
      offset = page.next_offset;
    } while (offset && pages.length < 10);

    // Jane, Omar and Ana all changed at 2025-03-01 12:00:00; the first page ends on Jane.
    expect(pages).toEqual([[MARY_CONTACT_ID, JANE_CONTACT_ID], [OMAR, ANA], [SAM]]);
    expect(checkpoint).toBe('2025-03-02 08:15:30 UTC');
    expect(soqlSent().map((soql) => soql?.replace(/^SELECT .+? FROM/, 'FROM'))).toEqual([
      'FROM Contact ORDER BY SystemModstamp ASC, Id ASC LIMIT 3',
      "FROM Contact WHERE (SystemModstamp > 2025-03-01T12:00:00Z OR (SystemModstamp = 2025-03-01T12:00:00Z AND Id > '003Dn00000QX9fLIAT')) ORDER BY SystemModstamp ASC, Id ASC LIMIT 3",
      "FROM Contact WHERE (SystemModstamp > 2025-03-01T12:00:00Z OR (SystemModstamp = 2025-03-01T12:00:00Z AND Id > '003Dn00000QX9fOIAT')) ORDER BY SystemModstamp ASC, Id ASC LIMIT 3",
    ]);
  });

  it('sends every field Salesforce has for the contact, with links on the instance', async () => {
    const page = await sync({}, 10);
    const byId = Object.fromEntries(page.contacts.map((contact) => [contact.id, contact]));
    expect(byId[JANE_CONTACT_ID]).toEqual({
      id: JANE_CONTACT_ID,
      name: 'Jane Doe',
      company: 'Example Inc',
      title: 'Head of Operations',
      emails: ['jane@example.com'],
      phones: ['(415) 555-0132', '+14155550177', '415.555.0132'],
      photo_url: `${fake.origin}/services/images/photo/${JANE_CONTACT_ID}`,
      address: '1 Market St, Suite 300, San Francisco, CA 94105, United States',
      websites: ['www.example.com'],
      url: `${fake.origin}/lightning/r/Contact/${JANE_CONTACT_ID}/view`,
    });
    // A private contact (no Account) without title or address: only what it has.
    expect(byId[SAM]).toEqual({
      id: SAM,
      name: 'Sam Okafor',
      emails: ['sam.okafor@home.example'],
      phones: ['07700 900461'],
      url: `${fake.origin}/lightning/r/Contact/${SAM}/view`,
    });
    expect(page.next_offset).toBeUndefined();
  });

  it('writes national numbers as E.164 in the phoneCountry, removing numbers it then sees twice', async () => {
    const page = await sync({}, 10, { phoneCountry: 'US' });
    const phones = Object.fromEntries(page.contacts.map((contact) => [contact.id, contact.phones]));
    expect(phones[JANE_CONTACT_ID]).toEqual(['+14155550132', '+14155550177']);
    expect(phones[OMAR]).toEqual(['+351210004411']);
    const gb = await sync({}, 10, { phoneCountry: 'GB' });
    expect(gb.contacts.find((contact) => contact.id === SAM)?.phones).toEqual(['+447700900461']);
  });

  it('syncs incrementally from the checkpoint, inclusive, reading 60 seconds back by default', async () => {
    const page = await sync({ synchronization_checkpoint: '2025-03-01 12:00:00 UTC' }, 10);
    expect(soqlSent()[0]).toContain(
      'FROM Contact WHERE SystemModstamp >= 2025-03-01T11:59:00Z ORDER BY SystemModstamp ASC, Id ASC LIMIT 11',
    );
    expect(page.contacts.map((contact) => contact.id)).toEqual([JANE_CONTACT_ID, OMAR, ANA, SAM]);
    expect(page.synchronization_checkpoint).toBe('2025-03-02 08:15:30 UTC');
  });

  it('reads from the checkpoint itself with contactSyncLookbackSeconds 0, still including its second', async () => {
    const page = await sync({ synchronization_checkpoint: '2025-03-01 12:00:00 UTC' }, 2, {
      contactSyncLookbackSeconds: 0,
    });
    expect(soqlSent()[0]).toContain('WHERE SystemModstamp >= 2025-03-01T12:00:00Z ORDER');
    expect(page.contacts.map((contact) => contact.id)).toEqual([JANE_CONTACT_ID, OMAR]);

    // The next page of the same incremental sync keeps both bounds.
    fake.reset();
    const next = await sync(
      { synchronization_checkpoint: '2025-03-01 12:00:00 UTC', offset: page.next_offset },
      2,
      { contactSyncLookbackSeconds: 0 },
    );
    expect(soqlSent()[0]).toContain(
      "WHERE SystemModstamp >= 2025-03-01T12:00:00Z AND (SystemModstamp > 2025-03-01T12:00:00Z OR (SystemModstamp = 2025-03-01T12:00:00Z AND Id > '003Dn00000QX9fNIAT'))",
    );
    expect(next.contacts.map((contact) => contact.id)).toEqual([ANA, SAM]);
    expect(next.next_offset).toBeUndefined();
  });

  it('follows nextRecordsUrl when Salesforce splits a page into batches', async () => {
    fake.batchSize = 1;
    const page = await sync({}, 2);
    expect(page.contacts.map((contact) => contact.id)).toEqual([MARY_CONTACT_ID, JANE_CONTACT_ID]);
    expect(page.next_offset).toBeDefined();
    expect(upstream.requests.map((request) => request.path)).toEqual([
      `${FAKE_API_PATH}/query`,
      expect.stringMatching(/\/query\/01gDn00000FakeQL\d\d-1$/),
      expect.stringMatching(/\/query\/01gDn00000FakeQL\d\d-1$/),
    ]);
  });

  it('offers a next page when Salesforce announces more records it did not send', async () => {
    upstream.use(
      http.get(`${fake.origin}${FAKE_API_PATH}/query`, () =>
        HttpResponse.json({
          totalSize: 40,
          done: false,
          nextRecordsUrl: 'https://elsewhere.example/next',
          records: [
            { Id: MARY_CONTACT_ID, Name: 'Mary Jane Watson', SystemModstamp: '2025-01-05T09:00:00.000+0000' },
          ],
        }),
      ),
    );
    const page = await sync({}, 5);
    expect(page.contacts.map((contact) => contact.id)).toEqual([MARY_CONTACT_ID]);
    expect(cursorInOffset(page.next_offset)).toEqual({
      modstamp: '2025-01-05T09:00:00.000Z',
      id: MARY_CONTACT_ID,
    });
  });

  it.each([
    ['not a cursor', 'page-2'],
    ['the string cursor of contract v1', `2025-03-01T12:00:00.000Z|${JANE_CONTACT_ID}`],
    ['an Account id', { modstamp: '2025-03-01T12:00:00.000Z', id: '001Dn00000Ab7xYIAR' }],
    ['SOQL in the id', { modstamp: '2025-03-01T12:00:00.000Z', id: "003' OR Id != '" }],
    ['an impossible instant', { modstamp: '2025-02-30T12:00:00.000Z', id: JANE_CONTACT_ID }],
    ['a datetime without milliseconds', { modstamp: '2025-03-01T12:00:00Z', id: JANE_CONTACT_ID }],
  ])('refuses a forged cursor (%s) before any request', async (_name, cursor) => {
    const error = await failure(sync({ offset: offsetWithCursor(cursor) }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers invalid_credentials for an expired session', async () => {
    const error = await failure(
      synchronizeContacts(salesforce, { auth: { ...AUTH, access_token: 'old' } }, OPTIONS),
    );
    expect(error.code).toBe('invalid_credentials');
  });
});

describe('agent synchronization', () => {
  const sync = (meta: Record<string, unknown> = {}, pageSize = 100) =>
    synchronizeAgents(salesforce, { auth: AUTH, meta }, { ...OPTIONS, pageSize });

  it('lists active internal users with one SOQL query, by id', async () => {
    const page = await sync();
    expect(soqlSent()).toEqual([
      "SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' ORDER BY Id ASC LIMIT 101",
    ]);
    expect(page).toEqual({
      agents: [
        { id: PRIYA_USER_ID, name: 'Priya Raman', email: 'priya.raman@acme.example' },
        { id: LUIS_USER_ID, name: 'Luis Ortega', email: 'luis.ortega@acme.example' },
        { id: MEI_USER_ID, name: 'Mei Chen', email: 'mei.chen@acme.example' },
      ],
    });
  });

  it('pages with the last user id', async () => {
    const first = await sync({}, 2);
    expect(first.agents.map((agent) => agent.id)).toEqual([PRIYA_USER_ID, LUIS_USER_ID]);
    expect(cursorInOffset(first.next_offset)).toBe(LUIS_USER_ID);
    const second = await sync({ offset: first.next_offset }, 2);
    expect(soqlSent()[1]).toBe(
      `SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard' AND Id > '${LUIS_USER_ID}' ORDER BY Id ASC LIMIT 3`,
    );
    expect(second).toEqual({
      agents: [{ id: MEI_USER_ID, name: 'Mei Chen', email: 'mei.chen@acme.example' }],
    });
  });

  it.each([['x'], [JANE_CONTACT_ID], ["005' OR Name != '"]])(
    'refuses a forged cursor (%s) before any request',
    async (cursor) => {
      const error = await failure(sync({ offset: offsetWithCursor(cursor) }));
      expect(error.code).toBe('invalid_request');
      expect(upstream.requests).toHaveLength(0);
    },
  );
});

describe('action log_call', () => {
  const logCall = (
    data: Record<string, unknown>,
    meta: Record<string, unknown> = {},
    settings: Record<string, unknown> = {},
  ) =>
    executeAction(
      salesforce,
      'log_call',
      { auth: AUTH, meta, data },
      { ...OPTIONS, settings: { baseUrl: fake.origin, ...settings } },
    );

  it('creates a completed call Task on the contact, owned by the agent, in one Composite call', async () => {
    // A fixed clock (Date only; timers stay real): the Task's date cannot change at midnight mid-test.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-06-01T23:59:59.900Z') });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const answer = await logCall(
      {
        subject: 'Inbound call',
        description: 'Asked about the replacement lamp.',
        duration: '184',
        direction: 'Inbound',
        result: 'Resolved',
      },
      { contact_external_id: JANE_CONTACT_ID, agent_external_id: PRIYA_USER_ID },
    );
    expect(upstream.requests).toHaveLength(1);
    const [request] = upstream.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/services/data/v66.0/composite');
    expect(request?.headers.get('authorization')).toBe(`Bearer ${FAKE_ACCESS_TOKEN}`);
    expect(request?.headers.get('idempotency-key')).toBeNull();
    expect(request?.json).toEqual({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v66.0/sobjects/Task',
          referenceId: 'call',
          body: {
            Subject: 'Inbound call',
            Description: 'Asked about the replacement lamp.',
            WhoId: JANE_CONTACT_ID,
            OwnerId: PRIYA_USER_ID,
            TaskSubtype: 'Call',
            Status: 'Completed',
            ActivityDate: '2026-06-01',
            CallDurationInSeconds: 184,
            CallType: 'Inbound',
            CallDisposition: 'Resolved',
          },
        },
      ],
    });
    const [task] = fake.created;
    expect(task?.object).toBe('Task');
    expect(answer).toEqual({
      message: `Call logged on Contact ${JANE_CONTACT_ID} (Task ${task?.id})`,
      external_id: task?.id,
    });
  });

  it('sends only what it was given: no owner, duration, type or result when absent', async () => {
    await logCall(
      { subject: 'Missed call' },
      { contact_external_id: LEE_LEAD_ID },
      { logCallStatus: 'Deferred' },
    );
    const body = (fake.composites[0]?.compositeRequest[0]?.body ?? {}) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['ActivityDate', 'Status', 'Subject', 'TaskSubtype', 'WhoId']);
    expect(body).toMatchObject({ WhoId: LEE_LEAD_ID, Status: 'Deferred' });
  });

  it('finds the person by data.contact_email (exact match, Contact first) with one SOSL search', async () => {
    const answer = await logCall({ subject: 'Call', contact_email: ' Jane@Example.com ' });
    expect(upstream.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /services/data/v66.0/search/',
      'POST /services/data/v66.0/composite',
    ]);
    expect(upstream.requests[0]?.query.get('q')).toBe(
      'FIND {"jane@example.com"} IN EMAIL FIELDS RETURNING Contact(Id, Email LIMIT 50), ' +
        'Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    );
    // mary.jane@example.com matches the search words too, and is someone else.
    expect(fake.composites[0]?.compositeRequest[0]?.body.WhoId).toBe(JANE_CONTACT_ID);
    expect(answer.message).toContain(`Contact ${JANE_CONTACT_ID}`);
  });

  it('answers action_failed, creating nothing, when nobody has the email', async () => {
    const error = await failure(logCall({ subject: 'Call', contact_email: 'nobody@example.org' }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe('No Salesforce Contact or Lead has the email in data.contact_email');
    expect(fake.composites).toHaveLength(0);
  });

  it('refuses with invalid_request naming the field, sending nothing, without a contact id or email', async () => {
    const error = await failure(logCall({ subject: 'Call' }));
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['data.contact_email']);
    expect(error.message).toContain('meta.contact_external_id or data.contact_email');
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses malformed inputs with invalid_request naming each, before any request', async () => {
    const error = await failure(
      logCall(
        { subject: 'Call', duration: '3 minutes', direction: 'sideways' },
        { contact_external_id: '001Dn00000Ab7xYIAR', agent_external_id: 'agent-7' },
      ),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual([
      'data.duration',
      'data.direction',
      'meta.agent_external_id',
      'meta.contact_external_id',
    ]);
    expect(upstream.requests).toHaveLength(0);
  });

  it('explains a stale contact id (merged away) as action_failed', async () => {
    const error = await failure(logCall({ subject: 'Call' }, { contact_external_id: STALE_CONTACT_ID }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Salesforce did not log the call: no Contact or Lead has this id, or it was deleted or merged (INVALID_CROSS_REFERENCE_KEY)',
    );
    expect(fake.created).toEqual([]);
  });

  it('explains an agent who cannot own the task', async () => {
    const error = await failure(
      logCall(
        { subject: 'Call' },
        { contact_external_id: JANE_CONTACT_ID, agent_external_id: INACTIVE_USER_ID },
      ),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toContain('meta.agent_external_id is not an active user who can own a Task');
  });

  it('explains a logCallStatus the org does not have', async () => {
    const error = await failure(
      logCall({ subject: 'Call' }, { contact_external_id: JANE_CONTACT_ID }, { logCallStatus: 'Done' }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toContain('no task status like the configured logCallStatus');
  });

  it("shows a validation rule's own message, and does not retry the create", async () => {
    const composite = compositeAnswers(() => HttpResponse.json(validationRule));
    const error = await failure(logCall({ subject: 'Call' }, { contact_external_id: JANE_CONTACT_ID }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Salesforce did not log the call: a validation rule refused the Task: "Call Result is required when logging a call."',
    );
    expect(composite.calls).toBe(1);
  });

  it('is not retried after a 503 or a 500 (the task may exist)', async () => {
    for (const status of [503, 500]) {
      const composite = compositeAnswers(() =>
        HttpResponse.json([{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }], { status }),
      );
      const error = await failure(logCall({ subject: 'Call' }, { contact_external_id: JANE_CONTACT_ID }));
      expect(error.code).toBe('upstream_unavailable');
      expect(composite.calls).toBe(1);
      fake.reset();
    }
  });

  it('answers invalid_credentials for an expired session, and rate_limited at the daily limit', async () => {
    const expired = compositeAnswers(() => HttpResponse.json(invalidSession, { status: 401 }));
    expect((await failure(logCall({ subject: 'Call' }, { contact_external_id: JANE_CONTACT_ID }))).code).toBe(
      'invalid_credentials',
    );
    expect(expired.calls).toBe(1);
    fake.reset();
    const limited = compositeAnswers(() => HttpResponse.json(requestLimit, { status: 403 }));
    expect((await failure(logCall({ subject: 'Call' }, { contact_external_id: JANE_CONTACT_ID }))).code).toBe(
      'rate_limited',
    );
    expect(limited.calls).toBe(1);
  });

  it('cuts a subject longer than a Task subject may be', async () => {
    await logCall({ subject: 'x'.repeat(300) }, { contact_external_id: JANE_CONTACT_ID });
    const subject = String(fake.composites[0]?.compositeRequest[0]?.body.Subject);
    expect(subject).toHaveLength(255);
    expect(subject.endsWith('…')).toBe(true);
  });
});

describe('action create_note', () => {
  const createNote = (data: Record<string, unknown>, meta: Record<string, unknown> = {}) =>
    executeAction(salesforce, 'create_note', { auth: AUTH, meta, data }, OPTIONS);

  it('creates the note and its link to the person together, in one all-or-none Composite call', async () => {
    const answer = await createNote(
      { subject: 'Call summary', body: 'Wants a quote for 40 units.\nCall back on Friday.' },
      { contact_external_id: JANE_CONTACT_ID, agent_external_id: PRIYA_USER_ID },
    );
    expect(fake.composites).toHaveLength(1);
    expect(upstream.requests[0]?.path).toBe('/services/data/v66.0/composite');
    const sent = fake.composites[0];
    expect(sent?.allOrNone).toBe(true);
    expect(sent?.compositeRequest).toEqual([
      {
        method: 'POST',
        url: '/services/data/v66.0/sobjects/ContentNote',
        referenceId: 'note',
        body: { Title: 'Call summary', Content: expect.any(String) },
      },
      {
        method: 'POST',
        url: '/services/data/v66.0/sobjects/ContentDocumentLink',
        referenceId: 'link',
        body: { ContentDocumentId: '@{note.id}', LinkedEntityId: JANE_CONTACT_ID, ShareType: 'I' },
      },
    ]);
    const content = Buffer.from(String(sent?.compositeRequest[0]?.body.Content), 'base64').toString('utf8');
    expect(content).toBe('<p>Wants a quote for 40 units.</p><p>Call back on Friday.</p>');

    const [note, link] = fake.created;
    expect(note?.object).toBe('ContentNote');
    expect(link).toMatchObject({
      object: 'ContentDocumentLink',
      body: { ContentDocumentId: note?.id, LinkedEntityId: JANE_CONTACT_ID },
    });
    expect(answer).toEqual({
      message: `Note ${note?.id} added to Contact ${JANE_CONTACT_ID}`,
      external_id: note?.id,
    });
  });

  it('leaves nothing behind when the link is refused: the note is rolled back with it', async () => {
    const error = await failure(
      createNote({ subject: 'Summary', body: 'x' }, { contact_external_id: STALE_CONTACT_ID }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toContain('Salesforce did not add the note: no Contact or Lead has this id');
    expect(fake.created).toEqual([]);
    expect(fake.composites).toHaveLength(1);
  });

  it('adds a note without text to a Lead found by email', async () => {
    await createNote({ subject: 'Called', contact_email: 'lee.chen@prospect.example' });
    expect(fake.composites[0]?.compositeRequest[0]?.body).toEqual({ Title: 'Called' });
    expect(fake.composites[0]?.compositeRequest[1]?.body.LinkedEntityId).toBe(LEE_LEAD_ID);
  });

  it('is not retried after a 503', async () => {
    const composite = compositeAnswers(() => new HttpResponse(null, { status: 503 }));
    const error = await failure(createNote({ subject: 'Summary' }, { contact_external_id: JANE_CONTACT_ID }));
    expect(error.code).toBe('upstream_unavailable');
    expect(composite.calls).toBe(1);
  });
});

describe('action helpers', () => {
  it('writes note text as escaped HTML paragraphs', () => {
    expect(noteHtml('a < b & "c"\r\nline 2')).toBe('<p>a &lt; b &amp; &quot;c&quot;</p><p>line 2</p>');
  });

  it.each([
    [
      'Task',
      { errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Call_Reason__c'] },
      'this org requires more fields on a Task (Call_Reason__c)',
    ],
    [
      'Task',
      { errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', fields: [] },
      'the Salesforce user may not create this Task on the record (INSUFFICIENT_ACCESS_OR_READONLY)',
    ],
    [
      'ContentNote',
      { errorCode: 'INVALID_TYPE', fields: [] },
      'this org does not accept notes: are Notes enabled? (INVALID_TYPE)',
    ],
    [
      'Task',
      { errorCode: 'STRING_TOO_LONG', fields: ['CallDisposition'] },
      'CallDisposition is too long for the Task',
    ],
    [
      'Task',
      { errorCode: 'SOMETHING_NEW', fields: ['Weird field!'] },
      'the Task was refused (SOMETHING_NEW)',
    ],
  ] as const)('explains %s %j', (object, error, expected) => {
    expect(explain(object, { ...error, fields: [...error.fields], message: 'raw text with data' })).toBe(
      expected,
    );
  });
});
