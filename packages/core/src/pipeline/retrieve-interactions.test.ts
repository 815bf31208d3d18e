import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ConnectorContext,
  type ConnectorInteraction,
  type ContactLookup,
  type ContactRef,
  type ContextOf,
  defineConnector,
} from '../connector.js';
import { interactionRetrievalResponseSchema } from '../contract/interaction-retrieval.js';
import { BridgeError } from '../errors.js';
import type { BridgeLogger } from '../logger.js';
import { DEFAULT_INTERACTION_LIMIT, retrieveInteractions, selectTypes } from './retrieve-interactions.js';

// ---------------------------------------------------------------------------------------------------------
// An in-memory service: contacts and interactions, plus a record of what the pipeline asked for.

interface StoredContact {
  id: string;
  emails?: string[];
  phones?: string[];
}

interface StoredInteraction extends ConnectorInteraction {
  contactId: string;
}

interface MemoryServiceOptions {
  contacts?: StoredContact[];
  interactions?: Record<string, StoredInteraction[]>;
  types?: string[];
}

const USERNAME = 'john.doe@example.com';
const PASSWORD = '605b32dd';
const AUTH = { username: USERNAME, password: PASSWORD };

const authSchema = z.object({
  username: z.string(),
  password: z.string(),
  region: z.string().default('us'),
});

function memoryService(options: MemoryServiceOptions = {}) {
  const lookups: ContactLookup[] = [];
  const listCalls: Array<{ type: string; contactIds: string[] }> = [];
  const contexts: Array<ConnectorContext<unknown, unknown>> = [];
  const contacts = options.contacts ?? [];
  const connector = defineConnector({
    id: 'memory',
    displayName: 'Memory',
    description: 'An in-memory service for tests.',
    auth: authSchema,
    settings: z.object({ pageSize: z.number().int().positive().optional() }),
    interactions: Object.fromEntries(
      (options.types ?? ['case', 'note']).map(
        (type) =>
          [
            type,
            async (ctx: ContextOf<typeof authSchema>, found: ContactRef[]) => {
              listCalls.push({ type, contactIds: found.map((contact) => contact.id) });
              contexts.push(ctx);
              const ids = new Set(found.map((contact) => contact.id));
              return (options.interactions?.[type] ?? [])
                .filter((interaction) => ids.has(interaction.contactId))
                .map(({ contactId: _contactId, ...interaction }) => interaction);
            },
          ] as const,
      ),
    ),
    async findContacts(ctx, lookup) {
      lookups.push(lookup);
      contexts.push(ctx);
      switch (lookup.by) {
        case 'externalId':
          return contacts.filter((contact) => contact.id === lookup.externalId);
        case 'email':
          return contacts.filter((contact) => contact.emails?.some((email) => lookup.emails.includes(email)));
        case 'phone':
          return contacts.filter((contact) => contact.phones?.some((phone) => lookup.phones.includes(phone)));
      }
    },
  });
  return { connector, lookups, listCalls, contexts };
}

function item(
  contactId: string,
  id: string,
  date: ConnectorInteraction['date'],
  extra: Partial<ConnectorInteraction> = {},
): StoredInteraction {
  return { contactId, id, subject: `Subject ${id}`, date, priority: 'normal', status: 'open', ...extra };
}

function body(data: Record<string, unknown>, interactionTypes?: unknown): Record<string, unknown> {
  return {
    auth: AUTH,
    ...(interactionTypes === undefined ? {} : { meta: { interaction_types: interactionTypes } }),
    data,
  };
}

const JANE: StoredContact = {
  id: '1',
  emails: ['jane@example.com', 'jane.doe@example.com'],
  phones: ['+15555555555'],
};
const JOE: StoredContact = {
  id: '2',
  emails: ['joe@example.com', 'shared@example.com'],
  phones: ['+12125550100'],
};
const ANN: StoredContact = {
  id: '3',
  emails: ['ann@example.com', 'shared@example.com'],
  phones: ['+12125550100'],
};

function recordingLogger() {
  const lines: Array<{ level: keyof BridgeLogger; fields: Record<string, unknown>; message: string }> = [];
  const at =
    (level: keyof BridgeLogger) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  const log: BridgeLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
}

async function rejectionOf(promise: Promise<unknown>): Promise<BridgeError> {
  try {
    await promise;
  } catch (error) {
    expect(BridgeError.isInstance(error)).toBe(true);
    return error as BridgeError;
  }
  throw new Error('expected the promise to reject');
}

function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

// ---------------------------------------------------------------------------------------------------------

