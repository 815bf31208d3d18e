import { describe, expect, it } from 'vitest';
import type { ContactLookup, ContactRef } from '../connector.js';
import { ContactCache, type ContactCacheStore, MAX_CACHED_CONTACTS_BYTES } from './contact-cache.js';
import { MemoryContactStore } from './memory-stores.js';
import type { RuntimeStateEvent } from './runtime-events.js';
import { createStateKeys } from './state-keys.js';

const keys = createStateKeys('s'.repeat(40));
const AUTH = { subdomain: 'acme', email: 'agent@acme.test', token: 'zd-token-9f8e7d6c' };
const scope = { integrationId: 'zendesk-acme', credentialIdentity: keys.credentialIdentity(AUTH) };
const byEmail: ContactLookup = { by: 'email', emails: ['jane.doe@example.com', 'j.doe@example.org'] };

function setup(options: { ttlMs?: number; negativeTtlMs?: number; store?: ContactCacheStore } = {}) {
  let now = 1_700_000_000_000;
  const store = new MemoryContactStore({ now: () => now });
  const events: RuntimeStateEvent[] = [];
  const cache = new ContactCache({
    store: options.store ?? store,
    keys,
    onEvent: (event) => events.push(event),
    ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
    ...(options.negativeTtlMs !== undefined ? { negativeTtlMs: options.negativeTtlMs } : {}),
  });
  const calls: ContactLookup[] = [];
  const finder =
    (found: ContactRef[]) =>
    (lookup: ContactLookup = byEmail) =>
    async () => {
      calls.push(lookup);
      return found;
    };
  return { cache, store, events, calls, finder, advance: (ms: number) => (now += ms) };
}

