// The four hooks besides interaction retrieval: auth validation, contact and agent synchronization, and the
// log_call / create_note actions, through core's pipeline against the fake Zoho CRM.
import {
  executeAction,
  type PipelineOptions,
  synchronizeAgents,
  synchronizeContacts,
  validateAuthentication,
} from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  cursorInOffset,
  FAST_RETRY,
  HttpResponse,
  http,
  offsetWithCursor,
  type RequestHandler,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CREATED_CALL_ID,
  CREATED_NOTE_ID,
  createZohoFake,
  JANE,
  KRIS,
  PATRICIA,
  ZOHO_TOKEN,
} from './__fixtures__/fake-zoho-crm.js';
import { zohoCallDuration } from './zoho-crm-actions.js';
import { zohoCrm } from './zoho-crm-connector.js';

const ORIGIN = 'https://www.zohoapis.eu';
const upstream = createZohoFake(ORIGIN);
const AUTH = { access_token: ZOHO_TOKEN, api_domain: ORIGIN };
const OPTIONS: PipelineOptions = {
  deadlineMs: 3_000,
  retry: FAST_RETRY,
};

/** A request as the service received it, recorded before it is answered. */
interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  json: unknown;
  url: URL;
}

// Recorded by a handler in front of the fake's: the record exists before the connector gets its answer, so
// counts are exact when an action returns (the shared recorder reads bodies after the fact).
const sent: SentRequest[] = [];
const seen = new Set<string>();
const recorder = http.all(`${ORIGIN}/*`, async ({ request, requestId }) => {
  // `useUpstream` puts a second recorder in front of the overrides: one record per request all the same.
  if (seen.has(requestId)) return undefined;
  seen.add(requestId);
  const url = new URL(request.url);
  const text = request.method === 'GET' ? '' : await request.clone().text();
  sent.push({
    method: request.method,
    path: url.pathname,
    query: url.searchParams,
    headers: request.headers,
    json: text ? JSON.parse(text) : undefined,
    url,
  });
  return undefined;
});

/** Handlers in front of the fake's, with the recorder still first. */
function useUpstream(...handlers: RequestHandler[]): void {
  upstream.use(...handlers);
  upstream.use(recorder);
}

beforeAll(() => upstream.listen());
beforeEach(() => {
  sent.length = 0;
  upstream.use(recorder);
});
afterEach(() => {
  upstream.reset();
  vi.useRealTimers();
});
afterAll(() => upstream.close());

const failure = bridgeErrorOf;

const calls = () => sent.map((request) => `${request.method} ${request.path}`);
const coqlQueries = () =>
  sent
    .filter((request) => request.path === '/crm/v8/coql')
    .map((request) => (request.json as { select_query: string }).select_query);
const posted = (path: string) => sent.filter((request) => request.method === 'POST' && request.path === path);

const SYNC_SELECT =
  'select id, Full_Name, First_Name, Last_Name, Title, Email, Secondary_Email, Phone, Mobile, Home_Phone, ' +
  'Other_Phone, Asst_Phone, Mailing_Street, Mailing_City, Mailing_State, Mailing_Zip, Mailing_Country, ' +
  'Twitter, Account_Name.Account_Name, Account_Name.Website, Modified_Time from Contacts';
const SYNC_ORDER = 'order by Modified_Time asc, id asc';

const CHRIS_ID = '3652397000000624002';
const MAREK_ID = '3652397000000624003';
const AIKO_ID = '3652397000000624004';
const SAM_ID = '3652397000000624005';

describe('auth validation', () => {
  it('one call: GET /users?type=CurrentUser with the token; nothing to store', async () => {
    expect(await validateAuthentication(zohoCrm, { auth: AUTH }, OPTIONS)).toBeUndefined();
    expect(calls()).toEqual(['GET /crm/v8/users']);
    const [request] = sent;
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ type: 'CurrentUser' });
    expect(request?.headers.get('authorization')).toBe(`Zoho-oauthtoken ${ZOHO_TOKEN}`);
    expect(request?.url.origin).toBe(ORIGIN);
  });

  it('a token Zoho refuses (expired, or without the users scope) is invalid_credentials', async () => {
    const expired = await failure(
      validateAuthentication(zohoCrm, { auth: { ...AUTH, access_token: '1000.expired' } }, OPTIONS),
    );
    expect(expired.code).toBe('invalid_credentials');
    useUpstream(
      http.get(`${ORIGIN}/crm/v8/users`, () =>
        HttpResponse.json(
          { code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'invalid oauth scope', status: 'error' },
          { status: 401 },
        ),
      ),
    );
    expect((await failure(validateAuthentication(zohoCrm, { auth: AUTH }, OPTIONS))).code).toBe(
      'invalid_credentials',
    );
  });
});

