import {
  buildIntegrationConfiguration,
  createMemoryRuntimeState,
  describeAuthFields,
} from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  createFakeUpstream,
  HttpResponse,
  http,
  type RecordedRequest,
  type RetrievalCall,
  retrievalHarness,
} from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type FakeRecord,
  fakeHubspot,
  fakeHubspotData,
  HUBSPOT_TEST_TOKEN,
} from './__fixtures__/fake-hubspot.js';
import { hubspot } from './hubspot-connector.js';
import { HUBSPOT_ORIGIN } from './hubspot-context.js';
import { MAX_ASSOCIATION_PAGES } from './hubspot-interactions.js';
import {
  PORTAL_CACHE_TTL_MS,
  portalCacheKey,
  portalDetailsCache,
  ticketStagesCache,
} from './hubspot-portal.js';
import { HUBSPOT_ENGAGEMENT_PROPERTIES } from './map-hubspot-engagement.js';
import { HUBSPOT_TICKET_PROPERTIES } from './map-hubspot-ticket.js';

const origin = 'https://api.hubapi.test';
const data = fakeHubspotData();
const upstream = createFakeUpstream(origin, fakeHubspot(origin, data));
const log = createCaptureLogger();

beforeAll(() => upstream.listen());
afterEach(() => {
  upstream.reset();
  Object.assign(data, fakeHubspotData());
  portalDetailsCache.clear();
  ticketStagesCache.clear();
  vi.useRealTimers();
});
afterAll(() => upstream.close());

const harness = retrievalHarness(hubspot, {
  auth: { access_token: HUBSPOT_TEST_TOKEN },
  settings: { baseUrl: origin },
  log,
});
const retrieve = (requestData: Record<string, unknown>, types?: string[], call: RetrievalCall = {}) =>
  harness(requestData, { ...call, ...(types ? { types } : {}) });

const failure = bridgeErrorOf;

const calls = () => upstream.requests.map((request) => `${request.method} ${request.path}`);
const bodyOf = (request: RecordedRequest | undefined) => request?.json as Record<string, unknown>;
const inputsOf = (request: RecordedRequest | undefined) =>
  (bodyOf(request)?.inputs ?? []) as { id: string }[];
const searches = () =>
  upstream.requests.filter((request) => request.path === '/crm/v3/objects/contacts/search');

describe('requests sent', () => {
  it('by external id: the contact with its associations, then one batch read, portal details and pipelines', async () => {
    const answer = await retrieve({ contact_external_id: '151' }, ['ticket']);

    expect(calls()[0]).toBe('GET /crm/v3/objects/contacts/151');
    expect(calls().slice(1).sort()).toEqual([
      'GET /account-info/v3/details',
      'GET /crm/v3/pipelines/tickets',
      'POST /crm/v3/objects/tickets/batch/read',
    ]);
    for (const request of upstream.requests) {
      expect(request.url.origin).toBe(origin);
      expect(request.headers.get('authorization')).toBe(`Bearer ${HUBSPOT_TEST_TOKEN}`);
      expect(request.headers.get('accept')).toBe('application/json');
    }
    expect(upstream.requests[0]?.query.get('properties')).toBe('email');
    expect(upstream.requests[0]?.query.get('associations')).toBe('tickets,notes,calls,emails,meetings,tasks');
    expect(upstream.requests[0]?.query.has('idProperty')).toBe(false);
    const batch = upstream.requests.find((request) => request.path === '/crm/v3/objects/tickets/batch/read');
    expect(bodyOf(batch)).toEqual({
      properties: [...HUBSPOT_TICKET_PROPERTIES],
      propertiesWithHistory: [],
      inputs: [{ id: '1876543203' }, { id: '1876543202' }, { id: '1876543201' }],
    });

    expect(answer).toEqual([
      {
        id: 'ticket-1876543201',
        subject: 'Wrong VAT number on invoice',
        description: 'The invoice for March shows the wrong VAT number. Please correct it & resend.',
        date: '2025-03-04 15:20:11 UTC',
        url: 'https://app.hubspot.com/contacts/7654321/record/0-5/1876543201',
        type: 'ticket',
        priority: 'high',
        status: 'new',
      },
      expect.objectContaining({ id: 'ticket-1876543203', status: 'open', priority: 'urgent' }),
      expect.objectContaining({ id: 'ticket-1876543202', status: 'closed', priority: 'low' }),
    ]);
  });

  it('reads each activity type with its own properties, linked on the contact’s timeline', async () => {
    const answer = await retrieve({ contact_external_id: '151' }, [
      'note',
      'call',
      'email',
      'meeting',
      'task',
    ]);
    for (const [type, objectType] of [
      ['note', 'notes'],
      ['call', 'calls'],
      ['email', 'emails'],
      ['meeting', 'meetings'],
      ['task', 'tasks'],
    ] as const) {
      const batch = upstream.requests.find(
        (request) => request.path === `/crm/v3/objects/${objectType}/batch/read`,
      );
      expect(bodyOf(batch)?.properties).toEqual([...HUBSPOT_ENGAGEMENT_PROPERTIES[type]]);
    }
    expect(answer.map((item) => item.id)).toEqual([
      'meeting-45123990002',
      'task-45123991001',
      'email-45123989001',
      'note-45123987001',
      'call-45123988001',
      'meeting-45123990001',
      'task-45123991002',
    ]);
    expect(answer[0]).toMatchObject({ date: '2030-06-03 15:30:00 UTC', status: 'open' });
    expect(answer[1]).toMatchObject({ date: '2030-03-10 14:00:00 UTC', status: 'new', priority: 'high' });
    expect(answer[3]?.url).toBe(
      'https://app.hubspot.com/contacts/7654321/contact/151/?engagement=45123987001',
    );
  });

  it('uses the documented origin unless the operator’s baseUrl replaces it', () => {
    expect(hubspot.http?.origin).toBe(HUBSPOT_ORIGIN);
    expect(HUBSPOT_ORIGIN).toBe('https://api.hubapi.com');
    expect(
      hubspot.settingsSchema.safeParse({ baseUrl: 'https://hubspot-proxy.internal.example' }).success,
    ).toBe(true);
  });

  it('fetches only the requested types, ignoring unknown ones', async () => {
    const answer = await retrieve({ contact_external_id: '151' }, ['note', 'fax']);
    expect(new Set(answer.map((item) => item.type))).toEqual(new Set(['note']));
    expect(calls().filter((call) => call.startsWith('POST'))).toEqual([
      'POST /crm/v3/objects/notes/batch/read',
    ]);
  });
});