describe('retrieveInteractions: the spec example', () => {
  it('answers the spec request in the spec format', async () => {
    const { connector } = memoryService({
      contacts: [JANE],
      interactions: {
        case: [
          item('1', '23', '2012-11-21T17:53:51Z', {
            subject: 'A very important matter',
            description: 'Your order is ready to be shipped',
            url: 'http://example.com/interactions/23',
            priority: 'high',
            status: 'pending',
          }),
        ],
        note: [item('1', 'n1', '2012-11-20T09:00:00+01:00', { priority: 'none', status: 'closed' })],
      },
    });
    const result = await retrieveInteractions(
      connector,
      body(
        {
          contact_external_id: '1',
          contact_name: 'Jane',
          contact_emails: ['jane.doe@example.com', 'jane@example.com'],
          contact_phones: ['+15555555555'],
        },
        ['case', 'note'],
      ),
    );
    expect(result).toEqual([
      {
        id: '23',
        subject: 'A very important matter',
        description: 'Your order is ready to be shipped',
        date: '2012-11-21 17:53:51 UTC',
        url: 'http://example.com/interactions/23',
        type: 'case',
        priority: 'high',
        status: 'pending',
      },
      {
        id: 'n1',
        subject: 'Subject n1',
        date: '2012-11-20 08:00:00 UTC',
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
    ]);
    expect(interactionRetrievalResponseSchema.safeParse(result).success).toBe(true);
  });
});

describe('retrieveInteractions: contact resolution', () => {
  it('looks up the external id first and stops there when it finds the contact', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: { case: [item('1', 'a', 1_700_000_000_000)] },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({
        contact_external_id: '1',
        contact_emails: ['jane@example.com'],
        contact_phones: ['+15555555555'],
      }),
    );
    expect(service.lookups).toEqual([{ by: 'externalId', externalId: '1' }]);
    expect(result.map((interaction) => interaction.id)).toEqual(['a']);
  });

  it('falls back to the emails when the external id is stale', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: { case: [item('1', 'a', 1_700_000_000_000)] },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({
        contact_external_id: 'merged-away',
        contact_emails: ['jane@example.com'],
        contact_phones: ['+15555555555'],
      }),
    );
    expect(service.lookups).toEqual([
      { by: 'externalId', externalId: 'merged-away' },
      { by: 'email', emails: ['jane@example.com'] },
    ]);
    expect(result.map((interaction) => interaction.id)).toEqual(['a']);
  });

  it('looks up the phones only when the emails find nobody', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: { case: [item('1', 'a', 1_700_000_000_000)] },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({
        contact_external_id: 'gone',
        contact_emails: ['nobody@example.com'],
        contact_phones: ['(555) 555-5555'],
      }),
    );
    expect(service.lookups).toEqual([
      { by: 'externalId', externalId: 'gone' },
      { by: 'email', emails: ['nobody@example.com'] },
      { by: 'phone', phones: ['+15555555555'] },
    ]);
    expect(result.map((interaction) => interaction.id)).toEqual(['a']);
  });

  it('starts with the emails when there is no external id, and does not look up phones after a match', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: { case: [item('1', 'a', 1_700_000_000_000)] },
    });
    await retrieveInteractions(
      service.connector,
      body({
        contact_external_id: '',
        contact_emails: ['jane@example.com'],
        contact_phones: ['+15555555555'],
      }),
    );
    expect(service.lookups).toEqual([{ by: 'email', emails: ['jane@example.com'] }]);
  });

  it('starts with the phones when there is neither external id nor email', async () => {
    const service = memoryService({ contacts: [JANE] });
    await retrieveInteractions(service.connector, body({ contact_phones: ['+1 555-555-5555'] }));
    expect(service.lookups).toEqual([{ by: 'phone', phones: ['+15555555555'] }]);
  });

  it('gives the lookups normalised values: trimmed, lower-cased, E.164, de-duplicated, blanks dropped', async () => {
    const service = memoryService({ contacts: [] });
    await retrieveInteractions(
      service.connector,
      body({
        contact_external_id: '  ext-9  ',
        contact_emails: [' Jane@Example.COM ', 'jane@example.com', '', 'JOE@example.com'],
        contact_phones: [
          '(555) 555-5555',
          '+1 555-555-5555',
          '555.555.5555',
          'not a phone',
          '',
          '+44 20 7946 0958',
        ],
      }),
    );
    expect(service.lookups).toEqual([
      { by: 'externalId', externalId: 'ext-9' },
      { by: 'email', emails: ['jane@example.com', 'joe@example.com'] },
      { by: 'phone', phones: ['+15555555555', '+442079460958'] },
    ]);
  });

  it('reads national phone numbers in the given default country', async () => {
    const service = memoryService({ contacts: [] });
    await retrieveInteractions(service.connector, body({ contact_phones: ['020 7946 0958'] }), {
      defaultCountry: 'GB',
    });
    expect(service.lookups).toEqual([{ by: 'phone', phones: ['+442079460958'] }]);
  });

  it('answers [] without listing interactions when nobody matches', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: { case: [item('1', 'a', 1_700_000_000_000)] },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({
        contact_external_id: 'x',
        contact_emails: ['nobody@example.com'],
        contact_phones: ['+12025550199'],
      }),
    );
    expect(result).toEqual([]);
    expect(service.lookups).toHaveLength(3);
    expect(service.listCalls).toEqual([]);
  });

  it('answers [] without any lookup when the request says nothing searchable', async () => {
    const service = memoryService({ contacts: [JANE] });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_name: 'Jane', contact_emails: ['  '], contact_phones: ['garbage'] }),
    );
    expect(result).toEqual([]);
    expect(service.lookups).toEqual([]);
    expect(service.listCalls).toEqual([]);
  });

  it('merges the interactions of every matching contact', async () => {
    const service = memoryService({
      contacts: [JANE, JOE, ANN],
      interactions: {
        case: [
          item('2', 'joe-case', '2024-03-02T00:00:00Z'),
          item('3', 'ann-case', '2024-03-01T00:00:00Z'),
          item('1', 'jane-case', '2024-03-03T00:00:00Z'),
        ],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_emails: ['shared@example.com'] }),
    );
    expect(service.listCalls).toEqual([
      { type: 'case', contactIds: ['2', '3'] },
      { type: 'note', contactIds: ['2', '3'] },
    ]);
    expect(result.map((interaction) => interaction.id)).toEqual(['joe-case', 'ann-case']);
  });

  it('passes each matching contact once even if the connector returns it twice', async () => {
    const listed: string[][] = [];
    const connector = defineConnector({
      id: 'twice',
      displayName: 'Twice',
      description: 'Returns the same contact twice.',
      auth: z.object({}),
      interactions: {
        case: async (_ctx, contacts) => {
          listed.push(contacts.map((contact) => contact.id));
          return [];
        },
      },
      findContacts: async () => [{ id: '1' }, { id: '2' }, { id: '1' }],
    });
    await retrieveInteractions(connector, body({ contact_emails: ['a@example.com'] }));
    expect(listed).toEqual([['1', '2']]);
  });

  it('passes the contact refs the connector returned (with their extra fields) to the listers', async () => {
    interface Ref extends ContactRef {
      kind: 'lead' | 'contact';
    }
    const listed: Ref[][] = [];
    const connector = defineConnector({
      id: 'refs',
      displayName: 'Refs',
      description: 'Contact refs with extra fields.',
      auth: z.object({}),
      interactions: {
        case: async (_ctx, contacts: Ref[]) => {
          listed.push(contacts);
          return [];
        },
      },
      findContacts: async (): Promise<Ref[]> => [{ id: '7', kind: 'lead' }],
    });
    await retrieveInteractions(connector, body({ contact_external_id: '7' }));
    expect(listed).toEqual([[{ id: '7', kind: 'lead' }]]);
  });
});