type SyncPage = Awaited<ReturnType<typeof synchronizeContacts>>;

async function syncAll(meta: Record<string, string>, pageSize: number): Promise<SyncPage[]> {
  const pages: SyncPage[] = [];
  let offset: string | undefined;
  do {
    const page = await synchronizeContacts(
      zohoCrm,
      { auth: AUTH, meta: { ...meta, ...(offset ? { offset } : {}) } },
      { ...OPTIONS, pageSize },
    );
    pages.push(page);
    offset = page.next_offset;
  } while (offset && pages.length < 10);
  return pages;
}

describe('contact sync', () => {
  it('pages by (Modified_Time, id): contacts sharing an update second are neither skipped nor repeated', async () => {
    // Chris, Marek and Aiko were all updated at 2024-10-01 07:00:00 UTC (written in three offsets); Jane
    // and Sam at 2025-03-02 09:20:03 UTC. Pages of 2 cut through both groups.
    const pages = await syncAll({}, 2);
    expect(pages.map((page) => page.contacts.map((contact) => contact.id))).toEqual([
      [CHRIS_ID, MAREK_ID],
      [AIKO_ID, JANE.id],
      [SAM_ID],
    ]);
    expect(coqlQueries()).toEqual([
      `${SYNC_SELECT} where id is not null ${SYNC_ORDER} limit 2`,
      `${SYNC_SELECT} where (Modified_Time > '2024-10-01T07:00:00+00:00' or (Modified_Time = '2024-10-01T07:00:00+00:00' and id > ${MAREK_ID})) ${SYNC_ORDER} limit 2`,
      `${SYNC_SELECT} where (Modified_Time > '2025-03-02T09:20:03+00:00' or (Modified_Time = '2025-03-02T09:20:03+00:00' and id > ${JANE.id})) ${SYNC_ORDER} limit 2`,
    ]);
    for (const request of sent) {
      expect(request.method).toBe('POST');
      expect(request.headers.get('authorization')).toBe(`Zoho-oauthtoken ${ZOHO_TOKEN}`);
    }
    expect(cursorInOffset(pages[0]?.next_offset)).toEqual({ seconds: 1727766000, id: MAREK_ID });
    expect(pages[2]?.next_offset).toBeUndefined();
    expect(pages.map((page) => page.synchronization_checkpoint)).toEqual([
      '2024-10-01 07:00:00 UTC',
      '2025-03-02 09:20:03 UTC',
      '2025-03-02 09:20:03 UTC',
    ]);
  });

  it('one page holds everything when the page size allows: no offset', async () => {
    const [page, ...rest] = await syncAll({}, 100);
    expect(rest).toEqual([]);
    expect(page?.contacts.map((contact) => contact.id)).toEqual([
      CHRIS_ID,
      MAREK_ID,
      AIKO_ID,
      JANE.id,
      SAM_ID,
    ]);
    expect(page?.next_offset).toBeUndefined();
    expect(coqlQueries()).toEqual([`${SYNC_SELECT} where id is not null ${SYNC_ORDER} limit 100`]);
  });

  it('returns every field Zoho has for a contact', async () => {
    const [page] = await syncAll({}, 100);
    const byId = new Map(page?.contacts.map((contact) => [contact.id, contact]));
    expect(byId.get(JANE.id)).toEqual({
      id: JANE.id,
      name: 'Jane Roe',
      company: 'Zylker',
      title: 'Head of Operations',
      emails: ['Jane.Roe@zylker.example'],
      phones: ['+14155550142'],
      address: '4141 Hacienda Drive, Pleasanton, CA 94588, United States',
      websites: ['https://www.zylker.example'],
      twitter: 'janeroe',
      url: `https://crm.zoho.eu/crm/tab/Contacts/${JANE.id}`,
    });
    // A national number stays as stored (no country to read it in); both emails.
    expect(byId.get(CHRIS_ID)).toMatchObject({
      emails: ['chris.doe@zylker.example', 'chris@home.example'],
      phones: ['020 7946 0958'],
      address: 'London, United Kingdom',
      company: 'Zylker',
    });
    expect(byId.get(CHRIS_ID)?.title).toBeUndefined();
    // No account: no company or website; the same email twice is one; a handle written with @.
    expect(byId.get(MAREK_ID)).toEqual({
      id: MAREK_ID,
      name: 'Marek Nowak',
      emails: ['marek.nowak@vistula.example'],
      twitter: 'mareknowak',
      url: `https://crm.zoho.eu/crm/tab/Contacts/${MAREK_ID}`,
    });
    expect(byId.get(AIKO_ID)).toMatchObject({ phones: ['+81312345678', '+819012345678'], twitter: 'aiko_t' });
    expect(byId.get(SAM_ID)?.phones).toEqual(['+441614960000', '+441614960001']);
  });

  it('links open in the configured organisation', async () => {
    const page = await synchronizeContacts(
      zohoCrm,
      { auth: AUTH },
      { ...OPTIONS, settings: { orgId: '20071234' } },
    );
    expect(page.contacts[0]?.url).toBe(`https://crm.zoho.eu/crm/org20071234/tab/Contacts/${CHRIS_ID}`);
  });

  it('incremental: contacts updated at or after the checkpoint, the checkpoint’s own second included', async () => {
    const page = await synchronizeContacts(
      zohoCrm,
      { auth: AUTH, meta: { synchronization_checkpoint: '2025-03-02 09:20:03 UTC' } },
      OPTIONS,
    );
    expect(coqlQueries()).toEqual([
      `${SYNC_SELECT} where Modified_Time >= '2025-03-02T09:20:03+00:00' ${SYNC_ORDER} limit 100`,
    ]);
    expect(page.contacts.map((contact) => contact.id)).toEqual([JANE.id, SAM_ID]);
    expect(page.synchronization_checkpoint).toBe('2025-03-02 09:20:03 UTC');
  });

  it('incremental over pages: the next page continues from the keyset, still never before the checkpoint', async () => {
    const pages = await syncAll({ synchronization_checkpoint: '2024-10-01 07:00:00 UTC' }, 2);
    expect(pages.flatMap((page) => page.contacts.map((contact) => contact.id))).toEqual([
      CHRIS_ID,
      MAREK_ID,
      AIKO_ID,
      JANE.id,
      SAM_ID,
    ]);
    expect(coqlQueries()[0]).toBe(
      `${SYNC_SELECT} where Modified_Time >= '2024-10-01T07:00:00+00:00' ${SYNC_ORDER} limit 2`,
    );
    expect(coqlQueries()[1]).toContain(`and id > ${MAREK_ID})) ${SYNC_ORDER} limit 2`);
    expect(pages.at(-1)?.synchronization_checkpoint).toBe('2025-03-02 09:20:03 UTC');
  });

  it('asks for at most 2000 contacts a page (COQL’s limit)', async () => {
    await synchronizeContacts(zohoCrm, { auth: AUTH }, { ...OPTIONS, pageSize: 5000 });
    expect(coqlQueries()[0]).toMatch(/ limit 2000$/);
  });

  it('204 No Content is an empty page without an offset', async () => {
    useUpstream(http.post(`${ORIGIN}/crm/v8/coql`, () => new HttpResponse(null, { status: 204 })));
    const page = await synchronizeContacts(zohoCrm, { auth: AUTH }, OPTIONS);
    expect(page.contacts).toEqual([]);
    expect(page.next_offset).toBeUndefined();
  });

  it('without more_records, a full page is taken to have more', async () => {
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/coql`, () =>
        HttpResponse.json({
          data: [{ id: CHRIS_ID, Full_Name: 'Chris Doe', Modified_Time: '2024-10-01T08:00:00+01:00' }],
        }),
      ),
    );
    const page = await synchronizeContacts(zohoCrm, { auth: AUTH }, { ...OPTIONS, pageSize: 1 });
    expect(cursorInOffset(page.next_offset)).toEqual({ seconds: 1727766000, id: CHRIS_ID });
  });

  it.each([
    ['a v1 string cursor', `1727766000:${CHRIS_ID}`],
    ['no id', { seconds: 1727766000 }],
    ['a time that is no number', { seconds: 'x', id: CHRIS_ID }],
    ['a negative time', { seconds: -1, id: CHRIS_ID }],
    ['a time past year 5000', { seconds: 123456789012, id: CHRIS_ID }],
    ['an id too long for Zoho', { seconds: 1727766000, id: '9'.repeat(21) }],
    ['a query in the id', { seconds: 1727766000, id: '1) or (id is not null' }],
  ])('a cursor it did not issue is invalid_request, with nothing sent: %s', async (_, cursor) => {
    const error = await failure(
      synchronizeContacts(zohoCrm, { auth: AUTH, meta: { offset: offsetWithCursor(cursor) } }, OPTIONS),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('meta.offset: not an offset this bridge issued');
    expect(sent).toHaveLength(0);
  });

  it('a contact without Modified_Time is an invalid answer, not a skipped contact', async () => {
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/coql`, () =>
        HttpResponse.json({
          data: [{ id: CHRIS_ID, Full_Name: 'Chris Doe' }],
          info: { more_records: false },
        }),
      ),
    );
    expect((await failure(synchronizeContacts(zohoCrm, { auth: AUTH }, OPTIONS))).code).toBe(
      'upstream_invalid_response',
    );
  });
});