describe('upstream calls per retrieval', () => {
  const SIX_BATCH_READS = ['tickets', 'notes', 'calls', 'emails', 'meetings', 'tasks'].map(
    (objectType) => `POST /crm/v3/objects/${objectType}/batch/read`,
  );

  it('external id, all six types: 1 read with associations, then 6 batch reads + 2 portal calls; 7 once the portal is cached', async () => {
    await retrieve({ contact_external_id: '151' });
    expect(calls()[0]).toBe('GET /crm/v3/objects/contacts/151');
    expect(calls().slice(1).sort()).toEqual(
      [...SIX_BATCH_READS, 'GET /account-info/v3/details', 'GET /crm/v3/pipelines/tickets'].sort(),
    );
    upstream.requests.length = 0;
    await retrieve({ contact_external_id: '151' });
    expect(calls()[0]).toBe('GET /crm/v3/objects/contacts/151');
    expect(calls().slice(1).sort()).toEqual([...SIX_BATCH_READS].sort());
  });

  it('emails: one read by primary email per address (no search), then one batch read per type', async () => {
    await retrieve({ contact_emails: ['maria.garcia@example.com', 'maria@garcia-family.example'] }, [
      'note',
      'task',
    ]);
    expect(calls().slice(0, 2)).toEqual([
      'GET /crm/v3/objects/contacts/maria.garcia%40example.com',
      'GET /crm/v3/objects/contacts/maria%40garcia-family.example',
    ]);
    for (const read of upstream.requests.slice(0, 2)) {
      expect(read.query.get('idProperty')).toBe('email');
      expect(read.query.get('properties')).toBe('email');
      expect(read.query.get('associations')).toBe('tickets,notes,calls,emails,meetings,tasks');
    }
    expect(calls().slice(2).sort()).toEqual([
      'GET /account-info/v3/details',
      'POST /crm/v3/objects/notes/batch/read',
      'POST /crm/v3/objects/tasks/batch/read',
    ]);
    expect(searches()).toHaveLength(0);
  });

  it('a type the contact has nothing of costs no call at all (the read lists no associations of it)', async () => {
    const answer = await retrieve({ contact_external_id: '153' }, ['ticket']);
    expect(answer).toEqual([]);
    expect(calls()).toEqual(['GET /crm/v3/objects/contacts/153']);
  });

  it('phone: one search, then per type one associations batch read and one batch read', async () => {
    await retrieve({ contact_phones: ['(617) 555-0142'] }, ['call']);
    expect(calls().slice(0, 2)).toEqual([
      'POST /crm/v3/objects/contacts/search',
      'POST /crm/v4/associations/contacts/calls/batch/read',
    ]);
    expect(calls().slice(2).sort()).toEqual([
      'GET /account-info/v3/details',
      'POST /crm/v3/objects/calls/batch/read',
    ]);
  });

  it('reads a type through the associations API when the contact read paged its list (over 100 ids)', async () => {
    data.objects.notes = Array.from({ length: 101 }, (_, index) => ({
      id: String(2000 + index),
      properties: { hs_note_body: `Note ${index}`, hs_timestamp: '2024-01-01T00:00:00Z' },
      associations: { contacts: { results: [{ id: '151' }] } },
    }));
    await retrieve({ contact_external_id: '151' }, ['note', 'call']);
    expect(calls().filter((call) => call.startsWith('POST'))).toEqual(
      expect.arrayContaining([
        'POST /crm/v4/associations/contacts/notes/batch/read',
        'POST /crm/v3/objects/notes/batch/read',
        'POST /crm/v3/objects/calls/batch/read',
      ]),
    );
    expect(calls().filter((call) => call.includes('/associations/'))).toEqual([
      'POST /crm/v4/associations/contacts/notes/batch/read',
    ]);
    const notes = upstream.requests.find((request) => request.path === '/crm/v3/objects/notes/batch/read');
    expect(inputsOf(notes)).toHaveLength(100);
    expect(inputsOf(notes)[0]).toEqual({ id: '2100' });
  });

  it('reads a record listed under several association labels once', async () => {
    upstream.use(
      http.get(`${origin}/crm/v3/objects/contacts/151`, () =>
        HttpResponse.json({
          id: '151',
          properties: { email: 'maria.garcia@example.com' },
          associations: {
            tickets: {
              results: [
                { id: '1876543201', type: 'contact_to_ticket' },
                { id: '1876543201', type: 'contact_to_ticket_unlabeled' },
                { id: '1876543202', type: 'contact_to_ticket' },
              ],
            },
          },
        }),
      ),
    );
    const answer = await retrieve({ contact_external_id: '151' }, ['ticket']);
    const batch = upstream.requests.find((request) => request.path === '/crm/v3/objects/tickets/batch/read');
    expect(inputsOf(batch)).toEqual([{ id: '1876543202' }, { id: '1876543201' }]);
    expect(answer.map((item) => item.id)).toEqual(['ticket-1876543201', 'ticket-1876543202']);
  });

  it('a contact from the contact cache carries no associations: the listers read them fresh', async () => {
    const runtimeState = createMemoryRuntimeState();
    await retrieve({ contact_emails: ['tom.becker@example.co.uk'] }, ['ticket'], { runtimeState });
    expect(calls().filter((call) => call.includes('/associations/'))).toEqual([]);
    upstream.requests.length = 0;
    // A ticket associated after the first view must show in the next one, within the cache's TTL.
    data.objects.tickets = [
      ...(data.objects.tickets ?? []),
      {
        id: '1876543299',
        properties: { subject: 'New since the last view', hs_pipeline: '0', hs_pipeline_stage: '1' },
        createdAt: '2025-03-07T09:00:00.000Z',
        associations: { contacts: { results: [{ id: '152' }] } },
      },
    ];
    const answer = await retrieve({ contact_emails: ['tom.becker@example.co.uk'] }, ['ticket'], {
      runtimeState,
    });
    expect(calls().filter((call) => call.startsWith('GET /crm/v3/objects/contacts/'))).toEqual([]);
    expect(calls()[0]).toBe('POST /crm/v4/associations/contacts/tickets/batch/read');
    expect(bodyOf(upstream.requests[0])).toEqual({ inputs: [{ id: '152' }] });
    expect(answer.map((item) => item.id)).toContain('ticket-1876543299');
  });
});

