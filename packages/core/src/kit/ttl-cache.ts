import { LRUCache } from 'lru-cache';

export interface TtlCacheOptions {
  /** How long a loaded value is kept. */
  ttlMs: number;
  /** The most entries kept (least recently used go first): a cache must not grow with the tenants. */
  max?: number;
}

/**
 * A small per-process cache of what rarely changes in a vendor account (a portal's details, ticket stages,
 * case statuses), keyed by the account. Loads of one key at the same moment share one call. A failed load
 * is not kept. Never put contact data here: contact resolutions belong in the runtime state's cache, which
 * is keyed by HMAC and shared by every instance.
 */
export interface TtlCache<T> {
  /** The cached value of `key`, or what `load` gives (then kept for `ttlMs`, or the given `ttlMs`; 0: not kept). */
  get(key: string, load: () => Promise<T>, ttlMs?: number): Promise<T>;
  delete(key: string): void;
  clear(): void;
}

export function createTtlCache<T extends NonNullable<unknown>>(options: TtlCacheOptions): TtlCache<T> {
  const values = new LRUCache<string, T>({ max: options.max ?? 1_000, ttl: Math.max(1, options.ttlMs) });
  const loading = new Map<string, Promise<T>>();
  return {
    get(key, load, ttlMs = options.ttlMs) {
      if (ttlMs <= 0) return load();
      const cached = values.get(key);
      if (cached !== undefined) return Promise.resolve(cached);
      const pending = loading.get(key);
      if (pending) return pending;
      const started = load().then((value) => {
        values.set(key, value, { ttl: ttlMs });
        return value;
      });
      const tracked = started.finally(() => loading.delete(key));
      loading.set(key, tracked);
      return tracked;
    },
    delete(key) {
      values.delete(key);
    },
    clear() {
      values.clear();
    },
  };
}
