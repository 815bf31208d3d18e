// Listing by the request's email in the same round as the email's lookup (`listingByEmail`): the listers
// start for a provisional contact before the lookup answers, their result is kept when the lookup resolves
// one contact the connector confirms, and thrown away (the found contacts listed as usual) otherwise.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ContactLookup, type ContactRef, defineConnector } from '../connector.js';
import type { BridgeLogger } from '../logger.js';
import { createMemoryRuntimeState } from '../runtime/runtime-state.js';
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

/** A ref of this service: found contacts say which address they were found by; provisional ones list by one. */
interface ServiceContact extends ContactRef {
  /** Set on the provisional contact of an email: the listers list by it. */
  listByEmail?: string;
  /** Set by the email lookup on a contact whose primary address is the one looked up. */
  primary?: boolean;
}

const provisional = (email: string): ServiceContact => ({ id: `email:${email}`, listByEmail: email });

/**
 * A service whose email lookups answer only when the test says so (the first one; later ones at once with
 * the same contacts), so the test can see what started before. Each contact has one note and one call; the
 * notes listed for the id or email `broken` (or `broken@example.com`) cannot be read.
 */
function service(options: { byPhone?: ServiceContact[]; byId?: ServiceContact[] } = {}) {
  const emailLookup = deferred<ServiceContact[]>();
  const events: string[] = [];
  const whoOf = (contacts: ServiceContact[]) =>
    contacts.map((contact) => contact.listByEmail ?? contact.id).join(',');
  const connector = defineConnector({
    id: 'by-email',
    displayName: 'By email',
    description: 'A service whose listers filter by the requester’s email or id.',
    auth: z.object({ token: z.string() }),
    interactions: {
      note: async (_ctx, contacts: ServiceContact[]) => {
        const who = whoOf(contacts);
        events.push(`list note ${who}`);
        if (who.startsWith('broken')) throw new Error('the notes of this contact cannot be read');
        return contacts.map((contact) => ({
          id: `note-of-${contact.id}`,
          subject: `A note of ${contact.id}`,
          date: '2025-03-02T10:38:00Z',
          priority: 'low' as const,
          status: 'open' as const,
        }));
      },
      // A second type, so a failing note leaves a partial answer rather than failing it.
      call: async (_ctx, contacts: ServiceContact[]) =>
        contacts.map((contact) => ({
          id: `call-of-${contact.id}`,
          subject: `A call with ${contact.id}`,
          date: '2025-03-01T10:38:00Z',
          priority: 'low' as const,
          status: 'closed' as const,
        })),
    },
    async findContacts(_ctx, lookup: ContactLookup) {
      events.push(lookup.by === 'email' ? `find email ${lookup.emails.join(',')}` : `find ${lookup.by}`);
      if (lookup.by === 'email') return emailLookup.promise;
      if (lookup.by === 'externalId') return options.byId ?? [];
      return options.byPhone ?? [];
    },
    contactFromExternalId: (id): ServiceContact => ({ id }),
    listingByEmail: {
      contactFromEmail: (email) => (email.includes('@') ? provisional(email) : undefined),
      holdsFor: (found: ServiceContact, _email) => found.primary === true,
    },
  });
  return { connector, emailLookup, events };
}

const request = (
  data: { emails?: string[]; phones?: string[]; externalId?: string },
  types: string[] = ['note'],
) => ({
  auth: { token: 't0ken' },
  meta: { interaction_types: types },
  data: {
    ...(data.externalId ? { contact_external_id: data.externalId } : {}),
    contact_emails: data.emails ?? [],
    contact_phones: data.phones ?? [],
  },
});

const ids = (answer: { id: string }[]) => answer.map((interaction) => interaction.id);

