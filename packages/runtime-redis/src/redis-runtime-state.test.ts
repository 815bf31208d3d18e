import { type ContactRef, type RuntimeState, type RuntimeStateEvent, silentLogger } from '@talkbridge/core';
import { createCaptureLogger, startRedisServer, type TestRedisServer } from '@talkbridge/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

// Real servers on a shared, loaded two-core machine: generous per-test time, no timing in assertions.
vi.setConfig({ testTimeout: 30_000 });

import { RedisBudgetStore } from './redis-budget-store.js';
import { RedisConnection } from './redis-connection.js';
import { createRedisRuntimeState } from './redis-runtime-state.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const AUTH = { access_token: 'pat-na1-0f1e2d3c-secret' };
const EMAIL = 'jane.doe@example.com';

let redis: TestRedisServer;
let inspector: Redis;
const opened: RuntimeState[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  inspector = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  inspector.on('error', () => {});
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((state) => state.close()));
  await Promise.all(closers.splice(0).map((close) => close()));
  if (inspector.status === 'ready') await inspector.flushall();
});

afterAll(async () => {
  inspector.disconnect();
  await redis.stop();
});

async function openState(
  events: RuntimeStateEvent[] = [],
  log = createCaptureLogger(),
): Promise<RuntimeState> {
  const state = createRedisRuntimeState({
    url: redis.url,
    secret: SECRET,
    log,
    onEvent: (event) => events.push(event),
  });
  opened.push(state);
  await until(() => state.status().state === 'ok');
  return state;
}

/** Polls (bounded) until the condition holds: for connection changes, which take a moment. */
async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let tries = 0; tries < 400; tries += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function scopeOf(state: RuntimeState) {
  return { integrationId: 'hubspot', credentialIdentity: state.keys.credentialIdentity(AUTH) };
}

const lookup = { by: 'email' as const, emails: [EMAIL] };

