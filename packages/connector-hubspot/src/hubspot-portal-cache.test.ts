import { describe, expect, it } from 'vitest';
import { createTtlCache } from './hubspot-portal-cache.js';

describe('createTtlCache', () => {
  it('serves a value until its TTL passes, then loads again', async () => {
    let now = 1_000;
    let loads = 0;
    const cache = createTtlCache<number>(100, { now: () => now });
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    now += 99;
    expect(await cache.get('k', load)).toBe(1);
    now += 1;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('shares one in-flight load and forgets a failed one', async () => {
    let loads = 0;
    const cache = createTtlCache<number>(1_000);
    const failing = () => {
      loads += 1;
      return Promise.reject(new Error('down'));
    };
    const [first, second] = await Promise.allSettled([cache.get('k', failing), cache.get('k', failing)]);
    expect([first.status, second.status, loads]).toEqual(['rejected', 'rejected', 1]);
    expect(cache.size).toBe(0);
    expect(await cache.get('k', async () => 7)).toBe(7);
  });

  it('stays within its size bound, dropping the oldest entries first', async () => {
    const cache = createTtlCache<string>(60_000, { maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) await cache.get(key, async () => key);
    expect(cache.size).toBe(3);
    let reloaded = false;
    await cache.get('a', async () => {
      reloaded = true;
      return 'a';
    });
    expect(reloaded).toBe(true);
  });
});