describe('retrieveInteractions: the answer', () => {
  it('de-duplicates interactions by id', async () => {
    const shared = {
      contactId: '2',
      id: 'shared-ticket',
      subject: 'Shared',
      date: '2024-03-01T00:00:00Z',
    } as const;
    const service = memoryService({
      contacts: [JOE, ANN],
      interactions: {
        case: [
          { ...shared, priority: 'normal', status: 'open' },
          { ...shared, contactId: '3', priority: 'normal', status: 'open' },
          item('3', 'other', '2024-02-01T00:00:00Z'),
        ],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_emails: ['shared@example.com'] }),
    );
    expect(result.map((interaction) => interaction.id)).toEqual(['shared-ticket', 'other']);
  });

  it('keeps the first type (in the connector order) when two types return the same id', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        case: [item('1', '42', '2024-03-01T00:00:00Z', { subject: 'as a case' })],
        note: [item('1', '42', '2024-03-05T00:00:00Z', { subject: 'as a note' })],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_external_id: '1' }, ['note', 'case']),
    );
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ id: '42', type: 'case', subject: 'as a case' });
  });

  it('sorts newest first across types and contacts', async () => {
    const service = memoryService({
      contacts: [JOE, ANN],
      interactions: {
        case: [
          item('2', 'c-2020', '2020-01-01T00:00:00Z'),
          item('3', 'c-2024', '2024-06-01T12:00:00+02:00'),
          // An hour later than c-2024 in UTC, though its local time reads earlier.
          item('2', 'c-2024-later', '2024-06-01T11:00:00Z'),
          item('2', 'c-2022', Date.UTC(2022, 0, 1)),
        ],
        note: [
          item('3', 'n-2023', new Date(Date.UTC(2023, 0, 1))),
          item('2', 'n-2025', '2025-01-01 00:00:00 UTC'),
        ],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_emails: ['shared@example.com'] }),
    );
    expect(result.map((interaction) => interaction.id)).toEqual([
      'n-2025',
      'c-2024-later',
      'c-2024',
      'n-2023',
      'c-2022',
      'c-2020',
    ]);
  });

  it('caps the answer at 50 by default, keeping the newest, and tells the connector the limit', async () => {
    expect(DEFAULT_INTERACTION_LIMIT).toBe(50);
    const base = Date.UTC(2024, 0, 1);
    const many = Array.from({ length: 60 }, (_, index) => item('1', `i${index}`, base + index * 60_000));
    const service = memoryService({ contacts: [JANE], interactions: { case: many } });
    const result = await retrieveInteractions(service.connector, body({ contact_external_id: '1' }));
    expect(result).toHaveLength(50);
    expect(result[0]?.id).toBe('i59');
    expect(result[49]?.id).toBe('i10');
    expect(result.map((interaction) => interaction.id)).not.toContain('i9');
    for (const ctx of service.contexts) expect(ctx.limit).toBe(50);
  });

  it('caps the answer at a custom limit, keeping the newest', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        case: [item('1', 'old', '2020-01-01T00:00:00Z'), item('1', 'newest', '2024-01-01T00:00:00Z')],
        note: [item('1', 'newer', '2023-01-01T00:00:00Z'), item('1', 'older', '2021-01-01T00:00:00Z')],
      },
    });
    const result = await retrieveInteractions(service.connector, body({ contact_external_id: '1' }), {
      limit: 3,
    });
    expect(result.map((interaction) => interaction.id)).toEqual(['newest', 'newer', 'older']);
    expect(service.contexts.length).toBeGreaterThan(0);
    for (const ctx of service.contexts) expect(ctx.limit).toBe(3);
  });

  it('converts every date input to the Talkdesk format', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        case: [
          item('1', 'offset', '2024-03-01T10:00:00+02:00'),
          item('1', 'zulu', '2024-03-02T10:00:00Z'),
          item('1', 'millis', Date.UTC(2024, 2, 3, 10, 0, 0)),
          item('1', 'date', new Date(Date.UTC(2024, 2, 4, 10, 0, 0))),
          item('1', 'talkdesk', '2024-03-05 10:00:00 UTC'),
        ],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_external_id: '1' }, ['case']),
    );
    expect(Object.fromEntries(result.map((interaction) => [interaction.id, interaction.date]))).toEqual({
      offset: '2024-03-01 08:00:00 UTC',
      zulu: '2024-03-02 10:00:00 UTC',
      millis: '2024-03-03 10:00:00 UTC',
      date: '2024-03-04 10:00:00 UTC',
      talkdesk: '2024-03-05 10:00:00 UTC',
    });
  });

  it('skips an interaction whose date is invalid and logs a warning naming it', async () => {
    const { log, lines } = recordingLogger();
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        case: [
          item('1', 'good', '2024-03-01T00:00:00Z'),
          item('1', 'bad', 'not a date'),
          item('1', 'worse', Number.NaN),
        ],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_external_id: '1' }, ['case']),
      {
        log,
      },
    );
    expect(result.map((interaction) => interaction.id)).toEqual(['good']);
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings.map((line) => line.fields)).toEqual([
      expect.objectContaining({ type: 'case', interactionId: 'bad' }),
      expect.objectContaining({ type: 'case', interactionId: 'worse' }),
    ]);
    expect(warnings[0]?.message).toMatch(/date/);
  });

  it('skips (rather than failing the whole answer on) a date too far in the future to format', async () => {
    // e.g. epoch microseconds sent where milliseconds were expected: year ~56000
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        case: [item('1', 'good', '2024-03-01T00:00:00Z'), item('1', 'micros', 1_709_287_200_000_000)],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_external_id: '1' }, ['case']),
    );
    expect(result.map((interaction) => interaction.id)).toEqual(['good']);
  });

  it('sets the type, omits empty description and url, and stringifies ids', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        note: [
          item('1', 99 as unknown as string, '2024-03-01T00:00:00Z', { description: '', url: '' }),
          item('1', 'with-extras', '2024-02-01T00:00:00Z', { description: 'Preview', url: 'https://x/1' }),
        ],
      },
    });
    const result = await retrieveInteractions(
      service.connector,
      body({ contact_external_id: '1' }, ['note']),
    );
    expect(result).toEqual([
      {
        id: '99',
        subject: 'Subject 99',
        date: '2024-03-01 00:00:00 UTC',
        type: 'note',
        priority: 'normal',
        status: 'open',
      },
      {
        id: 'with-extras',
        subject: 'Subject with-extras',
        description: 'Preview',
        date: '2024-02-01 00:00:00 UTC',
        url: 'https://x/1',
        type: 'note',
        priority: 'normal',
        status: 'open',
      },
    ]);
  });

  it('does not pass fields outside the contract through', async () => {
    const connector = defineConnector({
      id: 'extra',
      displayName: 'Extra',
      description: 'Returns extra fields.',
      auth: z.object({}),
      interactions: {
        case: async () => [
          {
            id: '1',
            subject: 'S',
            date: '2024-03-01T00:00:00Z',
            priority: 'low',
            status: 'new',
            internalNotes: 'do not leak',
          } as ConnectorInteraction,
        ],
      },
      findContacts: async () => [{ id: '1' }],
    });
    const result = await retrieveInteractions(connector, body({ contact_external_id: '1' }));
    expect(Object.keys(result[0] ?? {}).sort()).toEqual([
      'date',
      'id',
      'priority',
      'status',
      'subject',
      'type',
    ]);
  });

  it('fails with internal when the connector returns a status outside the contract', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        case: [item('1', 'a', '2024-03-01T00:00:00Z', { status: 'resolved' as unknown as 'solved' })],
      },
    });
    const error = await rejectionOf(
      retrieveInteractions(service.connector, body({ contact_external_id: '1' })),
    );
    expect(error.code).toBe('internal');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['[0].status']);
  });

  it('fails with internal when the connector returns a priority outside the contract', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: {
        case: [item('1', 'a', '2024-03-01T00:00:00Z', { priority: 'p1' as unknown as 'high' })],
      },
    });
    const error = await rejectionOf(
      retrieveInteractions(service.connector, body({ contact_external_id: '1' })),
    );
    expect(error.code).toBe('internal');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['[0].priority']);
  });

  it('fails with internal when the connector returns an empty id', async () => {
    const service = memoryService({
      contacts: [JANE],
      interactions: { case: [item('1', '', '2024-03-01T00:00:00Z')] },
    });
    const error = await rejectionOf(
      retrieveInteractions(service.connector, body({ contact_external_id: '1' })),
    );
    expect(error.code).toBe('internal');
  });
});