describe('finding the contact', () => {
  it('searches every email at once: exact IN on email, a token filter per plain address on additional emails', async () => {
    const answer = await retrieve({ contact_emails: ['Maria@Garcia-Family.example', 'nobody@example.com'] }, [
      'call',
    ]);
    expect(answer.map((item) => item.id)).toEqual(['call-45123988001']);
    // Neither is anyone's primary address: the two reads miss, then one search finds the additional one.
    expect(calls().slice(0, 3)).toEqual([
      'GET /crm/v3/objects/contacts/maria%40garcia-family.example',
      'GET /crm/v3/objects/contacts/nobody%40example.com',
      'POST /crm/v3/objects/contacts/search',
    ]);
    expect(calls()[3]).toBe('POST /crm/v4/associations/contacts/calls/batch/read');
    expect(searches()).toHaveLength(1);
    expect(bodyOf(searches()[0])).toEqual({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'email',
              operator: 'IN',
              values: ['maria@garcia-family.example', 'nobody@example.com'],
            },
          ],
        },
        {
          filters: [
            {
              propertyName: 'hs_additional_emails',
              operator: 'CONTAINS_TOKEN',
              value: 'maria@garcia-family.example',
            },
          ],
        },
        {
          filters: [
            { propertyName: 'hs_additional_emails', operator: 'CONTAINS_TOKEN', value: 'nobody@example.com' },
          ],
        },
      ],
      properties: ['email', 'hs_additional_emails'],
      limit: 20,
    });
  });

  it('keeps a hostile email one literal: no operator, quote or wildcard changes the search', async () => {
    const hostile = [
      'a" OR x:"b@example.com',
      "x' OR email != '",
      '*@example.com',
      'maria.garcia@example.com*',
    ];
    const answer = await retrieve({ contact_emails: hostile });
    expect(answer).toEqual([]);
    // None of them goes into a URL path: only the search sees them.
    expect(calls()).toEqual(['POST /crm/v3/objects/contacts/search']);
    const body = bodyOf(searches()[0]);
    // One group, one exact filter; every value travels as one JSON string; no wildcard-capable operator.
    expect(body.filterGroups).toEqual([
      {
        filters: [
          {
            propertyName: 'email',
            operator: 'IN',
            values: [
              'a" or x:"b@example.com',
              "x' or email != '",
              '*@example.com',
              'maria.garcia@example.com*',
            ],
          },
        ],
      },
    ]);
    expect(searches()[0]?.body).toContain('"a\\" or x:\\"b@example.com"');
  });

  it('caps the groups at HubSpot’s five: one IN group plus four token groups', async () => {
    const emails = Array.from({ length: 7 }, (_, index) => `person${index}@example.com`);
    await retrieve({ contact_emails: emails }, ['note']);
    // More addresses than are read one by one: one search instead of seven reads.
    expect(calls()).toEqual(['POST /crm/v3/objects/contacts/search']);
    const groups = bodyOf(searches()[0])?.filterGroups as unknown[];
    expect(groups).toHaveLength(5);
    expect(groups[0]).toEqual({ filters: [{ propertyName: 'email', operator: 'IN', values: emails }] });
  });

  it('drops search hits that do not really hold one of the emails', async () => {
    upstream.use(
      http.post(`${origin}/crm/v3/objects/contacts/search`, () =>
        HttpResponse.json({
          total: 2,
          results: [
            { id: '151', properties: { email: 'maria.garcia@example.com', hs_additional_emails: null } },
            {
              id: '153',
              properties: { email: 'ana.lima@example.com', hs_additional_emails: 'ana@example.com' },
            },
          ],
        }),
      ),
    );
    // An additional address: the read by primary email misses, the search decides.
    await retrieve({ contact_emails: ['ana@example.com'] }, ['note']);
    const associations = upstream.requests.find((request) => request.path.includes('/associations/'));
    expect(bodyOf(associations)).toEqual({ inputs: [{ id: '153' }] });
  });

  it('reads an address with a character outside the plain set only through the search', async () => {
    await retrieve({ contact_emails: ['maria.garcia@example.com', "o'brien@example.com"] }, ['note']);
    expect(calls()[0]).toBe('POST /crm/v3/objects/contacts/search');
    expect(calls().some((call) => call.startsWith('GET /crm/v3/objects/contacts/'))).toBe(false);
  });

  it('drops a read whose contact does not hold the address', async () => {
    upstream.use(
      http.get(`${origin}/crm/v3/objects/contacts/:email`, () =>
        HttpResponse.json({ id: '153', properties: { email: 'ana.lima@example.com' }, associations: {} }),
      ),
    );
    const answer = await retrieve({ contact_emails: ['maria.garcia@example.com'] }, ['note']);
    expect(calls()[1]).toBe('POST /crm/v3/objects/contacts/search');
    expect(answer.map((item) => item.id)).toEqual(['note-45123987001']);
  });

  it('searches phones by national number on the calculated properties and by E.164 on phone and mobile', async () => {
    const answer = await retrieve({ contact_phones: ['(617) 555-0142'] }, ['call']);
    expect(answer.map((item) => item.id)).toEqual(['call-45123988001']);
    expect(bodyOf(searches()[0])).toEqual({
      filterGroups: [
        {
          filters: [
            { propertyName: 'hs_searchable_calculated_phone_number', operator: 'IN', values: ['6175550142'] },
          ],
        },
        {
          filters: [
            {
              propertyName: 'hs_searchable_calculated_mobile_number',
              operator: 'IN',
              values: ['6175550142'],
            },
          ],
        },
        { filters: [{ propertyName: 'phone', operator: 'IN', values: ['+16175550142'] }] },
        { filters: [{ propertyName: 'mobilephone', operator: 'IN', values: ['+16175550142'] }] },
      ],
      properties: ['phone', 'mobilephone'],
      limit: 20,
    });
  });

  it('finds a contact whose mobile is stored in local format from an international number', async () => {
    const answer = await retrieve({ contact_phones: ['+44 7700 900123'] }, ['note']);
    expect(answer.map((item) => item.id)).toEqual(['note-45123987002']);
    const groups = bodyOf(searches()[0])?.filterGroups as { filters: { values: string[] }[] }[];
    expect(groups[1]?.filters[0]?.values).toEqual(['7700900123', '07700900123']);
  });

  it('drops a phone hit that only shares the national digits of a number in another country', async () => {
    // Stored "+44 20 7946 0321": its searchable number 2079460321 is also the US number +1 207 946 0321.
    const answer = await retrieve({ contact_phones: ['+1 207 946 0321'] }, ['ticket']);
    expect(answer).toEqual([]);
    expect(calls()).toEqual(['POST /crm/v3/objects/contacts/search']);
    const uk = await retrieve({ contact_phones: ['+44 20 7946 0321'] }, ['ticket']);
    expect(uk.map((item) => item.id)).toEqual(['ticket-1876543204']);
  });

  it('falls back to the emails when the external id is stale (404)', async () => {
    const answer = await retrieve(
      { contact_external_id: '9999999', contact_emails: ['tom.becker@example.co.uk'] },
      ['ticket'],
    );
    expect(answer.map((item) => item.id)).toEqual(['ticket-1876543204']);
    expect(calls().slice(0, 2)).toEqual([
      'GET /crm/v3/objects/contacts/9999999',
      'GET /crm/v3/objects/contacts/tom.becker%40example.co.uk',
    ]);
    expect(calls().slice(2).sort()).toEqual([
      'GET /account-info/v3/details',
      'GET /crm/v3/pipelines/tickets',
      'POST /crm/v3/objects/tickets/batch/read',
    ]);
  });

  it('does not look up an external id that cannot be a HubSpot id', async () => {
    await retrieve({ contact_external_id: '../151?x=1', contact_emails: ['maria.garcia@example.com'] }, [
      'note',
    ]);
    expect(calls().filter((call) => call.startsWith('GET /crm/v3/objects/contacts/'))).toEqual([
      'GET /crm/v3/objects/contacts/maria.garcia%40example.com',
    ]);
  });

  it('merges the interactions of several matching contacts, each linked on its own timeline', async () => {
    const answer = await retrieve(
      { contact_emails: ['maria.garcia@example.com', 'tom.becker@example.co.uk'] },
      ['note'],
    );
    expect(calls().slice(0, 2)).toEqual([
      'GET /crm/v3/objects/contacts/maria.garcia%40example.com',
      'GET /crm/v3/objects/contacts/tom.becker%40example.co.uk',
    ]);
    expect(calls().some((call) => call.includes('/associations/'))).toBe(false);
    const batch = upstream.requests.find((request) => request.path === '/crm/v3/objects/notes/batch/read');
    expect(inputsOf(batch)).toEqual([{ id: '45123987002' }, { id: '45123987001' }]);
    expect(answer.map((item) => [item.id, item.url])).toEqual([
      ['note-45123987001', 'https://app.hubspot.com/contacts/7654321/contact/151/?engagement=45123987001'],
      ['note-45123987002', 'https://app.hubspot.com/contacts/7654321/contact/152/?engagement=45123987002'],
    ]);
  });
});

