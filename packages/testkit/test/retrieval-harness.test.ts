import { contactSync, defineConnector, synchronizeContacts } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cursorInOffset, FAST_RETRY, offsetWithCursor, retrievalHarness } from '../src/index.js';

const seen: { auth: unknown; settings: unknown; types: string[] }[] = [];
const connector = defineConnector({
  id: 'harness',
  displayName: 'Harness',
  description: 'test',
  auth: z.object({ token: z.string() }),
  settings: z.object({ region: z.string().optional() }),
  findContacts: async (ctx) => {
    seen.push({ auth: ctx.auth, settings: ctx.settings, types: [] });
    return [{ id: '1' }];
  },
  interactions: {
    ticket: async () => [
      { id: 't1', subject: 'T', date: '2024-01-02T00:00:00Z', priority: 'none', status: 'open' },
    ],
    note: async () => [
      { id: 'n1', subject: 'N', date: '2024-01-01T00:00:00Z', priority: 'none', status: 'open' },
    ],
  },
  syncContacts: contactSync({
    cursor: z.strictObject({ page: z.number().int().min(1).max(100) }),
    page: async (_ctx: unknown, page) => ({
      contacts: [{ id: 'c', name: 'C', updatedAt: '2024-01-01T00:00:00Z' }],
      ...(page.cursor ? {} : { nextCursor: { page: 2 } }),
    }),
  }),
});

describe('retrievalHarness', () => {
  it('sends the harness auth, types and settings, overridable per call', async () => {
    const retrieve = retrievalHarness(connector, {
      auth: { token: 'tok-1' },
      types: ['ticket'],
      settings: { region: 'eu' },
    });
    seen.length = 0;
    expect((await retrieve({ contact_external_id: '1' })).map((item) => item.id)).toEqual(['t1']);
    expect(
      (
        await retrieve({ contact_external_id: '1' }, { auth: { token: 'tok-2' }, types: ['ticket', 'note'] })
      ).map((item) => item.id),
    ).toEqual(['t1', 'n1']);
    expect(seen.map((call) => call.auth)).toEqual([{ token: 'tok-1' }, { token: 'tok-2' }]);
    expect(seen[0]?.settings).toEqual({ region: 'eu' });
    expect(FAST_RETRY.maxAttempts).toBeLessThanOrEqual(3);
  });
});

describe('offset helpers', () => {
  it('read the cursor of an issued offset and forge one the pipeline refuses', async () => {
    const first = await synchronizeContacts(connector, { auth: { token: 'tok-1' } });
    expect(cursorInOffset(first.next_offset)).toEqual({ page: 2 });
    await expect(
      synchronizeContacts(connector, {
        auth: { token: 'tok-1' },
        meta: { offset: offsetWithCursor({ page: 'x' }) },
      }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    const second = await synchronizeContacts(connector, {
      auth: { token: 'tok-1' },
      meta: { offset: offsetWithCursor({ page: 2 }) },
    });
    expect(second.next_offset).toBeUndefined();
  });
});
