import { createMemoryRuntimeState, describeAuthFields } from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  HttpResponse,
  http,
  type RecordedRequest,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFreshdeskUpstream,
  FRESHDESK_API_KEY,
  FRESHDESK_AUTHORIZATION,
  fixtureContacts,
  fixtureTickets,
  freshdeskHandler,
} from './__fixtures__/fake-freshdesk.js';
import { freshdesk } from './freshdesk-connector.js';
import { FRESHDESK_ALL_TICKETS_SINCE } from './freshdesk-tickets.js';

const ORIGIN = 'https://acme.freshdesk.com';
const auth = { domain: 'acme', api_key: FRESHDESK_API_KEY };
const EMILY_TICKETS = ['20', '19', '17', '12', '11'];

const retrieve = retrievalHarness(freshdesk, { auth, types: ['ticket'] });

const failureOf = bridgeErrorOf;

const describeRequest = (request: RecordedRequest) => `${request.method} ${request.path}`;
const searchQueryOf = (request: RecordedRequest | undefined) => request?.query.get('query') ?? '';

describe('the Freshdesk connector against a fake account at its own origin', () => {
  const upstream = createFreshdeskUpstream(ORIGIN);
  beforeAll(() => upstream.listen());
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());

  describe('requests sent', () => {
    it('by external id: GET /tickets of every age beside GET /contacts/{id}, one round — 2 calls, Basic key:X', async () => {
      const answer = await retrieve({ contact_external_id: '432' });

      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      // The tickets are listed by the synced id while the id is checked, not after.
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/contacts/432',
      ]);
      for (const request of upstream.requests) {
        expect(request.url.origin).toBe(ORIGIN);
        expect(request.headers.get('authorization')).toBe(FRESHDESK_AUTHORIZATION);
        expect(request.headers.get('authorization')).toBe(
          `Basic ${Buffer.from(`${FRESHDESK_API_KEY}:X`).toString('base64')}`,
        );
        expect(request.headers.get('accept')).toBe('application/json');
      }
      const tickets = upstream.requests[0] as RecordedRequest;
      expect(Object.fromEntries(tickets.query)).toEqual({
        requester_id: '432',
        updated_since: '2000-01-01T00:00:00Z',
        order_by: 'created_at',
        order_type: 'desc',
        include: 'description',
        per_page: '50',
      });
    });

    it('answers in Talkdesk’s format, linking each ticket in the agent UI', async () => {
      const [newest] = await retrieve({ contact_external_id: '432' });
      expect(newest).toEqual({
        id: '20',
        subject: 'Order #1042 arrived damaged',
        description:
          'Hi team, The parcel for order #1042 arrived with a crushed corner & the lamp inside is broken. Emily',
        date: '2025-03-02 10:38:00 UTC',
        url: 'https://acme.freshdesk.com/a/tickets/20',
        type: 'ticket',
        priority: 'high',
        status: 'open',
      });
    });
  });

  describe('the 30-day default window of GET /tickets', () => {
    it('still returns tickets created long before the last 30 days, by sending updated_since', async () => {
      // The fake applies Freshdesk's rule against this clock: only ticket 20 is from the last 30 days.
      const now = () => Date.parse('2025-03-20T00:00:00Z');
      upstream.use(freshdeskHandler(ORIGIN, { now }));

      const bare = await fetch(`${ORIGIN}/api/v2/tickets?requester_id=432`, {
        headers: { authorization: FRESHDESK_AUTHORIZATION },
      });
      expect(((await bare.json()) as { id: number }[]).map((ticket) => ticket.id)).toEqual([20]);

      const answer = await retrieve({ contact_external_id: '432' });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      expect(answer.find((item) => item.id === '12')?.date).toBe('2023-09-05 11:45:00 UTC');
      // The retrieval's own GET /tickets: the last one (the first is the bare call above).
      const ticketsCall = upstream.requests
        .filter((request) => request.url.pathname === '/api/v2/tickets')
        .at(-1);
      if (!ticketsCall) throw new Error('no GET /tickets was sent');
      expect(ticketsCall.query.get('updated_since')).toBe(FRESHDESK_ALL_TICKETS_SINCE);
      expect(Date.parse(FRESHDESK_ALL_TICKETS_SINCE)).toBeLessThan(Date.parse('2010-01-01T00:00:00Z'));
    });
  });

  describe('finding the contact', () => {
    it('falls back from a stale id (404) to every email in ONE search — 4 calls', async () => {
      const answer = await retrieve({
        contact_external_id: '999',
        contact_emails: ['Emily.Garcia@example.com', 'nobody@example.com'],
      });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      // The stale id's tickets were asked for in the first round (and thrown away), then the found contact's.
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/contacts/999',
        'GET /api/v2/search/contacts',
        'GET /api/v2/tickets',
      ]);
      expect(upstream.requests[0]?.query.get('requester_id')).toBe('999');
      expect(searchQueryOf(upstream.requests[2])).toBe(
        `"email:'emily.garcia@example.com' OR email:'nobody@example.com'"`,
      );
      expect(upstream.requests[3]?.query.get('requester_id')).toBe('432');
    });

    it('treats a deleted (merged-away) contact as stale, then lists by the email beside its search — 4 calls, 2 rounds', async () => {
      const merged = fixtureContacts().find((contact) => contact.id === 434);
      expect(merged?.deleted).toBe(true);
      const answer = await retrieve({
        contact_external_id: '434',
        contact_emails: ['emily.garcia@example.com'],
      });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      // Round 1: the id's tickets beside its lookup; round 2: the email's tickets beside its search.
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/contacts/434',
        'GET /api/v2/tickets',
        'GET /api/v2/search/contacts',
      ]);
      // The merged-away contact's tickets were listed early, then left out of the answer; the email's kept.
      expect(upstream.requests.map((request) => request.query.get('requester_id'))).toEqual([
        '434',
        null,
        null,
        null,
      ]);
      expect(upstream.requests[2]?.query.get('email')).toBe('emily.garcia@example.com');
    });

    it('does not send an external id that cannot be a Freshdesk id', async () => {
      const answer = await retrieve({
        contact_external_id: '../tickets?x=1',
        contact_emails: ['emily.garcia@example.com'],
      });
      expect(answer).toHaveLength(EMILY_TICKETS.length);
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/search/contacts',
      ]);
      expect(upstream.requests.some((request) => request.path.startsWith('/api/v2/contacts'))).toBe(false);
    });

    it('by one email, the primary one: GET /tickets?email= beside the search, one round — 2 calls', async () => {
      const answer = await retrieve({ contact_emails: ['Emily.Garcia@example.com'] });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      // The tickets are asked for before the search has answered (it has not even arrived): one round.
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/search/contacts',
      ]);
      expect(Object.fromEntries((upstream.requests[0] as RecordedRequest).query)).toEqual({
        email: 'emily.garcia@example.com',
        updated_since: '2000-01-01T00:00:00Z',
        order_by: 'created_at',
        order_type: 'desc',
        include: 'description',
        per_page: '50',
      });
      expect(searchQueryOf(upstream.requests[1])).toBe(`"email:'emily.garcia@example.com'"`);
    });

    it('finds a contact by a secondary email, which search answers do not carry, and lists it again by id — 3 calls, 2 rounds', async () => {
      const answer = await retrieve({ contact_emails: ['emily@garcia-family.example'] });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      // Whether ?email= covers other_emails is not documented: the listing by it is thrown away.
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/search/contacts',
        'GET /api/v2/tickets',
      ]);
      expect(upstream.requests[0]?.query.get('email')).toBe('emily@garcia-family.example');
      expect(upstream.requests[2]?.query.get('email')).toBeNull();
      expect(upstream.requests[2]?.query.get('requester_id')).toBe('432');
    });

    it('does not list by email a second time on a contact-cache hit: by id, one round — 2 calls then 1', async () => {
      const runtimeState = createMemoryRuntimeState();
      await retrieve({ contact_emails: ['emily.garcia@example.com'] }, { runtimeState });
      upstream.reset();
      const answer = await retrieve({ contact_emails: ['emily.garcia@example.com'] }, { runtimeState });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      expect(upstream.requests.map(describeRequest)).toEqual(['GET /api/v2/tickets']);
      expect(upstream.requests[0]?.query.get('requester_id')).toBe('432');
    });

    it('keeps every contact the exact email search returns, whatever its primary email', async () => {
      upstream.use(
        http.get(`${ORIGIN}/api/v2/search/contacts`, () =>
          HttpResponse.json({
            results: fixtureContacts()
              .filter((contact) => contact.id === 432)
              .map(({ other_emails: _notInSearchAnswers, ...contact }) => contact),
            total: 1,
          }),
        ),
      );
      const answer = await retrieve({ contact_emails: ['emily@garcia-family.example'] });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
    });

    it('finds a contact by phone with one search over phone and mobile spellings — 2 calls', async () => {
      // The fixture stores Emily's phone as "(555) 555-0123".
      const answer = await retrieve({ contact_phones: ['+1 555 555 0123'] });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/search/contacts',
        'GET /api/v2/tickets',
      ]);
      // Each spelling against phone and mobile, single-quoted, OR'ed, the whole query double-quoted.
      const spellings = [
        '+15555550123',
        '+1 555 555 0123',
        '(555) 555-0123',
        '5555550123',
        '15555550123',
        '0015555550123',
      ];
      expect(searchQueryOf(upstream.requests[0])).toBe(
        `"${spellings.map((spelling) => `phone:'${spelling}' OR mobile:'${spelling}'`).join(' OR ')}"`,
      );
    });

    it('finds a contact by its mobile number', async () => {
      upstream.use(
        freshdeskHandler(ORIGIN, {
          contacts: fixtureContacts().map((contact) =>
            contact.id === 433 ? { ...contact, mobile: '+442079460958' } : contact,
          ),
        }),
      );
      const answer = await retrieve({ contact_phones: ['+44 20 7946 0958'] });
      expect(answer.map((item) => item.id)).toEqual(['21']);
      expect(upstream.requests.at(-1)?.query.get('requester_id')).toBe('433');
    });

    it('drops search results whose number is not the requested one', async () => {
      upstream.use(
        http.get(`${ORIGIN}/api/v2/search/contacts`, () =>
          HttpResponse.json({
            results: [{ ...fixtureContacts()[0], phone: '(555) 555-0124', mobile: null }],
            total: 1,
          }),
        ),
      );
      expect(await retrieve({ contact_phones: ['+15555550123'] })).toEqual([]);
      expect(upstream.requests).toHaveLength(1);
    });

    it('answers [] when nobody matches, the listing by the email (refused: no such contact) thrown away', async () => {
      const log = createCaptureLogger();
      expect(
        await retrieve({ contact_emails: ['nobody@example.com'], contact_phones: ['+15555550100'] }, { log }),
      ).toEqual([]);
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/search/contacts',
        'GET /api/v2/search/contacts',
      ]);
      expect(log.lines.filter((line) => line.level === 'warn' || line.level === 'error')).toEqual([]);
    });

    it('answers with the phone’s contact when the email finds nobody — its tickets listed by id', async () => {
      const answer = await retrieve({
        contact_emails: ['nobody@example.com'],
        contact_phones: ['+1 555 555 0123'],
      });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/search/contacts',
        'GET /api/v2/search/contacts',
        'GET /api/v2/tickets',
      ]);
      expect(upstream.requests[3]?.query.get('requester_id')).toBe('432');
    });
  });

  describe('request values in the search query language', () => {
    it('keeps each email one literal: quotable ones quoted, others sent to the plain filter', async () => {
      const singleQuote = "a' OR email:'emily.garcia@example.com";
      const doubleQuote = 'x" OR active:true OR email:"emily.garcia@example.com';
      const operatorsOnly = 'or@example.com OR email:emily.garcia@example.com';
      const answer = await retrieve({ contact_emails: [singleQuote, doubleQuote, operatorsOnly] });

      // None of them is Emily's address: nothing may be found.
      expect(answer).toEqual([]);
      const searches = upstream.requests.filter((request) => request.path === '/api/v2/search/contacts');
      expect(searches).toHaveLength(1);
      // The pipeline lower-cases emails before the connector sees them.
      expect(searchQueryOf(searches[0])).toBe(`"email:'${operatorsOnly.toLowerCase()}'"`);

      const filters = upstream.requests.filter((request) => request.path === '/api/v2/contacts');
      expect(filters.map((request) => request.query.getAll('email'))).toEqual([
        [singleQuote.toLowerCase()],
        [doubleQuote.toLowerCase()],
      ]);
      expect(filters.every((request) => [...request.query.keys()].join() === 'email')).toBe(true);
      expect(upstream.requests.some((request) => request.path === '/api/v2/tickets')).toBe(false);
    });
  });

  describe('several contacts', () => {
    it('lists each contact’s tickets in parallel and merges them newest first — 3 calls', async () => {
      const calls: string[] = [];
      const answer = await retrieve(
        { contact_emails: ['emily.garcia@example.com', 'marcus.chen@example.com'] },
        { onUpstreamCall: (event) => calls.push(`${event.method} ${event.endpoint}`) },
      );
      expect(answer.map((item) => item.id)).toEqual(['20', '21', '19', '17', '12', '11']);
      const searches = upstream.requests.filter((request) => request.path === '/api/v2/search/contacts');
      expect(searches).toHaveLength(1);
      const ticketCalls = upstream.requests.filter((request) => request.path === '/api/v2/tickets');
      expect(ticketCalls.map((request) => request.query.get('requester_id')).sort()).toEqual(['432', '433']);
      expect(upstream.requests).toHaveLength(3);
      expect(calls.sort()).toEqual([
        'GET /api/v2/search/contacts',
        'GET /api/v2/tickets',
        'GET /api/v2/tickets',
      ]);
    });
  });

  describe('paging and the cap', () => {
    const manyTickets = Array.from({ length: 130 }, (_, index) => ({
      ...fixtureTickets()[0]!,
      id: 1000 + index,
      requester_id: 432,
      created_at: new Date(Date.parse('2024-01-01T00:00:00Z') + index * 3_600_000).toISOString(),
      updated_at: '2024-06-01T00:00:00Z',
    }));

    it('asks for pages of up to 100 and follows the Link header until the limit', async () => {
      upstream.use(freshdeskHandler(ORIGIN, { tickets: manyTickets }));
      const answer = await retrieve({ contact_external_id: '432' }, { limit: 120 });
      expect(answer).toHaveLength(120);
      expect(answer[0]?.id).toBe('1129');
      const pages = upstream.requests.filter((request) => request.path === '/api/v2/tickets');
      expect(pages.map((request) => [request.query.get('per_page'), request.query.get('page')])).toEqual([
        ['100', null],
        ['100', '2'],
      ]);
    });

    it('asks for no more than the limit and stops there even if more pages exist', async () => {
      upstream.use(freshdeskHandler(ORIGIN, { tickets: manyTickets }));
      const answer = await retrieve({ contact_external_id: '432' }, { limit: 3 });
      expect(answer.map((item) => item.id)).toEqual(['1129', '1128', '1127']);
      const pages = upstream.requests.filter((request) => request.path === '/api/v2/tickets');
      expect(pages).toHaveLength(1);
      expect(pages[0]?.query.get('per_page')).toBe('3');
    });
  });

  describe('failures', () => {
    it('reports a 401 for a wrong API key as invalid_credentials', async () => {
      const error = await failureOf(
        retrieve({ contact_external_id: '432' }, { auth: { ...auth, api_key: 'wrong-key-8812' } }),
      );
      expect(error.code).toBe('invalid_credentials');
      expect(upstream.requests[0]?.headers.get('authorization')).toBe(
        `Basic ${Buffer.from('wrong-key-8812:X').toString('base64')}`,
      );
      expect(error.message).not.toContain('wrong-key-8812');
    });

    it('reports a 429 with Retry-After past the deadline as rate_limited, without waiting', async () => {
      upstream.use(
        http.all(`${ORIGIN}/*`, () =>
          HttpResponse.json(
            { message: 'You have exceeded the limit of requests per hour' },
            {
              status: 429,
              headers: { 'retry-after': '30', 'x-ratelimit-total': '3000', 'x-ratelimit-remaining': '0' },
            },
          ),
        ),
      );
      const error = await failureOf(retrieve({ contact_external_id: '432' }));
      expect(error.code).toBe('rate_limited');
      expect(error.retryAfterSeconds).toBe(30);
      // The one round's two calls, each sent once: neither was retried.
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/contacts/432',
      ]);
    });

    it('waits out a short Retry-After and answers', async () => {
      let refused = 0;
      upstream.use(
        http.get(`${ORIGIN}/api/v2/tickets`, () => {
          if (refused > 0) return undefined;
          refused += 1;
          return HttpResponse.json({}, { status: 429, headers: { 'retry-after': '0' } });
        }),
      );
      const answer = await retrieve({ contact_external_id: '432' });
      expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
      expect(upstream.requests.map(describeRequest)).toEqual([
        'GET /api/v2/tickets',
        'GET /api/v2/contacts/432',
        'GET /api/v2/tickets',
      ]);
    });
  });

  describe('settings', () => {
    it('maps custom statuses and priorities with the operator’s statusMap / priorityMap', async () => {
      const log = createCaptureLogger();
      const answer = await retrieve(
        { contact_external_id: '432' },
        { settings: { statusMap: { '6': 'pending' }, priorityMap: { '1': 'normal' } }, log },
      );
      expect(answer.find((item) => item.id === '11')?.status).toBe('pending');
      expect(answer.find((item) => item.id === '17')?.priority).toBe('normal');
      expect(log.lines.filter((line) => line.level === 'warn')).toEqual([]);
    });

    it('maps an unknown custom status to open and logs it once', async () => {
      // Status 7 appears nowhere else in this file (unknown values are reported once per process).
      upstream.use(
        freshdeskHandler(ORIGIN, {
          tickets: fixtureTickets().map((ticket) => (ticket.id === 11 ? { ...ticket, status: 7 } : ticket)),
        }),
      );
      const log = createCaptureLogger();
      const answer = await retrieve({ contact_external_id: '432' }, { log });
      expect(answer.find((item) => item.id === '11')?.status).toBe('open');
      await retrieve({ contact_external_id: '432' }, { log });
      const warnings = log.lines.filter((line) => line.level === 'warn');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.fields).toMatchObject({ table: 'freshdesk.status', value: '7', mapped_to: 'open' });
    });

    it('validates the settings strictly', () => {
      expect(freshdesk.settingsSchema.safeParse({ statusMap: { '6': 'pending' } }).success).toBe(true);
      expect(freshdesk.settingsSchema.safeParse({ statusMap: { '6': 'waiting' } }).success).toBe(false);
      expect(freshdesk.settingsSchema.safeParse({ statusMapp: {} }).success).toBe(false);
      expect(freshdesk.settingsSchema.safeParse({ baseUrl: 'ftp://x.example' }).success).toBe(false);
    });
  });

  describe('auth fields', () => {
    it('asks Talkdesk for the subdomain and the API key, both mandatory', () => {
      expect(describeAuthFields(freshdesk.auth)).toEqual([
        {
          name: 'domain',
          field: expect.objectContaining({
            display: 'Freshdesk subdomain',
            mandatory: true,
            format: 'https://{{domain}}.freshdesk.com',
          }),
        },
        { name: 'api_key', field: expect.objectContaining({ display: 'API key', mandatory: true }) },
      ]);
    });

    it('names every missing field in issues, without echoing values', async () => {
      const error = await failureOf(
        retrieve({ contact_external_id: '432' }, { auth: { unrelated: 'secret-ish-value' } }),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.issues?.map((issue) => issue.path).sort()).toEqual(['auth.api_key', 'auth.domain']);
      expect(JSON.stringify(error.issues)).not.toContain('secret-ish-value');
      expect(upstream.requests).toHaveLength(0);
    });

    it('refuses blank fields', async () => {
      const error = await failureOf(
        retrieve({ contact_external_id: '432' }, { auth: { domain: '  ', api_key: '' } }),
      );
      expect(error.code).toBe('invalid_request');
      expect(error.issues?.map((issue) => issue.path).sort()).toEqual(['auth.api_key', 'auth.domain']);
    });

    it('accepts the domain as a pasted URL and still calls the account', async () => {
      const answer = await retrieve(
        { contact_external_id: '432' },
        { auth: { domain: 'https://ACME.freshdesk.com/a/tickets', api_key: FRESHDESK_API_KEY } },
      );
      expect(answer).toHaveLength(EMILY_TICKETS.length);
      expect(upstream.requests.every((request) => request.url.origin === ORIGIN)).toBe(true);
      expect(answer[0]?.url).toBe('https://acme.freshdesk.com/a/tickets/20');
    });

    it('refuses a domain that leaves *.freshdesk.com before any request', async () => {
      const error = await failureOf(
        retrieve(
          { contact_external_id: '432' },
          { auth: { domain: '127.0.0.1:8080/x#', api_key: FRESHDESK_API_KEY } },
        ),
      );
      expect(error.code).toBe('host_not_allowed');
      expect(upstream.requests).toHaveLength(0);
    });
  });
});

describe('the Freshdesk connector behind an operator baseUrl', () => {
  const PROXY = 'https://freshdesk-proxy.internal.example';
  const upstream = createFreshdeskUpstream(PROXY);
  beforeAll(() => upstream.listen());
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());

  it('replaces only the origin: the API path stays /api/v2, the links follow the origin', async () => {
    const answer = await retrieve(
      { contact_external_id: '432' },
      { settings: { baseUrl: `${PROXY}/ignored/path` } },
    );
    expect(answer.map((item) => item.id)).toEqual(EMILY_TICKETS);
    expect(upstream.requests.map((request) => request.url.href.split('?')[0])).toEqual([
      `${PROXY}/api/v2/tickets`,
      `${PROXY}/api/v2/contacts/432`,
    ]);
    expect(answer[0]?.url).toBe(`${PROXY}/a/tickets/20`);
  });
});
