import { createHash } from 'node:crypto';

/** How long a portal's details and ticket pipelines are reused before they are read again. */
export const PORTAL_CACHE_TTL_MS = 10 * 60_000;
/** Tokens rotate (OAuth access tokens live 30 minutes): keep the cache from growing without bound. */
export const PORTAL_CACHE_MAX_ENTRIES = 500;

/**
 * The cache key of one portal as seen through one credential: a SHA-256 of the origin and the token, so
 * the raw token is never kept as a key (nor shows up in a heap dump of the map's keys).
 */
export function portalCacheKey(origin: string, token: string): string {
  return createHash('sha256').update(`${origin}\n${token}`).digest('hex');
}

interface Entry<T> {
  value: Promise<T>;
  expiresAt: number;
}

export interface TtlCache<T> {
  /**
   * The cached value, or `load()`'s. Concurrent callers share one in-flight load; a failed load is
   * forgotten at once, so the next call tries again.
   */
  get(key: string, load: () => Promise<T>): Promise<T>;
  clear(): void;
  readonly size: number;
}

export function createTtlCache<T>(
  ttlMs: number,
  options: { maxEntries?: number; now?: () => number } = {},
): TtlCache<T> {
  const now = options.now ?? (() => Date.now());
  const maxEntries = options.maxEntries ?? PORTAL_CACHE_MAX_ENTRIES;
  const entries = new Map<string, Entry<T>>();

  const evict = (at: number) => {
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
    // Maps iterate in insertion order: the first keys are the oldest.
    for (const key of entries.keys()) {
      if (entries.size < maxEntries) break;
      entries.delete(key);
    }
  };

  return {
    get(key, load) {
      const at = now();
      const hit = entries.get(key);
      if (hit && hit.expiresAt > at) return hit.value;
      if (hit) entries.delete(key);
      evict(at);
      const value = load();
      const entry: Entry<T> = { value, expiresAt: at + ttlMs };
      entries.set(key, entry);
      // Registered before any caller's handler, so a retry after a failure finds the entry gone.
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    clear: () => entries.clear(),
    get size() {
      return entries.size;
    },
  };
}