describe('pagination and caps', () => {
  /** `count` notes on contact 151, ids 1000… with timestamps growing with the id. */
  function manyNotes(count: number): FakeRecord[] {
    return Array.from({ length: count }, (_, index) => ({
      id: String(1000 + index),
      properties: {
        hs_note_body: `Note ${index}`,
        hs_timestamp: new Date(Date.parse('2024-01-01T00:00:00Z') + index * 3_600_000).toISOString(),
      },
      associations: { contacts: { results: [{ id: '151' }] } },
    }));
  }

  it('reads the 100 highest ids in one batch and answers the newest ctx.limit', async () => {
    data.objects.notes = manyNotes(150);
    const answer = await retrieve({ contact_external_id: '151' }, ['note']);
    const batches = upstream.requests.filter(
      (request) => request.path === '/crm/v3/objects/notes/batch/read',
    );
    expect(batches).toHaveLength(1);
    const inputs = inputsOf(batches[0]);
    expect(inputs).toHaveLength(100);
    expect(inputs[0]).toEqual({ id: '1149' });
    expect(inputs[99]).toEqual({ id: '1050' });
    expect(answer).toHaveLength(50);
    expect(answer[0]?.id).toBe('note-1149');
    expect(answer[49]?.id).toBe('note-1100');
  });

  it('splits a limit above 100 into parallel batch reads of at most 100', async () => {
    data.objects.notes = manyNotes(250);
    const answer = await retrieve({ contact_external_id: '151' }, ['note'], { limit: 150 });
    const batches = upstream.requests.filter(
      (request) => request.path === '/crm/v3/objects/notes/batch/read',
    );
    expect(batches.map((request) => inputsOf(request).length)).toEqual([100, 50]);
    expect(answer).toHaveLength(150);
  });

  it('follows association pages with their `after` cursor, at most MAX_ASSOCIATION_PAGES', async () => {
    data.objects.notes = manyNotes(150);
    data.associationPageSize = 40;
    await retrieve({ contact_external_id: '151' }, ['note']);
    const pages = upstream.requests.filter((request) => request.path.includes('/associations/'));
    expect(pages).toHaveLength(MAX_ASSOCIATION_PAGES);
    expect(pages.map((request) => bodyOf(request)?.inputs)).toEqual([
      [{ id: '151' }],
      [{ id: '151', after: '40' }],
      [{ id: '151', after: '80' }],
    ]);
    const batch = upstream.requests.find((request) => request.path === '/crm/v3/objects/notes/batch/read');
    expect(inputsOf(batch)[0]).toEqual({ id: '1119' });
  });
});

