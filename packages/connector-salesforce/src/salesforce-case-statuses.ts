import type { SalesforceCaseStatus } from './salesforce-api.js';

/** How long an org's case statuses are reused before they are read again, unless configured. */
export const DEFAULT_CASE_STATUS_TTL_SECONDS = 600;

/**
 * A small per-key cache with a time to live, for values that are costly to fetch and change rarely (an
 * org's picklists). It holds the promise, so concurrent requests for one org share a single fetch; a
 * failed fetch is forgotten at once. Bounded: the oldest key goes when a new one would exceed the size.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or `load()`'s, kept for `ttlMs` (0: neither read nor kept). */
  get(key: string, ttlMs: number, load: () => Promise<T>): Promise<T> {
    if (ttlMs <= 0) return load();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    this.entries.delete(key);
    const value = load();
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Each org's CaseStatus picklist, for the life of the process, refreshed after the TTL. */
export const caseStatusCache = new TtlCache<SalesforceCaseStatus[]>();