describe('runtime state on Redis', () => {
  beforeAll(async () => {
    await inspector.connect();
  });

  it('shares a cached contact between two instances, keyed without any credential or email', async () => {
    const [a, b] = [await openState(), await openState()];
    let upstreamCalls = 0;
    const find = async (): Promise<ContactRef[]> => {
      upstreamCalls += 1;
      return [{ id: '901' }];
    };
    expect(await a.contacts.resolve(scopeOf(a), lookup, find)).toEqual([{ id: '901' }]);
    expect(await b.contacts.resolve(scopeOf(b), lookup, find)).toEqual([{ id: '901' }]);
    expect(upstreamCalls).toBe(1);

    const keys = await inspector.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key.startsWith('talkbridge:')).toBe(true);
      for (const text of [
        'jane',
        'example.com',
        'pat-na1',
        'secret',
        'hubspot',
        scopeOf(a).credentialIdentity,
      ])
        expect(key).not.toContain(text);
    }
    const ttl = await inspector.pttl(keys[0] as string);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it("invalidates every instance's view of a scope from any instance", async () => {
    const [a, b] = [await openState(), await openState()];
    await a.contacts.resolve(scopeOf(a), lookup, async () => []);
    await b.contacts.invalidate(scopeOf(b));
    expect(await a.contacts.resolve(scopeOf(a), lookup, async () => [{ id: '77' }])).toEqual([{ id: '77' }]);
  });

  it("makes an instance wait for another's lookup of the same contact rather than repeat it", async () => {
    const eventsB: RuntimeStateEvent[] = [];
    const [a, b] = [await openState(), await openState(eventsB)];
    let upstreamCalls = 0;
    let finish!: () => void;
    const slow = a.contacts.resolve(scopeOf(a), lookup, () => {
      upstreamCalls += 1;
      return new Promise<ContactRef[]>((resolve) => {
        finish = () => resolve([{ id: '5' }]);
      });
    });
    await until(() => upstreamCalls === 1, 'the first lookup');
    const second = b.contacts.resolve(scopeOf(b), lookup, async () => {
      upstreamCalls += 1;
      return [{ id: 'repeat' }];
    });
    await until(() => eventsB.some((event) => event.type === 'contact_cache'), 'the second lookup');
    finish();
    expect(await Promise.all([slow, second])).toEqual([[{ id: '5' }], [{ id: '5' }]]);
    expect(upstreamCalls).toBe(1);
    expect(eventsB).toContainEqual({ type: 'coalesced', what: 'contact_lookup', integrationId: 'hubspot' });
  });

  it("draws every instance's calls for one account from one budget, atomically", async () => {
    const [a, b] = [openBudgetStore(), openBudgetStore()];
    await until(() => a.connection.ready && b.connection.ready, 'both connections');
    const spec = [{ key: 'budget:test', points: 5, durationMs: 60_000 }];
    const reservations = await Promise.all(
      Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? a : b).store.reserve(spec, 120_000)),
    );
    const waits = reservations
      .map((reservation) => (reservation.granted ? reservation.waitMs : -1))
      .sort((x, y) => x - y);
    expect(waits.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    for (const wait of waits.slice(5)) {
      expect(wait).toBeGreaterThan(50_000);
      expect(wait).toBeLessThanOrEqual(60_000);
    }
    // A turn beyond the longest wait is refused, says when it would come, and reserves nothing.
    const refused = await a.store.reserve(spec, 1_000);
    expect(refused.granted).toBe(false);
    expect(refused.granted === false && refused.retryAfterMs).toBeGreaterThan(50_000);
    expect(await inspector.zcard('talkbridge:budget:test:log')).toBe(10);
  });

  it('makes every instance wait out a block learnt by one', async () => {
    const [a, b] = [openBudgetStore(), openBudgetStore()];
    await until(() => a.connection.ready && b.connection.ready, 'both connections');
    await a.store.block('budget:blocked', 30_000);
    const reservation = await b.store.reserve(
      [{ key: 'budget:blocked', points: 100, durationMs: 10_000 }],
      60_000,
    );
    expect(reservation.granted).toBe(true);
    expect(reservation.granted && reservation.waitMs).toBeGreaterThan(25_000);
    // A shorter block never shortens a longer one.
    await b.store.block('budget:blocked', 1_000);
    expect(await inspector.pttl('talkbridge:budget:blocked:block')).toBeGreaterThan(25_000);
  });

  it('keeps answering from local state while Redis is away, says so, and reconnects by itself', async () => {
    const events: RuntimeStateEvent[] = [];
    const log = createCaptureLogger();
    const state = await openState(events, log);
    const scope = scopeOf(state);
    await state.contacts.resolve(scope, lookup, async () => [{ id: '1' }]);

    await redis.stop();
    await until(() => state.status().state === 'degraded', 'the loss to be noticed');
    let upstreamCalls = 0;
    const find = async (): Promise<ContactRef[]> => {
      upstreamCalls += 1;
      return [{ id: '1' }];
    };
    // Misses in local memory, then hits there; budgets pace locally.
    expect(await state.contacts.resolve(scope, lookup, find)).toEqual([{ id: '1' }]);
    expect(await state.contacts.resolve(scope, lookup, find)).toEqual([{ id: '1' }]);
    expect(upstreamCalls).toBe(1);
    await state.contacts.invalidate(scope);
    await state.budgets.acquire({
      connectorId: 'hubspot',
      account: 'a',
      method: 'POST',
      endpoint: '/search',
      budgets: [{ name: 'search', points: 5, durationMs: 1_000, scope: 'account' }],
      deadline: Date.now() + 5_000,
      signal: new AbortController().signal,
    });
    const degraded = state.status();
    expect(degraded).toMatchObject({ backend: 'redis', state: 'degraded' });
    expect(degraded.fallbacks).toBeGreaterThan(0);
    expect(degraded.degradedSince).toEqual(expect.any(String));
    expect(events).toContainEqual({ type: 'store_connection', state: 'lost' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'store_fallback', store: 'contacts' }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'store_fallback', store: 'budgets' }));
    expect(
      log.lines.some((line) => line.level === 'warn' && line.message.includes('redis connection lost')),
    ).toBe(true);
    expect(JSON.stringify(log.lines)).not.toContain(redis.url);

    await redis.start();
    await until(() => state.status().state === 'ok', 'the reconnection');
    expect(events).toContainEqual({ type: 'store_connection', state: 'connected' });
    // The invalidation made during the outage reached Redis once it was back (Redis restarted empty).
    await until(() => inspector.status === 'ready', 'the inspector to reconnect');
    let generationKeys: string[] = [];
    for (let tries = 0; tries < 100 && generationKeys.length === 0; tries += 1) {
      generationKeys = (await inspector.keys('*')).filter((key) => key.endsWith(':generation'));
      if (generationKeys.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(generationKeys).toHaveLength(1);
  });
});

function openBudgetStore() {
  const connection = new RedisConnection({ url: redis.url, log: silentLogger, onEvent: () => {} });
  closers.push(() => connection.close());
  return { connection, store: new RedisBudgetStore(connection, { prefix: 'talkbridge:' }) };
}