describe('portal details and ticket pipelines cache', () => {
  const portalCalls = () =>
    calls().filter(
      (call) => call === 'GET /account-info/v3/details' || call === 'GET /crm/v3/pipelines/tickets',
    );

  it('reuses them within the TTL and reads them again after it', async () => {
    // Core's TTL cache reads the clock through performance.now(): both follow the fake Date here.
    vi.useFakeTimers({ toFake: ['Date'] });
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => Date.now());
    // The cache reuses one clock reading for a millisecond of real time: let it lapse before each jump.
    const clockReadingLapses = () => new Promise((resolve) => setTimeout(resolve, 5));
    try {
      const start = Date.parse('2025-03-07T10:00:00Z');
      vi.setSystemTime(start);
      await retrieve({ contact_external_id: '151' }, ['ticket']);
      expect(portalCalls()).toHaveLength(2);

      upstream.requests.length = 0;
      await clockReadingLapses();
      vi.setSystemTime(start + PORTAL_CACHE_TTL_MS - 1_000);
      const cached = await retrieve({ contact_external_id: '151' }, ['ticket']);
      expect(portalCalls()).toEqual([]);
      expect(cached[0]?.url).toBe('https://app.hubspot.com/contacts/7654321/record/0-5/1876543201');

      upstream.requests.length = 0;
      await clockReadingLapses();
      vi.setSystemTime(start + PORTAL_CACHE_TTL_MS + 1_000);
      await retrieve({ contact_external_id: '151' }, ['ticket']);
      expect(portalCalls().sort()).toEqual(['GET /account-info/v3/details', 'GET /crm/v3/pipelines/tickets']);
    } finally {
      clock.mockRestore();
      // Nor may a fake reading outlive the test.
      await clockReadingLapses();
    }
  });

  it('shares one read between concurrent retrievals and types', async () => {
    await Promise.all([retrieve({ contact_external_id: '151' }), retrieve({ contact_external_id: '151' })]);
    expect(portalCalls().sort()).toEqual(['GET /account-info/v3/details', 'GET /crm/v3/pipelines/tickets']);
  });

  it('keeps one entry per credential, keyed by a hash that does not contain the token', async () => {
    await retrieve({ contact_external_id: '151' }, ['note']);
    data.token = 'pat-na1-another-user-token-0001';
    await retrieve({ contact_external_id: '151' }, ['note'], { auth: { access_token: data.token } });
    expect(calls().filter((call) => call === 'GET /account-info/v3/details')).toHaveLength(2);
    // The first credential's entry is still there: its next retrieval reads no details.
    upstream.requests.length = 0;
    data.token = HUBSPOT_TEST_TOKEN;
    await retrieve({ contact_external_id: '151' }, ['note']);
    expect(calls()).not.toContain('GET /account-info/v3/details');
    const key = portalCacheKey(origin, HUBSPOT_TEST_TOKEN);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain(HUBSPOT_TEST_TOKEN);
    expect(portalCacheKey(origin, 'pat-na1-another-user-token-0001')).not.toBe(key);
  });

  it('answers without links when the portal details fail, and tries again next time', async () => {
    upstream.use(
      http.get(`${origin}/account-info/v3/details`, () =>
        HttpResponse.json({ status: 'error', message: 'internal error' }, { status: 500 }),
      ),
    );
    const capture = createCaptureLogger();
    const answer = await retrieve({ contact_external_id: '151' }, ['ticket'], { log: capture });
    expect(answer).toHaveLength(3);
    for (const item of answer) expect(item).not.toHaveProperty('url');
    expect(capture.lines).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        fields: { lookup: 'hubspot portal details', code: 'upstream_unavailable' },
      }),
    );
    upstream.reset();
    await retrieve({ contact_external_id: '151' }, ['ticket']);
    expect(calls()).toContain('GET /account-info/v3/details');
  });

  it('answers with open statuses when the pipelines cannot be read', async () => {
    upstream.use(
      http.get(`${origin}/crm/v3/pipelines/tickets`, () =>
        HttpResponse.json({ status: 'error' }, { status: 403 }),
      ),
    );
    const answer = await retrieve({ contact_external_id: '151' }, ['ticket']);
    expect(answer.map((item) => item.status)).toEqual(['open', 'open', 'open']);
  });
});

