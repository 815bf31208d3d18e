import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ConnectorContact, contactSync, defineConnector } from '../connector.js';
import { BridgeError } from '../errors.js';
import { decodeSyncOffset, encodeSyncOffset } from './sync-offset.js';
import { synchronizeContacts } from './synchronize-contacts.js';

// Five contacts, two sharing an update second, served three per page in the connector's own order.
const all: ConnectorContact[] = [
  { id: 'c', name: 'Carol', emails: ['carol@example.com', ''], updatedAt: '2024-01-01T10:00:05.900Z' },
  { id: 'a', name: 'Ann', company: '', updatedAt: '2024-01-01T10:00:00Z' },
  { id: 'b', name: 'Bob', title: 'CTO', updatedAt: '2024-01-01T10:00:05.100Z' },
  { id: 'd', name: 'Dan', phones: ['+15555550100'], updatedAt: '2024-01-02T00:00:00Z' },
  { id: 'e', name: 'Eve', updatedAt: '2024-01-03T00:00:00Z' },
];
const calls: { updatedSince?: Date; cursor?: string; limit: number }[] = [];
const connector = defineConnector({
  id: 'contacts',
  displayName: 'Contacts',
  description: 'test',
  auth: z.object({ token: z.string() }),
  interactions: { note: async () => [] },
  findContacts: async () => [],
  syncContacts: contactSync({
    cursor: z.string().max(20),
    async page(ctx: { limit: number }, page) {
      calls.push({ ...page, limit: ctx.limit });
      const since = page.updatedSince?.getTime() ?? 0;
      const ordered = all.filter((contact) => Date.parse(String(contact.updatedAt)) >= since);
      const start = page.cursor ? Number(page.cursor) : 0;
      const slice = ordered.slice(start, start + ctx.limit);
      return {
        contacts: slice,
        nextCursor: start + slice.length < ordered.length ? String(start + slice.length) : undefined,
      };
    },
  }),
});
const auth = { token: 'tok-123456' };

describe('synchronizeContacts', () => {
  it('initial sync: sorts each page ascending, drops empty fields, and pages with an opaque offset', async () => {
    calls.length = 0;
    const first = await synchronizeContacts(connector, { auth }, { pageSize: 3 });
    expect(first.contacts.map((contact) => contact.id)).toEqual(['a', 'b', 'c']);
    expect(first.contacts[0]).toEqual({ id: 'a', name: 'Ann' });
    expect(first.contacts[2]).toEqual({ id: 'c', name: 'Carol', emails: ['carol@example.com'] });
    expect(first.synchronization_checkpoint).toBe('2024-01-01 10:00:05 UTC');
    expect(decodeSyncOffset(first.next_offset as string).cursor).toBe('3');
    expect(calls[0]).toEqual({ limit: 3 });

    const second = await synchronizeContacts(
      connector,
      { auth, meta: { offset: first.next_offset } },
      { pageSize: 3 },
    );
    expect(second.contacts.map((contact) => contact.id)).toEqual(['d', 'e']);
    expect(second.next_offset).toBeUndefined();
    expect(second.synchronization_checkpoint).toBe('2024-01-03 00:00:00 UTC');
  });

  it('incremental sync asks for contacts at or after the checkpoint second, so ties are not skipped', async () => {
    calls.length = 0;
    const answer = await synchronizeContacts(connector, {
      auth,
      meta: { synchronization_checkpoint: '2024-01-01 10:00:05 UTC' },
    });
    expect(calls[0]?.updatedSince?.toISOString()).toBe('2024-01-01T10:00:05.000Z');
    expect(answer.contacts.map((contact) => contact.id)).toEqual(['b', 'c', 'd', 'e']);
  });

  it('keeps the checkpoint when an incremental sync finds nothing new, and sends none for an empty initial sync', async () => {
    const later = await synchronizeContacts(connector, {
      auth,
      meta: { synchronization_checkpoint: '2030-01-01 00:00:00 UTC' },
    });
    expect(later).toEqual({ contacts: [], synchronization_checkpoint: '2030-01-01 00:00:00 UTC' });
  });

  it('refuses a checkpoint it did not issue and a forged offset, before calling the connector', async () => {
    calls.length = 0;
    for (const meta of [{ synchronization_checkpoint: 'last tuesday' }, { offset: 'forged!' }]) {
      const error = await synchronizeContacts(connector, { auth, meta }).catch((caught: unknown) => caught);
      expect(BridgeError.isInstance(error) && error.code).toBe('invalid_request');
    }
    expect(calls).toHaveLength(0);
  });

  it('reports a connector without contact sync as not_found', async () => {
    const { syncContacts: _omit, ...rest } = connector;
    const error = await synchronizeContacts({ ...rest }, { auth }).catch((caught: unknown) => caught);
    expect(BridgeError.isInstance(error) && error.code).toBe('not_found');
  });
});

describe('synchronizeContacts with a typed cursor (contract v2)', () => {
  const seen: unknown[] = [];
  const typed = defineConnector({
    id: 'typed',
    displayName: 'Typed',
    description: 'test',
    auth: z.object({ token: z.string() }),
    findContacts: async () => [],
    interactions: { note: async () => [] },
    syncContacts: contactSync({
      cursor: z.strictObject({ start: z.number().int().min(1).max(1_000_000) }),
      async page(ctx: { limit: number }, page) {
        seen.push(page.cursor);
        const start = page.cursor?.start ?? 0;
        const slice = all.slice(start, start + ctx.limit);
        const next = start + slice.length;
        return { contacts: slice, ...(next < all.length ? { nextCursor: { start: next } } : {}) };
      },
    }),
  });

  it('hands the connector back the cursor it returned, typed, and refuses one it did not', async () => {
    seen.length = 0;
    const first = await synchronizeContacts(typed, { auth }, { pageSize: 2 });
    const second = await synchronizeContacts(
      typed,
      { auth, meta: { offset: first.next_offset } },
      { pageSize: 2 },
    );
    expect(seen).toEqual([undefined, { start: 2 }]);
    expect(second.contacts).toHaveLength(2);

    const forged = encodeSyncOffset({ cursor: { start: 2, sql: 'drop' } });
    await expect(synchronizeContacts(typed, { auth, meta: { offset: forged } })).rejects.toMatchObject({
      code: 'invalid_request',
      issues: [{ path: 'meta.offset', message: 'not an offset this bridge issued' }],
    });
    expect(seen).toHaveLength(2);
  });
});
