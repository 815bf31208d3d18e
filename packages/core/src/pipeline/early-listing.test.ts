// Listing by a synced external id in the same round as the id's lookup (`contactFromExternalId`): the
// listers start before the lookup answers, their result is kept when the lookup confirms the id, and thrown
// away (the lookup going on by email) when it does not.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ContactLookup, type ContactRef, defineConnector } from '../connector.js';
import type { BridgeLogger } from '../logger.js';
import { type OmittedType, retrieveInteractions } from './retrieve-interactions.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * A service whose id lookups answer only when the test says so, so the test can see what started before.
 * Each contact has one note and one call; the notes of the contact with id `broken` cannot be read.
 */
function service(options: { byEmail?: ContactRef[]; guess?: (id: string) => ContactRef | undefined } = {}) {
  const idLookup = deferred<ContactRef[]>();
  const events: string[] = [];
  const connector = defineConnector({
    id: 'early',
    displayName: 'Early',
    description: 'A service whose listers filter by contact id.',
    auth: z.object({ token: z.string() }),
    interactions: {
      note: async (_ctx, contacts: ContactRef[]) => {
        const ids = contacts.map((contact) => contact.id).join(',');
        events.push(`list note ${ids}`);
        if (ids === 'broken') throw new Error('the notes of this id cannot be read');
        return contacts.map((contact) => ({
          id: `note-of-${contact.id}`,
          subject: `A note of ${contact.id}`,
          date: '2025-03-02T10:38:00Z',
          priority: 'low' as const,
          status: 'open' as const,
        }));
      },
      // A second type, so a failing note leaves a partial answer rather than failing it.
      call: async (_ctx, contacts: ContactRef[]) =>
        contacts.map((contact) => ({
          id: `call-of-${contact.id}`,
          subject: `A call with ${contact.id}`,
          date: '2025-03-01T10:38:00Z',
          priority: 'low' as const,
          status: 'closed' as const,
        })),
    },
    async findContacts(_ctx, lookup: ContactLookup) {
      events.push(`find ${lookup.by}`);
      if (lookup.by === 'externalId') return idLookup.promise;
      if (lookup.by === 'email') return options.byEmail ?? [];
      return [];
    },
    contactFromExternalId: options.guess ?? ((id) => ({ id })),
  });
  return { connector, idLookup, events };
}

const request = (externalId: string, emails: string[] = [], types = ['note']) => ({
  auth: { token: 't0ken' },
  meta: { interaction_types: types },
  data: { contact_external_id: externalId, contact_emails: emails },
});

/** Lets every promise callback that can run, run (the lookup is still held back). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('retrieveInteractions: listing by external id in the lookup round', () => {
  it('starts the listers before the id lookup answers, and keeps their result when it confirms the id', async () => {
    const { connector, idLookup, events } = service();
    const answer = retrieveInteractions(connector, request('42'));
    await settle();
    expect(events).toEqual(['list note 42', 'find externalId']);
    idLookup.resolve([{ id: '42' }]);
    expect((await answer).map((interaction) => interaction.id)).toEqual(['note-of-42']);
    expect(events).toEqual(['list note 42', 'find externalId']);
  });

  it('drops that listing when the id is stale, and lists for the contact the emails find', async () => {
    const { connector, idLookup, events } = service({ byEmail: [{ id: '7' }] });
    const answer = retrieveInteractions(connector, request('42', ['jane@example.com']));
    idLookup.resolve([]);
    expect((await answer).map((interaction) => interaction.id)).toEqual(['note-of-7']);
    expect(events).toEqual(['list note 42', 'find externalId', 'find email', 'list note 7']);
  });

  it('lists again when the id lookup answers another contact (a merge kept the other id)', async () => {
    const { connector, idLookup, events } = service();
    const answer = retrieveInteractions(connector, request('42'));
    idLookup.resolve([{ id: '43' }]);
    expect((await answer).map((interaction) => interaction.id)).toEqual(['note-of-43']);
    expect(events).toEqual(['list note 42', 'find externalId', 'list note 43']);
  });

  it('lists again when the lookup found the id with other fields than the early ref (another module)', async () => {
    const { connector, idLookup, events } = service({
      guess: (id) => ({ id, module: 'Contacts' }) as ContactRef,
    });
    const answer = retrieveInteractions(connector, request('42'));
    idLookup.resolve([{ id: '42', module: 'Leads' } as ContactRef]);
    expect((await answer).map((interaction) => interaction.id)).toEqual(['note-of-42']);
    expect(events).toEqual(['list note 42', 'find externalId', 'list note 42']);
  });

  it('keeps the early listing when the lookup found the same fields', async () => {
    const { connector, idLookup, events } = service({
      guess: (id) => ({ id, module: 'Contacts' }) as ContactRef,
    });
    const answer = retrieveInteractions(connector, request('42'));
    idLookup.resolve([{ id: '42', module: 'Contacts' } as ContactRef]);
    await answer;
    expect(events).toEqual(['list note 42', 'find externalId']);
  });

  it('answers [] when the id is stale and nothing else finds the contact', async () => {
    const { connector, idLookup, events } = service();
    const answer = retrieveInteractions(connector, request('42'));
    idLookup.resolve([]);
    expect(await answer).toEqual([]);
    expect(events).toEqual(['list note 42', 'find externalId']);
  });

  it('does not report or log a type that failed only in a dropped listing', async () => {
    const { connector, idLookup } = service({ byEmail: [{ id: '7' }] });
    const omitted: OmittedType[][] = [];
    const warnings: string[] = [];
    const log = recordingLogger(warnings);
    const answer = retrieveInteractions(
      connector,
      request('broken', ['jane@example.com'], ['note', 'call']),
      {
        log,
        onOmittedTypes: (types) => omitted.push([...types]),
      },
    );
    idLookup.resolve([]);
    expect((await answer).map((interaction) => interaction.id)).toEqual(['note-of-7', 'call-of-7']);
    expect(omitted).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('reports and logs a type that failed in a kept listing', async () => {
    const { connector, idLookup } = service();
    const omitted: OmittedType[][] = [];
    const warnings: string[] = [];
    const answer = retrieveInteractions(connector, request('broken', [], ['note', 'call']), {
      log: recordingLogger(warnings),
      onOmittedTypes: (types) => omitted.push([...types]),
    });
    idLookup.resolve([{ id: 'broken' }]);
    expect((await answer).map((interaction) => interaction.id)).toEqual(['call-of-broken']);
    expect(omitted).toEqual([[{ type: 'note', code: 'internal' }]]);
    expect(warnings).toEqual(['interaction type left out of the answer']);
  });

  it('starts nothing early for an id the connector says cannot be one of the service', async () => {
    const { connector, idLookup, events } = service({
      guess: (id) => (/^\d+$/.test(id) ? { id } : undefined),
    });
    const answer = retrieveInteractions(connector, request('not-a-number'));
    await settle();
    expect(events).toEqual(['find externalId']);
    idLookup.resolve([{ id: 'not-a-number' }]);
    await answer;
    expect(events).toEqual(['find externalId', 'list note not-a-number']);
  });
});

function recordingLogger(warnings: string[]): BridgeLogger {
  return {
    debug: () => {},
    info: () => {},
    warn: (_fields, message) => warnings.push(message),
    error: (_fields, message) => warnings.push(message),
  };
}