describe('operator settings', () => {
  it('applies statusMap and priorityMap overrides', async () => {
    const answer = await retrieve({ contact_external_id: '151' }, ['ticket', 'task'], {
      settings: {
        statusMap: { 'Waiting on billing': 'pending', COMPLETED: 'solved' },
        priorityMap: { URGENT: 'high' },
      },
    });
    expect(answer.find((item) => item.id === 'ticket-1876543203')).toMatchObject({
      status: 'pending',
      priority: 'high',
    });
    expect(answer.find((item) => item.id === 'task-45123991002')).toMatchObject({ status: 'solved' });
  });

  it('rejects unknown options and values outside Talkdesk’s enums', () => {
    expect(hubspot.settingsSchema.safeParse({ statusMap: { New: 'done' } }).success).toBe(false);
    expect(hubspot.settingsSchema.safeParse({ portalId: '1' }).success).toBe(false);
    expect(
      hubspot.settingsSchema.safeParse({ statusMap: { New: 'pending' }, priorityMap: { P1: 'urgent' } })
        .success,
    ).toBe(true);
  });
});

describe('Talkdesk configuration', () => {
  const PRIVATE_APP_TOKEN_FIELD = {
    source: 'input',
    display: 'HubSpot private app token',
    mandatory: false,
    type: 'input',
    store: true,
    help: 'A private app access token (Settings › Integrations › Private apps), with the CRM read scopes (and crm.objects.contacts.write for the actions)',
  };

  it('describes the typed-in private app token and the OAuth access token, as the README shows', () => {
    expect(describeAuthFields(hubspot.auth)).toEqual([
      {
        name: 'access_token',
        field: {
          source: 'input',
          display: 'HubSpot access token',
          mandatory: false,
          type: 'oauth',
          store: true,
          help: 'The OAuth access token HubSpot issued through the app authorization (sent by Talkdesk after the OAuth 2.0 flow)',
        },
      },
      { name: 'private_app_token', field: PRIVATE_APP_TOKEN_FIELD },
    ]);
  });

  const target = { integrationId: 'hubspot', publicUrl: 'https://bridge.example.com' };

  it('registers with typed-in credentials by default: only the private app token is asked for', () => {
    const configuration = buildIntegrationConfiguration(hubspot, target);
    expect(configuration.authentication_type).toBe('custom');
    expect(configuration.authentication_configuration).toEqual([
      { private_app_token: PRIVATE_APP_TOKEN_FIELD },
    ]);
  });

  it('registers with OAuth 2.0 on request: HubSpot’s endpoints, the scopes, the token from the flow', () => {
    const configuration = buildIntegrationConfiguration(hubspot, { ...target, authentication: 'oauth2' });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration).toEqual([
      {
        access_token: expect.objectContaining({
          type: 'oauth',
          mandatory: true,
          display: 'HubSpot access token',
        }),
      },
    ]);
    expect(hubspot.oauth).toEqual({
      authorizationUrl: 'https://app.hubspot.com/oauth/authorize',
      tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
      scopes: [
        'crm.objects.contacts.read',
        'crm.objects.contacts.write',
        'tickets',
        'sales-email-read',
        'crm.objects.owners.read',
      ],
      docsUrl: 'https://developers.hubspot.com/docs/apps/legacy-apps/authentication/working-with-oauth',
    });
  });

  it('sends either token as a bearer token; a refused OAuth token is invalid_credentials (Talkdesk refreshes)', async () => {
    await retrieve({ contact_external_id: '151' }, ['note'], {
      auth: { private_app_token: HUBSPOT_TEST_TOKEN },
    });
    expect(upstream.requests[0]?.headers.get('authorization')).toBe(`Bearer ${HUBSPOT_TEST_TOKEN}`);

    upstream.requests.length = 0;
    data.token = 'CJSP5qf1KhICAQEYs-gDIIGOBii1gjIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4';
    const answer = await retrieve({ contact_external_id: '151' }, ['note'], {
      auth: { access_token: data.token },
    });
    expect(answer.map((item) => item.id)).toEqual(['note-45123987001']);
    for (const request of upstream.requests) {
      expect(request.headers.get('authorization')).toBe(`Bearer ${data.token}`);
    }

    const refused = await failure(
      retrieve({ contact_external_id: '151' }, ['note'], { auth: { access_token: 'CJSP-expired-token' } }),
    );
    expect(refused.code).toBe('invalid_credentials');
  });
});