describe('retrieveInteractions: interaction types', () => {
  const data = { contact_external_id: '1' };
  const interactions = {
    case: [item('1', 'case-1', '2024-03-02T00:00:00Z')],
    note: [item('1', 'note-1', '2024-03-01T00:00:00Z')],
    call: [item('1', 'call-1', '2024-03-03T00:00:00Z')],
  };

  it('fetches and returns only the requested types the connector supports, ignoring unknown ones', async () => {
    const service = memoryService({ contacts: [JANE], interactions, types: ['case', 'note', 'call'] });
    const result = await retrieveInteractions(service.connector, body(data, ['note', 'meeting', 'email']));
    expect(service.listCalls.map((call) => call.type)).toEqual(['note']);
    expect(result.map((interaction) => interaction.id)).toEqual(['note-1']);
    for (const interaction of result) expect(['note', 'meeting', 'email']).toContain(interaction.type);
  });

  it('fetches every supported type when meta is missing', async () => {
    const service = memoryService({ contacts: [JANE], interactions, types: ['case', 'note', 'call'] });
    const result = await retrieveInteractions(service.connector, body(data));
    expect(service.listCalls.map((call) => call.type)).toEqual(['case', 'note', 'call']);
    expect(result.map((interaction) => interaction.type)).toEqual(['call', 'case', 'note']);
  });

  it('fetches every supported type when interaction_types is empty or absent from meta', async () => {
    for (const requestBody of [body(data, []), { auth: AUTH, meta: {}, data }]) {
      const service = memoryService({ contacts: [JANE], interactions, types: ['case', 'note', 'call'] });
      const result = await retrieveInteractions(service.connector, requestBody);
      expect(service.listCalls.map((call) => call.type).sort()).toEqual(['call', 'case', 'note']);
      expect(result).toHaveLength(3);
    }
  });

  it('answers [] without any lookup when no requested type is supported', async () => {
    const service = memoryService({ contacts: [JANE], interactions });
    const result = await retrieveInteractions(service.connector, body(data, ['meeting', 'email']));
    expect(result).toEqual([]);
    expect(service.lookups).toEqual([]);
    expect(service.listCalls).toEqual([]);
  });

  it('fetches the types in parallel', async () => {
    const started: string[] = [];
    let allStarted!: () => void;
    const gate = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    const connector = defineConnector({
      id: 'parallel',
      displayName: 'Parallel',
      description: 'Waits until every type has started.',
      auth: z.object({}),
      interactions: Object.fromEntries(
        ['case', 'note'].map(
          (type) =>
            [
              type,
              async () => {
                started.push(type);
                if (started.length === 2) allStarted();
                // Sequential fetching would wait here forever (until the deadline).
                await gate;
                return [item('1', `${type}-1`, '2024-03-01T00:00:00Z')].map(
                  ({ contactId: _c, ...rest }) => rest,
                );
              },
            ] as const,
        ),
      ),
      findContacts: async () => [{ id: '1' }],
    });
    const result = await retrieveInteractions(connector, body(data), { deadlineMs: 2_000 });
    expect(started).toEqual(['case', 'note']);
    expect(result.map((interaction) => interaction.id).sort()).toEqual(['case-1', 'note-1']);
  });
});