describe('agent sync', () => {
  it('pages through the active users with page and per_page', async () => {
    const first = await synchronizeAgents(zohoCrm, { auth: AUTH }, { ...OPTIONS, pageSize: 2 });
    expect(first.agents).toEqual([
      { id: PATRICIA.id, name: 'Patricia Boyle', email: 'p.boyle@zylker.com' },
      { id: '3652397000000186023', name: 'Ravi Menon', email: 'ravi.menon@zylker.com' },
    ]);
    expect(cursorInOffset(first.next_offset)).toEqual({ page: 2, perPage: 2 });
    const second = await synchronizeAgents(
      zohoCrm,
      { auth: AUTH, meta: { offset: first.next_offset } },
      { ...OPTIONS, pageSize: 2 },
    );
    // No full_name: first and last name.
    expect(second.agents).toEqual([
      { id: '3652397000000186031', name: 'Lena Hoffmann', email: 'lena.hoffmann@zylker.com' },
    ]);
    expect(second.next_offset).toBeUndefined();
    expect(calls()).toEqual(['GET /crm/v8/users', 'GET /crm/v8/users']);
    expect(sent.map((request) => Object.fromEntries(request.query))).toEqual([
      { type: 'ActiveUsers', page: '1', per_page: '2' },
      { type: 'ActiveUsers', page: '2', per_page: '2' },
    ]);
  });

  it('one page of up to 200 users (Zoho’s maximum per_page)', async () => {
    const page = await synchronizeAgents(zohoCrm, { auth: AUTH }, { ...OPTIONS, pageSize: 500 });
    expect(page.agents).toHaveLength(3);
    expect(page.next_offset).toBeUndefined();
    expect(sent[0]?.query.get('per_page')).toBe('200');
  });

  it('leaves out a user without an email (Talkdesk needs one)', async () => {
    useUpstream(
      http.get(`${ORIGIN}/crm/v8/users`, () =>
        HttpResponse.json({
          users: [
            { id: '3652397000000186099', full_name: 'Integration Bot', email: null },
            { id: PATRICIA.id, full_name: 'Patricia Boyle', email: 'p.boyle@zylker.com' },
          ],
          info: { per_page: 200, count: 2, page: 1, more_records: false },
        }),
      ),
    );
    const page = await synchronizeAgents(zohoCrm, { auth: AUTH }, OPTIONS);
    expect(page.agents.map((agent) => agent.id)).toEqual([PATRICIA.id]);
  });

  it.each([
    { page: 1, perPage: 2 },
    { page: 2, perPage: 0 },
    { page: 2, perPage: 500 },
    { page: 2.5, perPage: 2 },
    { page: 2 },
    '2:2',
  ])('a forged cursor is invalid_request: %j', async (cursor) => {
    const error = await failure(
      synchronizeAgents(zohoCrm, { auth: AUTH, meta: { offset: offsetWithCursor(cursor) } }, OPTIONS),
    );
    expect(error.code).toBe('invalid_request');
    expect(sent).toHaveLength(0);
  });
});