describe('failures', () => {
  it('names the missing auth field in the issues', async () => {
    for (const [auth, path] of [
      [{}, 'auth.private_app_token'],
      [{ token: HUBSPOT_TEST_TOKEN }, 'auth.private_app_token'],
      [{ private_app_token: '  ' }, 'auth.private_app_token'],
      [{ access_token: '   ' }, 'auth.access_token'],
    ] as const) {
      const error = await failure(retrieve({ contact_external_id: '151' }, undefined, { auth }));
      expect(error.code).toBe('invalid_request');
      expect(error.issues?.map((issue) => issue.path)).toEqual([path]);
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('reports a refused token as invalid_credentials without printing it', async () => {
    const capture = createCaptureLogger();
    const error = await failure(
      retrieve({ contact_external_id: '151' }, undefined, {
        auth: { access_token: 'pat-na1-revoked-token-123456' },
        log: capture,
      }),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(upstream.requests[0]?.headers.get('authorization')).toBe('Bearer pat-na1-revoked-token-123456');
    expect(`${capture.text()} ${error.message}`).not.toContain('pat-na1-revoked-token-123456');
  });

  it('gives up at once on the daily limit (a 429 whose policy is DAILY)', async () => {
    upstream.use(
      http.all(`${origin}/*`, () =>
        HttpResponse.json(
          {
            status: 'error',
            message: 'You have reached your daily limit.',
            errorType: 'RATE_LIMIT',
            correlationId: 'c033cdaa-2c40-4a64-ae48-b4cec88dad24',
            policyName: 'DAILY',
            requestId: '3d3e35b7-0dae-4b9f-a6e3-9c230cbcf8dd',
          },
          {
            status: 429,
            headers: { 'X-HubSpot-RateLimit-Daily': '250000', 'X-HubSpot-RateLimit-Daily-Remaining': '0' },
          },
        ),
      ),
    );
    const error = await failure(retrieve({ contact_external_id: '151' }));
    expect(error.code).toBe('rate_limited');
    expect(upstream.requests).toHaveLength(1);
  });

  it('retries a short-window 429 (TEN_SECONDLY_ROLLING) and then answers', async () => {
    let refused = 0;
    upstream.use(
      http.all(`${origin}/*`, () => {
        if (refused > 0) return undefined;
        refused += 1;
        return HttpResponse.json(
          {
            status: 'error',
            message: 'You have reached your ten_secondly_rolling limit.',
            errorType: 'RATE_LIMIT',
            policyName: 'TEN_SECONDLY_ROLLING',
          },
          {
            status: 429,
            headers: {
              'X-HubSpot-RateLimit-Interval-Milliseconds': '10000',
              'X-HubSpot-RateLimit-Remaining': '0',
            },
          },
        );
      }),
    );
    const answer = await retrieve({ contact_external_id: '151' }, ['note']);
    expect(answer.map((item) => item.id)).toEqual(['note-45123987001']);
    expect(calls().slice(0, 2)).toEqual([
      'GET /crm/v3/objects/contacts/151',
      'GET /crm/v3/objects/contacts/151',
    ]);
  });
});