describe('selectTypes', () => {
  const { connector } = memoryService({ types: ['case', 'note', 'call'] });

  it("keeps the connector's order whatever the requested order", () => {
    expect(selectTypes(connector, ['call', 'case'])).toEqual(['case', 'call']);
  });

  it('returns every type when none is requested, as a copy', () => {
    const all = selectTypes(connector, undefined);
    expect(all).toEqual(['case', 'note', 'call']);
    expect(all).not.toBe(connector.interactionTypes);
    expect(selectTypes(connector, [])).toEqual(['case', 'note', 'call']);
  });

  it('ignores unknown and duplicated types', () => {
    expect(selectTypes(connector, ['note', 'x', 'note'])).toEqual(['note']);
    expect(selectTypes(connector, ['x'])).toEqual([]);
  });
});

describe('retrieveInteractions: validation', () => {
  it('rejects an invalid body with invalid_request naming every failing path, before any lookup', async () => {
    const service = memoryService({ contacts: [JANE] });
    const error = await rejectionOf(
      retrieveInteractions(service.connector, {
        meta: { interaction_types: 'case' },
        data: { contact_emails: 'jane@example.com' },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual([
      'auth',
      'data.contact_emails',
      'meta.interaction_types',
    ]);
    expect(error.message).toMatch(/^(auth|meta\.interaction_types|data\.contact_emails): /);
    expect(service.lookups).toEqual([]);
  });

  it('rejects a body that is not an object', async () => {
    const { connector } = memoryService();
    for (const invalid of [undefined, null, 'auth=x', [AUTH]]) {
      const error = await rejectionOf(retrieveInteractions(connector, invalid));
      expect(error.code).toBe('invalid_request');
    }
  });

  it('rejects a data.contact_emails string at that path', async () => {
    const { connector } = memoryService();
    const error = await rejectionOf(
      retrieveInteractions(connector, body({ contact_emails: 'jane@example.com' })),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['data.contact_emails']);
    expect(error.message.startsWith('data.contact_emails: ')).toBe(true);
  });

  it("rejects auth fields the connector cannot use, naming them without the other credentials' values", async () => {
    const service = memoryService({ contacts: [JANE] });
    const error = await rejectionOf(
      retrieveInteractions(service.connector, {
        auth: { username: USERNAME },
        data: { contact_external_id: '1' },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.password']);
    expect(error.message).toContain('auth.password');
    expect(error.message).not.toContain(USERNAME);
    expect(JSON.stringify(error.issues)).not.toContain(USERNAME);
    expect(service.lookups).toEqual([]);
  });

  it('does not echo a credential of the wrong type', async () => {
    const { connector } = memoryService();
    const error = await rejectionOf(
      retrieveInteractions(connector, { auth: { username: USERNAME, password: 60532881 }, data: {} }),
    );
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.password']);
    const reported = `${error.message} ${JSON.stringify(error.issues)}`;
    expect(reported).not.toContain('60532881');
    expect(reported).not.toContain(USERNAME);
  });

  it('rejects invalid settings with invalid_request naming the connector and the option', async () => {
    const service = memoryService({ contacts: [JANE] });
    const error = await rejectionOf(
      retrieveInteractions(service.connector, body({ contact_external_id: '1' }), {
        settings: { pageSize: -1 },
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('"memory"');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['options.pageSize']);
    expect(service.lookups).toEqual([]);
  });

  it('rejects unknown settings keys and non-http base URLs', async () => {
    const { connector } = memoryService();
    for (const settings of [{ pagesize: 10 }, { baseUrl: 'ftp://example.com' }]) {
      const error = await rejectionOf(retrieveInteractions(connector, body({}), { settings }));
      expect(error.code).toBe('invalid_request');
    }
  });

  it('gives the connector the validated auth (with its defaults), settings and query', async () => {
    const service = memoryService({ contacts: [JANE] });
    await retrieveInteractions(
      service.connector,
      body({ contact_external_id: '1', contact_name: '  Jane ', contact_emails: ['JANE@example.com'] }),
      { settings: { pageSize: 10, baseUrl: 'http://localhost:9999' } },
    );
    const ctx = service.contexts[0];
    expect(ctx?.auth).toEqual({ username: USERNAME, password: PASSWORD, region: 'us' });
    expect(ctx?.settings).toEqual({ pageSize: 10, baseUrl: 'http://localhost:9999' });
    expect(ctx?.query).toEqual({ externalId: '1', name: 'Jane', emails: ['jane@example.com'], phones: [] });
    expect(ctx?.signal).toBeInstanceOf(AbortSignal);
    // The operation has ended: its signal aborted whatever it might still have had running.
    expect(ctx?.signal.aborted).toBe(true);
    expect(typeof ctx?.deadline).toBe('number');
  });

  it('keeps the request credentials out of whatever the connector logs', async () => {
    const { log, lines } = recordingLogger();
    const connector = defineConnector({
      id: 'chatty',
      displayName: 'Chatty',
      description: 'Logs more than it should.',
      auth: z.object({ username: z.string(), password: z.string() }),
      interactions: { case: async () => [] },
      async findContacts(ctx) {
        ctx.log.info(
          { auth: ctx.auth, url: `https://x/api?token=${ctx.auth.password}` },
          `as ${ctx.auth.username}`,
        );
        return [];
      },
    });
    await retrieveInteractions(connector, body({ contact_external_id: '1' }), { log });
    expect(lines.length).toBeGreaterThan(0);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(PASSWORD);
    expect(logged).not.toContain(USERNAME);
  });

  it('keeps the code, message and details of a BridgeError from the connector', async () => {
    const connector = defineConnector({
      id: 'rejecting',
      displayName: 'Rejecting',
      description: 'Rejects the credentials.',
      auth: z.object({}),
      interactions: { case: async () => [] },
      findContacts: async () => {
        throw new BridgeError('rate_limited', 'The service is rate limiting', {
          retryAfterSeconds: 12,
          details: { service: 'memory' },
        });
      },
    });
    const error = await rejectionOf(retrieveInteractions(connector, body({ contact_external_id: '1' })));
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe('The service is rate limiting');
    expect(error.retryAfterSeconds).toBe(12);
    expect(error.details).toEqual({ service: 'memory' });
  });

  it('keeps the request credentials out of errors the connector throws', async () => {
    const thrown: unknown[] = [
      new BridgeError(
        'upstream_unavailable',
        `GET https://x/api?password=${PASSWORD} failed for ${USERNAME}`,
        {
          details: { url: `https://x/api?password=${PASSWORD}` },
        },
      ),
      new Error(`connect ECONNREFUSED https://${encodeURIComponent(USERNAME)}:${PASSWORD}@x`),
    ];
    for (const error of thrown) {
      const connector = defineConnector({
        id: 'leaky',
        displayName: 'Leaky',
        description: 'Puts credentials in its errors.',
        auth: z.object({ username: z.string(), password: z.string() }),
        interactions: { case: async () => [] },
        findContacts: async () => {
          throw error;
        },
      });
      const reported = await rejectionOf(retrieveInteractions(connector, body({ contact_external_id: '1' })));
      const cause = reported.cause instanceof Error ? reported.cause.message : String(reported.cause ?? '');
      const visible = `${reported.message} ${JSON.stringify(reported.details ?? {})} ${cause}`;
      expect(visible).not.toContain(PASSWORD);
      expect(visible).not.toContain(USERNAME);
      expect(visible).not.toContain(encodeURIComponent(USERNAME));
    }
  });

  it('reports an unexpected connector failure as internal without its message', async () => {
    const connector = defineConnector({
      id: 'crashing',
      displayName: 'Crashing',
      description: 'Throws a TypeError.',
      auth: z.object({}),
      interactions: { case: async () => [] },
      findContacts: async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      },
    });
    const error = await rejectionOf(retrieveInteractions(connector, body({ contact_external_id: '1' })));
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('Cannot read properties');
  });
});

describe('retrieveInteractions: deadline', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => {
    unhandled.push(reason);
  };
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
    unhandled.length = 0;
  });

  function hangingConnector(hangIn: 'findContacts' | 'lister') {
    const signals: AbortSignal[] = [];
    let listStarted!: () => void;
    const started = new Promise<void>((resolve) => {
      listStarted = resolve;
    });
    const connector = defineConnector({
      id: 'hanging',
      displayName: 'Hanging',
      description: 'Never answers.',
      auth: z.object({}),
      interactions: {
        case: async (ctx) => {
          signals.push(ctx.signal);
          listStarted();
          return never<ConnectorInteraction[]>();
        },
        note: async (ctx) => {
          signals.push(ctx.signal);
          listStarted();
          return never<ConnectorInteraction[]>();
        },
      },
      async findContacts(ctx) {
        signals.push(ctx.signal);
        if (hangIn === 'findContacts') {
          listStarted();
          return never<ContactRef[]>();
        }
        return [{ id: '1' }];
      },
    });
    return { connector, signals, started };
  }

  it('rejects with deadline_exceeded when a lister never resolves', async () => {
    const { connector, signals } = hangingConnector('lister');
    const error = await rejectionOf(
      retrieveInteractions(connector, body({ contact_external_id: '1' }), { deadlineMs: 50 }),
    );
    expect(error.code).toBe('deadline_exceeded');
    expect(signals.length).toBeGreaterThan(0);
  });

  it('rejects with deadline_exceeded when findContacts never resolves', async () => {
    const { connector } = hangingConnector('findContacts');
    const error = await rejectionOf(
      retrieveInteractions(connector, body({ contact_external_id: '1' }), { deadlineMs: 50 }),
    );
    expect(error.code).toBe('deadline_exceeded');
  });

  it('aborts the signal given to the connector at the deadline', async () => {
    const { connector, signals } = hangingConnector('lister');
    await rejectionOf(
      retrieveInteractions(connector, body({ contact_external_id: '1' }), { deadlineMs: 50 }),
    );
    expect(signals.length).toBe(3);
    for (const signal of signals) expect(signal.aborted).toBe(true);
  });

  it('reports the deadline when a connector that honours the signal rejects with an abort error', async () => {
    const connector = defineConnector({
      id: 'honouring',
      displayName: 'Honouring',
      description: 'Rejects when its signal aborts.',
      auth: z.object({}),
      interactions: {
        case: (ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
          }),
      },
      findContacts: async () => [{ id: '1' }],
    });
    const error = await rejectionOf(
      retrieveInteractions(connector, body({ contact_external_id: '1' }), { deadlineMs: 50 }),
    );
    expect(error.code).toBe('deadline_exceeded');
  });

  it("rejects with deadline_exceeded when the caller's signal aborts, and aborts the connector's signal", async () => {
    const { connector, signals, started } = hangingConnector('lister');
    const caller = new AbortController();
    const pending = retrieveInteractions(connector, body({ contact_external_id: '1' }), {
      deadlineMs: 60_000,
      signal: caller.signal,
    });
    await started;
    caller.abort();
    const error = await rejectionOf(pending);
    expect(error.code).toBe('deadline_exceeded');
    for (const signal of signals) expect(signal.aborted).toBe(true);
  });

  it('rejects with deadline_exceeded, and leaves no unhandled rejection, when the caller has already gone', async () => {
    process.on('unhandledRejection', onUnhandled);
    const connector = defineConnector({
      id: 'honouring',
      displayName: 'Honouring',
      description: 'Checks its signal before calling out.',
      auth: z.object({}),
      interactions: { case: async () => [] },
      async findContacts(ctx) {
        ctx.signal.throwIfAborted();
        return [{ id: '1' }];
      },
    });
    const error = await rejectionOf(
      retrieveInteractions(connector, body({ contact_external_id: '1' }), { signal: AbortSignal.abort() }),
    );
    expect(error.code).toBe('deadline_exceeded');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });
});