/** Lets every promise callback that can run, run (the lookup is still held back). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('retrieveInteractions: listing by email in the lookup round', () => {
  it('starts the listers before the email lookup answers, and keeps their result when it confirms the contact', async () => {
    const { connector, emailLookup, events } = service();
    const answer = retrieveInteractions(connector, request({ emails: ['jane@example.com'] }));
    await settle();
    expect(events).toEqual(['list note jane@example.com', 'find email jane@example.com']);
    emailLookup.resolve([{ id: '7', primary: true }]);
    expect(ids(await answer)).toEqual(['note-of-email:jane@example.com']);
    expect(events).toEqual(['list note jane@example.com', 'find email jane@example.com']);
  });

  it('drops that listing for a contact found by another (secondary) address, and lists it by id', async () => {
    const { connector, emailLookup, events } = service();
    const answer = retrieveInteractions(connector, request({ emails: ['jane@home.example'] }));
    emailLookup.resolve([{ id: '7' }]);
    expect(ids(await answer)).toEqual(['note-of-7']);
    expect(events).toEqual(['list note jane@home.example', 'find email jane@home.example', 'list note 7']);
  });

  it('drops that listing when the email finds several contacts, and lists them all', async () => {
    const { connector, emailLookup, events } = service();
    const answer = retrieveInteractions(connector, request({ emails: ['desk@example.com'] }));
    emailLookup.resolve([
      { id: '7', primary: true },
      { id: '8', primary: true },
    ]);
    expect(ids(await answer).sort()).toEqual(['note-of-7', 'note-of-8']);
    expect(events).toEqual(['list note desk@example.com', 'find email desk@example.com', 'list note 7,8']);
  });

  it('drops that listing when the email finds nobody, and lists for the contact the phones find', async () => {
    const { connector, emailLookup, events } = service({ byPhone: [{ id: '9' }] });
    const answer = retrieveInteractions(
      connector,
      request({ emails: ['nobody@example.com'], phones: ['+14155550100'] }),
    );
    emailLookup.resolve([]);
    expect(ids(await answer)).toEqual(['note-of-9']);
    expect(events).toEqual([
      'list note nobody@example.com',
      'find email nobody@example.com',
      'find phone',
      'list note 9',
    ]);
  });

  it('answers [] when nobody is found, whatever the email listing found', async () => {
    const { connector, emailLookup } = service();
    const answer = retrieveInteractions(connector, request({ emails: ['nobody@example.com'] }));
    emailLookup.resolve([]);
    expect(await answer).toEqual([]);
  });

  it('starts nothing early with two emails: one search, then the listing', async () => {
    const { connector, emailLookup, events } = service();
    const answer = retrieveInteractions(
      connector,
      request({ emails: ['jane@example.com', 'jane@home.example'] }),
    );
    await settle();
    expect(events).toEqual(['find email jane@example.com,jane@home.example']);
    emailLookup.resolve([{ id: '7', primary: true }]);
    expect(ids(await answer)).toEqual(['note-of-7']);
    expect(events).toEqual(['find email jane@example.com,jane@home.example', 'list note 7']);
  });

  it('starts nothing early for an email the connector cannot list by', async () => {
    const { connector, emailLookup, events } = service();
    // Not an address the (test) vendor's filter takes: contactFromEmail says undefined.
    const answer = retrieveInteractions(connector, request({ emails: ['jane'] }));
    await settle();
    expect(events).toEqual(['find email jane']);
    emailLookup.resolve([{ id: '7', primary: true }]);
    await answer;
    expect(events).toEqual(['find email jane', 'list note 7']);
  });

  it('starts nothing on a contact-cache hit: the cached contact is listed by id, in one round', async () => {
    const { connector, emailLookup, events } = service();
    const runtimeState = createMemoryRuntimeState();
    emailLookup.resolve([{ id: '7', primary: true }]);
    const view = request({ emails: ['jane@example.com'] });
    await retrieveInteractions(connector, view, { runtimeState });
    events.length = 0;
    expect(ids(await retrieveInteractions(connector, view, { runtimeState }))).toEqual(['note-of-7']);
    expect(events).toEqual(['list note 7']);
  });

  it('starts the listing beside the email lookup that follows a stale external id', async () => {
    const { connector, emailLookup, events } = service({ byId: [] });
    const answer = retrieveInteractions(
      connector,
      request({ externalId: '42', emails: ['jane@example.com'] }),
    );
    emailLookup.resolve([{ id: '7', primary: true }]);
    expect(ids(await answer)).toEqual(['note-of-email:jane@example.com']);
    expect(events).toEqual([
      'list note 42',
      'find externalId',
      'list note jane@example.com',
      'find email jane@example.com',
    ]);
  });

  it('keeps the id’s listing, and starts none by email, when the external id is confirmed', async () => {
    const { connector, events } = service({ byId: [{ id: '42' }] });
    const answer = retrieveInteractions(
      connector,
      request({ externalId: '42', emails: ['jane@example.com'] }),
    );
    expect(ids(await answer)).toEqual(['note-of-42']);
    expect(events).toEqual(['list note 42', 'find externalId']);
  });

  it('starts nothing by email beside an email lookup started alongside the external id’s', async () => {
    const { connector, emailLookup, events } = service({ byId: [] });
    const answer = retrieveInteractions(
      connector,
      request({ externalId: '42', emails: ['jane@example.com'] }),
      { lookupAlongsideExternalId: true },
    );
    await settle();
    expect(events).toEqual(['list note 42', 'find externalId', 'find email jane@example.com']);
    emailLookup.resolve([{ id: '7', primary: true }]);
    expect(ids(await answer)).toEqual(['note-of-7']);
    expect(events).toEqual(['list note 42', 'find externalId', 'find email jane@example.com', 'list note 7']);
  });

  it('does not report or log a type that failed only in a dropped listing', async () => {
    const { connector, emailLookup } = service();
    const omitted: OmittedType[][] = [];
    const warnings: string[] = [];
    const answer = retrieveInteractions(
      connector,
      request({ emails: ['broken@example.com'] }, ['note', 'call']),
      { log: recordingLogger(warnings), onOmittedTypes: (types) => omitted.push([...types]) },
    );
    // Found by a secondary address: the listing by email (whose notes fail) is dropped.
    emailLookup.resolve([{ id: '7' }]);
    expect(ids(await answer)).toEqual(['note-of-7', 'call-of-7']);
    expect(omitted).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('does not surface a dropped listing that fails every type, with partial answers off', async () => {
    const { connector, emailLookup } = service();
    const answer = retrieveInteractions(connector, request({ emails: ['broken@example.com'] }), {
      partialAnswers: false,
    });
    emailLookup.resolve([{ id: '7' }]);
    expect(ids(await answer)).toEqual(['note-of-7']);
  });

  it('reports and logs a type that failed in a kept listing, as a normal listing would', async () => {
    const { connector, emailLookup } = service();
    const omitted: OmittedType[][] = [];
    const warnings: string[] = [];
    const answer = retrieveInteractions(
      connector,
      request({ emails: ['broken@example.com'] }, ['note', 'call']),
      { log: recordingLogger(warnings), onOmittedTypes: (types) => omitted.push([...types]) },
    );
    emailLookup.resolve([{ id: '7', primary: true }]);
    expect(ids(await answer)).toEqual(['call-of-email:broken@example.com']);
    expect(omitted).toEqual([[{ type: 'note', code: 'internal' }]]);
    expect(warnings).toEqual(['interaction type left out of the answer']);
  });

  it('fails the answer when a kept listing fails with partial answers off', async () => {
    const { connector, emailLookup } = service();
    const answer = retrieveInteractions(connector, request({ emails: ['broken@example.com'] }), {
      partialAnswers: false,
    });
    emailLookup.resolve([{ id: '7', primary: true }]);
    await expect(answer).rejects.toMatchObject({ code: 'internal' });
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
