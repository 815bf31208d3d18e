import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ContactCacheStore } from './contact-cache.js';
import { type BudgetSpec, planReservation, type RateBudgetStore, type Reservation } from './rate-budget.js';

/** Entries kept in memory at most; the least recently used go first. */
export const MEMORY_CONTACT_ENTRIES = 10_000;
export const MEMORY_BUDGET_KEYS = 10_000;

export interface MemoryStoreOptions {
  /** Epoch milliseconds; tests inject their own clock. */
  now?: () => number;
  maxEntries?: number;
}

/** The contact cache in this process's memory: an LRU with a TTL per entry. */
export class MemoryContactStore implements ContactCacheStore {
  readonly #entries: LRUCache<string, string>;
  readonly #generations: LRUCache<string, string>;

  constructor(options: MemoryStoreOptions = {}) {
    const now = options.now ?? Date.now;
    const perf = { now };
    const max = options.maxEntries ?? MEMORY_CONTACT_ENTRIES;
    // ttlResolution 0: staleness is read from the clock on every access (an injected clock may jump).
    this.#entries = new LRUCache<string, string>({ max, perf, ttlResolution: 0 });
    this.#generations = new LRUCache<string, string>({
      max,
      perf,
      ttlResolution: 0,
      // A generation pushed out early would bring back the entries it had hidden: drop them all instead.
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.#entries.clear();
      },
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.#entries.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.set(key, value, { ttl: ttlMs });
  }

  async generation(scope: string): Promise<string> {
    return this.#generations.get(scope) ?? '0';
  }

  async renewGeneration(scope: string, ttlMs: number): Promise<void> {
    this.#generations.set(scope, randomBytes(12).toString('base64url'), { ttl: ttlMs });
  }

  /** Entries held now (expired ones may still count until read). */
  get size(): number {
    return this.#entries.size;
  }

  /** Every key held: tests scan them for personal data. */
  keys(): string[] {
    return [...this.#entries.keys(), ...this.#generations.keys()];
  }
}

interface BudgetLog {
  /** Start times of the calls reserved, ascending (epoch ms). */
  entries: number[];
  blockedUntil: number;
}

/** Rate budgets in this process's memory: every caller in this process draws from the same logs. */
export class MemoryBudgetStore implements RateBudgetStore {
  readonly #logs: LRUCache<string, BudgetLog>;
  readonly #now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#logs = new LRUCache<string, BudgetLog>({ max: options.maxEntries ?? MEMORY_BUDGET_KEYS });
  }

  async reserve(budgets: readonly BudgetSpec[], maxWaitMs: number): Promise<Reservation> {
    const now = this.#now();
    const logs = budgets.map((budget) => {
      const log = this.#logOf(budget.key);
      // Calls that started a whole window ago no longer count against any future call.
      const stale = countAtOrBelow(log.entries, now - budget.durationMs);
      if (stale > 0) log.entries.splice(0, stale);
      return log;
    });
    const startAt = planReservation(
      budgets.map((budget, index) => ({
        entries: logs[index]?.entries ?? [],
        points: budget.points,
        durationMs: budget.durationMs,
        blockedUntil: logs[index]?.blockedUntil ?? 0,
      })),
      now,
    );
    if (startAt - now > maxWaitMs) return { granted: false, retryAfterMs: startAt - now };
    for (const log of logs) log.entries.splice(countAtOrBelow(log.entries, startAt), 0, startAt);
    return { granted: true, waitMs: startAt - now };
  }

  async block(key: string, forMs: number): Promise<void> {
    const log = this.#logOf(key);
    log.blockedUntil = Math.max(log.blockedUntil, this.#now() + forMs);
  }

  #logOf(key: string): BudgetLog {
    let log = this.#logs.get(key);
    if (!log) {
      log = { entries: [], blockedUntil: 0 };
      this.#logs.set(key, log);
    }
    return log;
  }

  keys(): string[] {
    return [...this.#logs.keys()];
  }
}

/** How many of the ascending `entries` are at or below `value` (binary search). */
export function countAtOrBelow(entries: readonly number[], value: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((entries[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