const runAction = (
  name: string,
  data: Record<string, unknown>,
  meta: Record<string, string> = {},
  options: PipelineOptions = {},
) => executeAction(zohoCrm, name, { auth: AUTH, meta, data }, { ...OPTIONS, ...options });

/** The records of the first create sent to `path` (`{ data: [record] }`). */
function createdRecords(path: string): Record<string, unknown>[] {
  const [request] = posted(path);
  if (!request) throw new Error(`no POST ${path} was sent`);
  return (request.json as { data: Record<string, unknown>[] }).data;
}
const callBody = () => createdRecords('/crm/v8/Calls');
const noteBody = () => createdRecords('/crm/v8/Notes');

describe('log_call', () => {
  it('on a Contact: one POST /Calls with Who_Id and the agent as Owner', async () => {
    const answer = await runAction(
      'log_call',
      {
        subject: 'Talkdesk call',
        description: 'Asked about the renewal.',
        direction: 'Outbound',
        duration: '185',
        started_at: '2025-03-02T10:20:03+01:00',
      },
      { contact_external_id: JANE.id, agent_external_id: PATRICIA.id },
    );
    expect(answer).toEqual({
      message: `Call ${CREATED_CALL_ID} logged on Contact ${JANE.id}`,
      external_id: CREATED_CALL_ID,
    });
    expect(calls()).toEqual(['POST /crm/v8/Calls']);
    expect(callBody()).toEqual([
      {
        Subject: 'Talkdesk call',
        Call_Type: 'Outbound',
        Call_Start_Time: '2025-03-02T09:20:03+00:00',
        Call_Duration: '03:05',
        Description: 'Asked about the renewal.',
        Who_Id: { id: JANE.id },
        Owner: { id: PATRICIA.id },
      },
    ]);
    const [post] = posted('/crm/v8/Calls');
    expect(post?.headers.get('authorization')).toBe(`Zoho-oauthtoken ${ZOHO_TOKEN}`);
    expect(post?.headers.get('content-type')).toContain('application/json');
  });

  it('on a Lead: Zoho refuses the id as a Contact (nothing created), so the call goes to the Lead', async () => {
    const answer = await runAction(
      'log_call',
      { subject: 'Pricing question', duration: '60' },
      { contact_external_id: KRIS.id },
    );
    expect(calls()).toEqual(['POST /crm/v8/Calls', 'POST /crm/v8/Calls']);
    const [asContact, asLead] = posted('/crm/v8/Calls').map(
      (request) => (request.json as { data: Record<string, unknown>[] }).data[0],
    );
    expect(asContact).toMatchObject({ Who_Id: { id: KRIS.id } });
    expect(asLead).toMatchObject({ What_Id: { id: KRIS.id }, $se_module: 'Leads', Call_Type: 'Inbound' });
    expect(asLead).not.toHaveProperty('Who_Id');
    expect(asLead).not.toHaveProperty('Owner');
    expect(answer.message).toBe(`Call ${CREATED_CALL_ID} logged on Lead ${KRIS.id}`);
  });

  it('without a start time the call ended now: it started duration seconds ago', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
    await runAction(
      'log_call',
      { subject: 'Quick call', duration: '3725' },
      { contact_external_id: JANE.id },
    );
    expect(callBody()[0]).toMatchObject({
      Call_Start_Time: '2025-06-01T10:57:55+00:00',
      Call_Duration: '62:05',
    });
  });

  it('a missed call has no duration', async () => {
    await runAction(
      'log_call',
      { subject: 'Missed call', direction: 'missed' },
      { contact_external_id: JANE.id },
    );
    expect(callBody()[0]).toMatchObject({ Call_Type: 'Missed' });
    expect(callBody()[0]).not.toHaveProperty('Call_Duration');
  });

  it('by contact_email when the call is not about a synced contact: searches, then the Contact', async () => {
    const answer = await runAction('log_call', { subject: 'Call', contact_email: 'JANE.ROE@zylker.example' });
    expect(calls().slice(0, 2).sort()).toEqual(['GET /crm/v8/Contacts/search', 'GET /crm/v8/Leads/search']);
    expect(sent[0]?.query.get('criteria')).toBe('(Email:equals:jane.roe@zylker.example)');
    expect(callBody()[0]).toMatchObject({ Who_Id: { id: JANE.id }, Call_Duration: '00:00' });
    expect(answer.message).toBe(`Call ${CREATED_CALL_ID} logged on Contact ${JANE.id}`);
  });

  it('with no contact at all the call is logged on its own', async () => {
    const answer = await runAction('log_call', { subject: 'Unknown caller' });
    expect(calls()).toEqual(['POST /crm/v8/Calls']);
    expect(callBody()[0]).not.toHaveProperty('Who_Id');
    expect(callBody()[0]).not.toHaveProperty('What_Id');
    expect(answer.message).toBe(`Call ${CREATED_CALL_ID} logged, not linked to a contact`);
  });

  it('an id that is neither a Contact nor a Lead: both refused, action_failed, nothing created', async () => {
    const byId = await failure(
      runAction('log_call', { subject: 'Call' }, { contact_external_id: '3652397000009999999' }),
    );
    expect(byId.code).toBe('action_failed');
    expect(byId.message).toBe('No Contact or Lead in Zoho CRM has the id 3652397000009999999');
    expect(calls()).toEqual(['POST /crm/v8/Calls', 'POST /crm/v8/Calls']);
  });

  it('an email nobody has: action_failed after the searches, nothing sent to Calls', async () => {
    const byEmail = await failure(
      runAction('log_call', { subject: 'Call', contact_email: 'nobody@example.com' }),
    );
    expect(byEmail.code).toBe('action_failed');
    expect(byEmail.message).toBe('No Contact or Lead in Zoho CRM has that contact_email');
    expect(calls().sort()).toEqual(['GET /crm/v8/Contacts/search', 'GET /crm/v8/Leads/search']);
  });

  it('a refusal of anything but the person is not tried again', async () => {
    const error = await failure(
      runAction(
        'log_call',
        { subject: 'Call' },
        { contact_external_id: KRIS.id, agent_external_id: '3652397000000186999' },
      ),
    );
    // The fake checks Who_Id first: the Lead attempt is refused for the Owner, and that ends it.
    expect(error.message).toBe(
      'Logging the call failed: Zoho CRM refused the record: Owner (from meta.agent_external_id) is not valid (INVALID_DATA)',
    );
    expect(posted('/crm/v8/Calls')).toHaveLength(2);
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/Calls`, () =>
        HttpResponse.json(
          {
            data: [
              {
                code: 'MANDATORY_NOT_FOUND',
                details: { api_name: 'Subject' },
                message: 'x',
                status: 'error',
              },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    sent.length = 0;
    await failure(runAction('log_call', { subject: 'Call' }, { contact_external_id: KRIS.id }));
    expect(posted('/crm/v8/Calls')).toHaveLength(1);
  });

  it.each([
    [{ direction: 'sideways' }, {}, 'data.direction'],
    [{ duration: '1.5' }, {}, 'data.duration'],
    [{ duration: '86401' }, {}, 'data.duration'],
    [{ started_at: 'yesterday' }, {}, 'data.started_at'],
    [{ started_at: '2025-03-02T10:20:03' }, {}, 'data.started_at'],
    [{ started_at: '2999-01-01T00:00:00Z' }, {}, 'data.started_at'],
    [{ contact_email: 'not an email' }, {}, 'data.contact_email'],
    [{}, { agent_external_id: 'patricia' }, 'meta.agent_external_id'],
    [{}, { contact_external_id: '../Leads/1' }, 'meta.contact_external_id'],
  ])('a bad input is invalid_request naming it, with nothing sent: %j %j', async (data, meta, path) => {
    const error = await failure(runAction('log_call', { subject: 'Call', ...data }, meta));
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([{ path, message: expect.any(String) }]);
    expect(sent).toHaveLength(0);
  });

  it('a record Zoho refuses (400) is action_failed naming the field and the input, sent once', async () => {
    const log = createCaptureLogger();
    const error = await failure(
      runAction(
        'log_call',
        { subject: 'Call', duration: '30' },
        { contact_external_id: JANE.id, agent_external_id: '3652397000000186999' },
        { log },
      ),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Logging the call failed: Zoho CRM refused the record: Owner (from meta.agent_external_id) is not valid (INVALID_DATA)',
    );
    expect(posted('/crm/v8/Calls')).toHaveLength(1);
    expect(`${error.message}${log.text()}`).not.toContain(ZOHO_TOKEN);
  });

  it('a refusal inside a 2xx answer is action_failed too', async () => {
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/Calls`, () =>
        HttpResponse.json({
          data: [
            {
              code: 'MANDATORY_NOT_FOUND',
              details: { api_name: 'Call_Duration', json_path: '$.data[0].Call_Duration' },
              message: 'required field not found',
              status: 'error',
            },
          ],
        }),
      ),
    );
    const error = await failure(runAction('log_call', { subject: 'Call' }, { contact_external_id: JANE.id }));
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Logging the call failed: Zoho CRM refused the record: Call_Duration (from data.duration) is required (MANDATORY_NOT_FOUND)',
    );
  });

  it('names the limit Zoho gives, and never repeats Zoho’s own message (it may quote the values)', async () => {
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/Calls`, () =>
        HttpResponse.json(
          {
            data: [
              {
                code: 'INVALID_DATA',
                details: { api_name: 'Subject', maximum_length: 255 },
                message: 'invalid data: Call about the secret project',
                status: 'error',
              },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(runAction('log_call', { subject: 'Call about the secret project' }));
    expect(error.message).toBe(
      'Logging the call failed: Zoho CRM refused the record: Subject (from data.subject) is not valid: at most 255 characters (INVALID_DATA)',
    );
  });

  it('a 5xx on the create is not retried (the call may exist): upstream_unavailable after one POST', async () => {
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/Calls`, () =>
        HttpResponse.json({ code: 'INTERNAL_ERROR', status: 'error' }, { status: 500 }),
      ),
    );
    const error = await failure(runAction('log_call', { subject: 'Call' }, { contact_external_id: JANE.id }));
    expect(error.code).toBe('upstream_unavailable');
    expect(calls()).toEqual(['POST /crm/v8/Calls']);
  });

  it('a read Zoho refuses with 400 stays an upstream failure: only write answers are action failures', async () => {
    useUpstream(
      http.get(`${ORIGIN}/crm/v8/Contacts/search`, () =>
        HttpResponse.json(
          {
            code: 'INVALID_DATA',
            details: { api_name: 'id' },
            message: 'the id given seems to be invalid.',
            status: 'error',
          },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(
      runAction('log_call', { subject: 'Call', contact_email: 'jane.roe@zylker.example' }),
    );
    expect(error.code).toBe('upstream_unavailable');
    expect(posted('/crm/v8/Calls')).toHaveLength(0);
  });

  it('a success without an id is an invalid answer', async () => {
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/Calls`, () =>
        HttpResponse.json({
          data: [{ code: 'SUCCESS', details: {}, message: 'record added', status: 'success' }],
        }),
      ),
    );
    expect((await failure(runAction('log_call', { subject: 'Call' }))).code).toBe(
      'upstream_invalid_response',
    );
  });

  it('durations in Zoho’s mm:ss', () => {
    expect(zohoCallDuration(0)).toBe('00:00');
    expect(zohoCallDuration(59)).toBe('00:59');
    expect(zohoCallDuration(185)).toBe('03:05');
    expect(zohoCallDuration(3725)).toBe('62:05');
  });
});

describe('create_note', () => {
  it('on a Contact: one POST /Notes with the title, the text and the parent module', async () => {
    const answer = await runAction(
      'create_note',
      { subject: 'Call summary', body: 'Wants a demo next week.' },
      { contact_external_id: JANE.id, agent_external_id: PATRICIA.id },
    );
    expect(answer).toEqual({
      message: `Note ${CREATED_NOTE_ID} added to Contact ${JANE.id}`,
      external_id: CREATED_NOTE_ID,
    });
    expect(calls()).toEqual(['POST /crm/v8/Notes']);
    // Notes are owned by the token's user: the agent is not sent.
    expect(noteBody()).toEqual([
      {
        Note_Title: 'Call summary',
        Note_Content: 'Wants a demo next week.',
        Parent_Id: { module: { api_name: 'Contacts' }, id: JANE.id },
      },
    ]);
  });

  it('on a Lead, found by email; a note without text repeats its title', async () => {
    const answer = await runAction('create_note', {
      subject: 'Left a voicemail',
      contact_email: 'kris.marrier@king.example',
    });
    expect(noteBody()).toEqual([
      {
        Note_Title: 'Left a voicemail',
        Note_Content: 'Left a voicemail',
        Parent_Id: { module: { api_name: 'Leads' }, id: KRIS.id },
      },
    ]);
    expect(answer.message).toBe(`Note ${CREATED_NOTE_ID} added to Lead ${KRIS.id}`);
  });

  it('on a Lead by id: refused as a Contact’s note, then added to the Lead', async () => {
    const answer = await runAction(
      'create_note',
      { subject: 'Call summary' },
      { contact_external_id: KRIS.id },
    );
    expect(
      posted('/crm/v8/Notes').map(
        (request) => (request.json as { data: { Parent_Id: unknown }[] }).data[0]?.Parent_Id,
      ),
    ).toEqual([
      { module: { api_name: 'Contacts' }, id: KRIS.id },
      { module: { api_name: 'Leads' }, id: KRIS.id },
    ]);
    expect(answer.message).toBe(`Note ${CREATED_NOTE_ID} added to Lead ${KRIS.id}`);
  });

  it('a note needs a contact: invalid_request naming data.contact_email, without a request', async () => {
    const error = await failure(runAction('create_note', { subject: 'Orphan' }));
    expect(error.code).toBe('invalid_request');
    expect(error.issues).toEqual([{ path: 'data.contact_email', message: expect.any(String) }]);
    expect(error.message).toContain('meta.contact_external_id or data.contact_email');
    expect(sent).toHaveLength(0);
  });

  it('a note Zoho refuses is action_failed, sent once', async () => {
    useUpstream(
      http.post(`${ORIGIN}/crm/v8/Notes`, () =>
        HttpResponse.json(
          {
            data: [
              {
                code: 'INVALID_DATA',
                details: {
                  api_name: 'Note_Content',
                  json_path: '$.data[0].Note_Content',
                  maximum_length: 32000,
                },
                message: 'invalid data',
                status: 'error',
              },
            ],
          },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(
      runAction('create_note', { subject: 'Note' }, { contact_external_id: JANE.id }),
    );
    expect(error.code).toBe('action_failed');
    expect(error.message).toBe(
      'Adding the note failed: Zoho CRM refused the record: Note_Content (from data.body) is not valid: at most 32000 characters (INVALID_DATA)',
    );
    expect(posted('/crm/v8/Notes')).toHaveLength(1);
  });
});

describe('action configuration', () => {
  it('lower-case display and description, subject mandatory', () => {
    const actions = zohoCrm.actions ?? {};
    expect(Object.keys(actions)).toEqual(['log_call', 'create_note']);
    for (const action of Object.values(actions)) {
      expect(action.display).toBe(action.display.toLowerCase());
      expect(action.description).toMatch(/^[a-z]/);
      expect(action.inputs.filter((input) => input.mandatory).map((input) => input.key)).toEqual(['subject']);
    }
    expect(actions.log_call?.inputs.map((input) => input.key)).toEqual([
      'subject',
      'description',
      'direction',
      'duration',
      'started_at',
      'contact_email',
    ]);
    expect(actions.create_note?.inputs.map((input) => input.key)).toEqual([
      'subject',
      'body',
      'contact_email',
    ]);
  });
});
