import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ConnectorContext, type ContactLookup, type ContactRef, defineConnector } from '../connector.js';
import type { BridgeLogger } from '../logger.js';
import { unavailableHttpClient } from './connector-context.js';
import { resolveContacts } from './resolve-contacts.js';

function connectorAnswering(answers: Partial<Record<ContactLookup['by'], ContactRef[]>>) {
  const lookups: ContactLookup[] = [];
  const connector = defineConnector({
    id: 'scripted',
    displayName: 'Scripted',
    description: 'Answers each lookup step from a table.',
    auth: z.object({}),
    interactions: { case: async () => [] },
    async findContacts(_ctx, lookup) {
      lookups.push(lookup);
      return answers[lookup.by] ?? [];
    },
  });
  return { connector, lookups };
}

function context(log?: BridgeLogger): ConnectorContext<unknown, unknown> {
  const ignore = () => {};
  return {
    auth: {},
    settings: {},
    signal: new AbortController().signal,
    deadline: Date.now() + 1_000,
    limit: 50,
    log: log ?? { debug: ignore, info: ignore, warn: ignore, error: ignore },
    http: unavailableHttpClient('test'),
    query: { emails: [], phones: [] },
  };
}

const fullQuery = { externalId: 'x1', name: 'Jane', emails: ['jane@example.com'], phones: ['+15555555555'] };

describe('resolveContacts', () => {
  it('stops at the external id when it matches', async () => {
    const { connector, lookups } = connectorAnswering({ externalId: [{ id: 'x1' }], email: [{ id: 'e1' }] });
    expect(await resolveContacts(connector, context(), fullQuery)).toEqual([{ id: 'x1' }]);
    expect(lookups.map((lookup) => lookup.by)).toEqual(['externalId']);
  });

  it('tries emails, then phones, stopping at the first match', async () => {
    const emailMatch = connectorAnswering({ email: [{ id: 'e1' }], phone: [{ id: 'p1' }] });
    expect(await resolveContacts(emailMatch.connector, context(), fullQuery)).toEqual([{ id: 'e1' }]);
    expect(emailMatch.lookups.map((lookup) => lookup.by)).toEqual(['externalId', 'email']);

    const phoneMatch = connectorAnswering({ phone: [{ id: 'p1' }] });
    expect(await resolveContacts(phoneMatch.connector, context(), fullQuery)).toEqual([{ id: 'p1' }]);
    expect(phoneMatch.lookups).toEqual([
      { by: 'externalId', externalId: 'x1' },
      { by: 'email', emails: ['jane@example.com'] },
      { by: 'phone', phones: ['+15555555555'] },
    ]);
  });

  it('skips the steps the query has no data for', async () => {
    const { connector, lookups } = connectorAnswering({});
    expect(await resolveContacts(connector, context(), { emails: [], phones: ['+15555555555'] })).toEqual([]);
    expect(lookups.map((lookup) => lookup.by)).toEqual(['phone']);
    lookups.length = 0;
    expect(await resolveContacts(connector, context(), { name: 'Jane', emails: [], phones: [] })).toEqual([]);
    expect(lookups).toEqual([]);
  });

  it('returns every match once, first seen wins', async () => {
    const { connector } = connectorAnswering({
      email: [{ id: '1', name: 'first' }, { id: '2' }, { id: '1', name: 'second' }] as ContactRef[],
    });
    expect(await resolveContacts(connector, context(), fullQuery)).toEqual([
      { id: '1', name: 'first' },
      { id: '2' },
    ]);
  });

  it('logs which step matched and how many', async () => {
    const debug: Array<Record<string, unknown>> = [];
    const ignore = () => {};
    const log: BridgeLogger = {
      debug: (fields) => debug.push(fields),
      info: ignore,
      warn: ignore,
      error: ignore,
    };
    const { connector } = connectorAnswering({ email: [{ id: '1' }, { id: '2' }] });
    await resolveContacts(connector, context(log), fullQuery);
    expect(debug).toEqual([{ step: 'email', matches: 2 }]);
  });

  it('passes the context through to the connector', async () => {
    const seen: unknown[] = [];
    const connector = defineConnector({
      id: 'ctx',
      displayName: 'Ctx',
      description: 'Records its context.',
      auth: z.object({}),
      interactions: { case: async () => [] },
      async findContacts(ctx) {
        seen.push(ctx);
        return [];
      },
    });
    const ctx = context();
    await resolveContacts(connector, ctx, fullQuery);
    expect(seen).toHaveLength(3);
    for (const value of seen) expect(value).toBe(ctx);
  });
});

describe('resolveContacts with the email lookup alongside the external id', () => {
  /** A connector whose lookups wait for the test to release them, so the test sees what ran at once. */
  function gatedConnector(answers: Partial<Record<ContactLookup['by'], ContactRef[]>>) {
    const started: ContactLookup['by'][] = [];
    const release: (() => void)[] = [];
    const connector = defineConnector({
      id: 'gated',
      displayName: 'Gated',
      description: 'Lookups wait for a release.',
      auth: z.object({}),
      interactions: { case: async () => [] },
      async findContacts(_ctx, lookup) {
        started.push(lookup.by);
        await new Promise<void>((resolve) => release.push(resolve));
        return answers[lookup.by] ?? [];
      },
    });
    return {
      connector,
      started,
      releaseAll: () => {
        for (const go of release.splice(0)) go();
      },
    };
  }

  it('a stale id: the email lookup already started in the same round answers', async () => {
    const { connector, started, releaseAll } = gatedConnector({ email: [{ id: 'e1' }] });
    const found = resolveContacts(connector, context(), fullQuery, undefined, { alongsideExternalId: true });
    await new Promise((resolve) => setImmediate(resolve));
    // Both lookups are in flight before either answers: one round, not two.
    expect(started).toEqual(['externalId', 'email']);
    releaseAll();
    expect(await found).toEqual([{ id: 'e1' }]);
    expect(started).toEqual(['externalId', 'email']);
  });

  it('a good id wins; the email lookup started alongside is not used and the phone never asked', async () => {
    const { connector, started, releaseAll } = gatedConnector({
      externalId: [{ id: 'x1' }],
      email: [{ id: 'e1' }],
    });
    const found = resolveContacts(connector, context(), fullQuery, undefined, { alongsideExternalId: true });
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    expect(await found).toEqual([{ id: 'x1' }]);
    expect(started).toEqual(['externalId', 'email']);
  });

  it('off (the default), the email lookup waits for the id to find no one', async () => {
    const { connector, started, releaseAll } = gatedConnector({ email: [{ id: 'e1' }] });
    const found = resolveContacts(connector, context(), fullQuery);
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['externalId']);
    releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    releaseAll();
    expect(await found).toEqual([{ id: 'e1' }]);
  });
});