describe('ContactCache', () => {
  it('answers a repeat lookup from the cache until the TTL passes', async () => {
    const { cache, calls, finder, advance, events } = setup({ ttlMs: 60_000 });
    const find = finder([{ id: '42' }]);
    expect(await cache.resolve(scope, byEmail, find())).toEqual([{ id: '42' }]);
    advance(59_999);
    expect(await cache.resolve(scope, byEmail, find())).toEqual([{ id: '42' }]);
    expect(calls).toHaveLength(1);
    advance(2);
    await cache.resolve(scope, byEmail, find());
    expect(calls).toHaveLength(2);
    expect(events.filter((event) => event.type === 'contact_cache').map((event) => event.outcome)).toEqual([
      'miss',
      'hit',
      'miss',
    ]);
  });

  it('keeps "nobody found" for the shorter negative TTL', async () => {
    const { cache, calls, finder, advance } = setup({ ttlMs: 60_000, negativeTtlMs: 5_000 });
    await cache.resolve(scope, byEmail, finder([])());
    advance(4_999);
    expect(await cache.resolve(scope, byEmail, finder([{ id: '7' }])())).toEqual([]);
    advance(2);
    expect(await cache.resolve(scope, byEmail, finder([{ id: '7' }])())).toEqual([{ id: '7' }]);
    expect(calls).toHaveLength(2);
  });

  it('treats emails in another order as the same lookup, and another kind as another', async () => {
    const { cache, calls, finder } = setup();
    await cache.resolve(scope, byEmail, finder([{ id: '1' }])());
    await cache.resolve(
      scope,
      { by: 'email', emails: ['j.doe@example.org', 'jane.doe@example.com'] },
      finder([])(),
    );
    await cache.resolve(scope, { by: 'phone', phones: ['+14155550100'] }, finder([{ id: '2' }])());
    expect(calls).toHaveLength(2);
  });

  it('is off with a TTL of 0, for the cache or for one integration', async () => {
    const off = setup({ ttlMs: 0 });
    await off.cache.resolve(scope, byEmail, off.finder([{ id: '1' }])());
    await off.cache.resolve(scope, byEmail, off.finder([{ id: '1' }])());
    expect(off.calls).toHaveLength(2);
    expect(off.store.size).toBe(0);

    const perIntegration = setup({ ttlMs: 60_000 });
    const noCache = { ...scope, ttlMs: 0 };
    await perIntegration.cache.resolve(noCache, byEmail, perIntegration.finder([{ id: '1' }])());
    await perIntegration.cache.resolve(noCache, byEmail, perIntegration.finder([{ id: '1' }])());
    expect(perIntegration.calls).toHaveLength(2);
  });

  it("honours an integration's own TTL over the default", async () => {
    const { cache, calls, finder, advance } = setup({ ttlMs: 60_000 });
    const short = { ...scope, ttlMs: 2_000 };
    await cache.resolve(short, byEmail, finder([{ id: '1' }])());
    advance(2_001);
    await cache.resolve(short, byEmail, finder([{ id: '1' }])());
    expect(calls).toHaveLength(2);
  });

  it('never shares an entry across credentials or integrations', async () => {
    const { cache, calls, finder } = setup();
    await cache.resolve(scope, byEmail, finder([{ id: '1' }])());
    const otherTenant = keys.credentialIdentity({ ...AUTH, token: 'zd-token-other' });
    expect(
      await cache.resolve({ ...scope, credentialIdentity: otherTenant }, byEmail, finder([{ id: '9' }])()),
    ).toEqual([{ id: '9' }]);
    expect(
      await cache.resolve({ ...scope, integrationId: 'zendesk-other' }, byEmail, finder([{ id: '8' }])()),
    ).toEqual([{ id: '8' }]);
    expect(calls).toHaveLength(3);
  });

  it('drops every entry of the scope, found or not, when invalidated; other scopes keep theirs', async () => {
    const { cache, calls, finder } = setup();
    const otherScope = { ...scope, integrationId: 'zendesk-other' };
    await cache.resolve(scope, byEmail, finder([])());
    await cache.resolve(scope, { by: 'externalId', externalId: '42' }, finder([{ id: '42' }])());
    await cache.resolve(otherScope, byEmail, finder([{ id: '5' }])());
    await cache.invalidate(scope);
    // The contact that was just created is now found by its email.
    expect(await cache.resolve(scope, byEmail, finder([{ id: '77' }])())).toEqual([{ id: '77' }]);
    await cache.resolve(scope, { by: 'externalId', externalId: '42' }, finder([{ id: '42' }])());
    await cache.resolve(otherScope, byEmail, finder([{ id: '5' }])());
    expect(calls).toHaveLength(5);
    // A second invalidation gives yet another generation: nothing cached since is reused.
    await cache.invalidate(scope);
    await cache.resolve(scope, byEmail, finder([{ id: '77' }])());
    expect(calls).toHaveLength(6);
  });

  it('stores no credential, email, phone, external id or integration id in any key, and only refs as values', async () => {
    const { cache, store, finder } = setup();
    await cache.resolve(scope, byEmail, finder([{ id: '42' }])());
    await cache.resolve(scope, { by: 'phone', phones: ['+14155550100'] }, finder([])());
    await cache.resolve(scope, { by: 'externalId', externalId: 'ext-31337' }, finder([{ id: '31337' }])());
    await cache.invalidate(scope);
    const stored = store.keys();
    expect(stored.length).toBeGreaterThanOrEqual(4);
    const forbidden = [
      'jane',
      'example',
      '4155550100',
      'ext-31337',
      'zendesk',
      'acme',
      'zd-token',
      scope.credentialIdentity,
    ];
    for (const key of stored) for (const text of forbidden) expect(key).not.toContain(text);
    const values = await Promise.all(stored.map((key) => store.get(key)));
    expect(values.filter((value) => value !== undefined).sort()).toEqual([
      '[]',
      '[{"id":"31337"}]',
      '[{"id":"42"}]',
    ]);
  });

  it('runs identical lookups in flight once', async () => {
    const { cache, events } = setup();
    let runs = 0;
    let release!: () => void;
    const find = () => {
      runs += 1;
      return new Promise<ContactRef[]>((resolve) => {
        release = () => resolve([{ id: '1' }]);
      });
    };
    const all = Promise.all([1, 2, 3].map(() => cache.resolve(scope, byEmail, find)));
    while (runs === 0) await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await all).toEqual([[{ id: '1' }], [{ id: '1' }], [{ id: '1' }]]);
    expect(runs).toBe(1);
    expect(events.filter((event) => event.type === 'coalesced')).toHaveLength(2);
  });

  it('does not cache a failed lookup', async () => {
    const { cache, calls, finder } = setup();
    await expect(
      cache.resolve(scope, byEmail, async () => {
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    await cache.resolve(scope, byEmail, finder([{ id: '1' }])());
    expect(calls).toHaveLength(1);
  });

  it('does not cache an answer larger than the bound', async () => {
    const { cache, calls, finder, store } = setup();
    const many = Array.from({ length: MAX_CACHED_CONTACTS_BYTES / 10 }, (_, index) => ({
      id: `contact-${index}`,
    }));
    await cache.resolve(scope, byEmail, finder(many)());
    await cache.resolve(scope, byEmail, finder(many)());
    expect(calls).toHaveLength(2);
    expect(store.size).toBe(0);
  });

  it('still answers, uncached, when the store fails', async () => {
    const broken: ContactCacheStore = {
      get: () => Promise.reject(new Error('store away')),
      set: () => Promise.reject(new Error('store away')),
      generation: () => Promise.reject(new Error('store away')),
      renewGeneration: () => Promise.reject(new Error('store away')),
    };
    const { cache, calls, finder } = setup({ store: broken });
    expect(await cache.resolve(scope, byEmail, finder([{ id: '1' }])())).toEqual([{ id: '1' }]);
    await expect(cache.invalidate(scope)).resolves.toBeUndefined();
    expect(calls).toHaveLength(1);
  });

  it('treats an unreadable or foreign entry as a miss', async () => {
    const { cache, store, calls, finder } = setup();
    const key = await cache.keyOf(scope, byEmail);
    await store.set(key as string, '{"not":"refs"}', 60_000);
    expect(await cache.resolve(scope, byEmail, finder([{ id: '3' }])())).toEqual([{ id: '3' }]);
    expect(calls).toHaveLength(1);
  });

  it("waits for another instance's lookup of the same contact through a shared store's claim", async () => {
    let now = 1_700_000_000_000;
    const shared = new MemoryContactStore({ now: () => now });
    const claims = new Set<string>();
    const store: ContactCacheStore = {
      get: (key) => shared.get(key),
      set: (key, value, ttl) => shared.set(key, value, ttl),
      generation: (s) => shared.generation(s),
      renewGeneration: (s, ttl) => shared.renewGeneration(s, ttl),
      claim: async (key) => {
        if (claims.has(key)) return false;
        claims.add(key);
        return true;
      },
      release: async (key) => {
        claims.delete(key);
      },
    };
    const events: RuntimeStateEvent[] = [];
    let polls = 0;
    let finishFirst!: () => void;
    const instanceA = new ContactCache({ store, keys });
    const instanceB = new ContactCache({
      store,
      keys,
      onEvent: (event) => events.push(event),
      sleep: async () => {
        polls += 1;
        now += 25;
        if (polls === 3) finishFirst();
        await new Promise((resolve) => setImmediate(resolve));
      },
    });
    let upstreamCalls = 0;
    const first = instanceA.resolve(scope, byEmail, () => {
      upstreamCalls += 1;
      return new Promise<ContactRef[]>((resolve) => {
        finishFirst = () => resolve([{ id: '42' }]);
      });
    });
    while (claims.size === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await instanceB.resolve(scope, byEmail, async () => {
      upstreamCalls += 1;
      return [{ id: 'should-not-run' }];
    });
    expect(second).toEqual([{ id: '42' }]);
    expect(await first).toEqual([{ id: '42' }]);
    expect(upstreamCalls).toBe(1);
    expect(events.some((event) => event.type === 'coalesced')).toBe(true);
  });
});
