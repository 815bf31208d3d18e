import { sleepUnlessAborted } from '../abortable-sleep.js';
import { BridgeError } from '../errors.js';
import type { RuntimeStateListener } from './runtime-events.js';
import type { StateKeys } from './state-keys.js';

/** A vendor header that says when a spent budget is available again. */
export interface BudgetResetHeader {
  name: string;
  /** `epoch`: a Unix time (seconds or ms, told apart by size); `seconds`/`milliseconds`: a delay. */
  kind: 'epoch' | 'seconds' | 'milliseconds';
}

/** One of a vendor's documented rate limits, as a budget every caller for one account draws from. */
export interface RateBudgetDeclaration {
  /** Names the budget in metrics and logs, e.g. `search`, `general`. */
  name: string;
  /** Calls allowed per `durationMs`. */
  points: number;
  durationMs: number;
  /** Who shares it: every caller with the same vendor account. */
  scope: 'account';
  /** Which calls draw from it (method and endpoint template, base path included); all when absent. */
  appliesTo?: (call: { method: string; endpoint: string }) => boolean;
  /** A header with the calls left in this budget's current window: `0` means wait for the reset. */
  remainingHeader?: string;
  /** When the window resets; without it, a spent budget is waited out for `durationMs`. */
  resetHeader?: BudgetResetHeader;
}

/** A connector's rate limits: declared once in `http.rateLimits`. */
export interface ConnectorRateLimits<TAuth> {
  budgets: readonly RateBudgetDeclaration[];
  /**
   * Tells the vendor's accounts apart (a subdomain, an instance URL) where several credentials share one
   * account's limits. By default each set of credentials is its own account.
   */
  account?: (auth: TAuth) => string;
}

/** An operator's size for one declared budget (an account on a higher plan than the one declared). */
export interface RateBudgetSize {
  points: number;
  durationMs: number;
}

/**
 * The declared budgets with the operator's sizes in place of the declared ones, by budget name. A name the
 * connector does not declare is an error that lists the ones it does: a typo must not silently leave the
 * declared pace in force.
 */
export function resizeRateBudgets(
  budgets: readonly RateBudgetDeclaration[],
  sizes: Readonly<Record<string, RateBudgetSize>>,
): RateBudgetDeclaration[] {
  const known = new Set(budgets.map((budget) => budget.name));
  const unknown = Object.keys(sizes).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const declared = known.size > 0 ? `declared: ${[...known].join(', ')}` : 'this connector declares none';
    throw new Error(`unknown rate budget ${unknown.map((name) => `"${name}"`).join(', ')} (${declared})`);
  }
  return budgets.map((budget) => {
    const size = Object.hasOwn(sizes, budget.name) ? sizes[budget.name] : undefined;
    return size ? { ...budget, points: size.points, durationMs: size.durationMs } : budget;
  });
}

/** One budget as the store sees it: an opaque key and its window. */
export interface BudgetSpec {
  key: string;
  points: number;
  durationMs: number;
}

export type Reservation = { granted: true; waitMs: number } | { granted: false; retryAfterMs: number };

/** Keeps the budgets' logs: in memory, or shared by every instance. */
export interface RateBudgetStore {
  /**
   * Reserves one call in every budget at the earliest time all of them allow it, if that is within
   * `maxWaitMs`; otherwise reserves nothing and says how long until it would have been possible.
   */
  reserve(budgets: readonly BudgetSpec[], maxWaitMs: number): Promise<Reservation>;
  /** Nobody starts a call in this budget for `forMs` (the vendor said it is spent). */
  block(key: string, forMs: number): Promise<void>;
}

/**
 * The earliest time at or after `from` when a call may start: fewer than `points` reserved calls lie within
 * `durationMs` on either side of it. Any window of `durationMs` the vendor counts in that holds this call
 * lies within that span, and each call was placed when the others of its window were already there, so no
 * window ever holds more than `points` calls — whatever the window's alignment, and even when the call is
 * placed before calls reserved for later. `entries` are ascending.
 */
export function earliestSlot(
  entries: readonly number[],
  from: number,
  points: number,
  durationMs: number,
): number {
  if (points <= 0) return Number.POSITIVE_INFINITY;
  let low = 0;
  let high = 0;
  // Candidates only grow, so both window edges only move forward: linear in the entries.
  const fits = (at: number) => {
    while (low < entries.length && (entries[low] as number) <= at - durationMs) low += 1;
    while (high < entries.length && (entries[high] as number) < at + durationMs) high += 1;
    return high - low < points;
  };
  if (fits(from)) return from;
  for (const entry of entries) {
    const candidate = entry + durationMs;
    if (candidate > from && fits(candidate)) return candidate;
  }
  // Unreachable: a window after the last entry is empty. Kept for the type checker's sake.
  return (entries[entries.length - 1] ?? from) + durationMs;
}

/** The earliest start that every budget allows (and none is blocked at), from `now`. */
export function planReservation(
  budgets: readonly {
    entries: readonly number[];
    points: number;
    durationMs: number;
    blockedUntil: number;
  }[],
  now: number,
): number {
  let at = now;
  for (const budget of budgets) at = Math.max(at, budget.blockedUntil);
  // Moving later for one budget can collide with another's reservations: repeat until all agree.
  for (let round = 0; round < 32; round += 1) {
    let moved = false;
    for (const budget of budgets) {
      const slot = earliestSlot(budget.entries, at, budget.points, budget.durationMs);
      if (slot > at) {
        at = slot;
        moved = true;
      }
    }
    if (!moved) return at;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Calls that start at the edge of the vendor's window can arrive in the next one (network jitter), so a
 * budget is kept over a slightly longer window than declared: a tenth, at most a quarter second.
 */
export function withSafetyMargin(durationMs: number): number {
  return durationMs + Math.min(250, Math.ceil(durationMs / 10));
}

/** Time a call needs at least once it may start: a turn later than this before the deadline is refused. */
export const DEFAULT_CALL_ALLOWANCE_MS = 200;

export interface RateBudgetsOptions {
  store: RateBudgetStore;
  keys: StateKeys;
  onEvent?: RuntimeStateListener;
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  callAllowanceMs?: number;
}

/** One upstream call about to be made, as the budgets need to know it. */
export interface BudgetedCall {
  connectorId: string;
  /** The vendor account (already an opaque identity: never a raw credential). */
  account: string;
  method: string;
  endpoint: string;
  budgets: readonly RateBudgetDeclaration[];
  /** Epoch ms. */
  deadline: number;
  signal: AbortSignal;
}

/**
 * Per-account rate budgets: before each upstream call, waits for its turn in every budget the call draws
 * from; a turn that would come too late for the deadline is refused at once with `rate_limited` and a
 * Retry-After, before spending a call the vendor would refuse. After each call, learns from the vendor's
 * headers: a spent budget blocks every caller for that account until it resets.
 */
export class RateBudgets {
  readonly #store: RateBudgetStore;
  readonly #keys: StateKeys;
  readonly #onEvent: RuntimeStateListener;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly #allowanceMs: number;

  constructor(options: RateBudgetsOptions) {
    this.#store = options.store;
    this.#keys = options.keys;
    this.#onEvent = options.onEvent ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? sleepUnlessAborted;
    this.#allowanceMs = options.callAllowanceMs ?? DEFAULT_CALL_ALLOWANCE_MS;
  }

  /** Waits for the call's turn, or throws `rate_limited` when it cannot come in time. */
  async acquire(call: BudgetedCall): Promise<void> {
    const applicable = applicableBudgets(call);
    if (applicable.length === 0) return;
    const specs = applicable.map((budget) => this.#specOf(call, budget));
    const maxWaitMs = call.deadline - this.#now() - this.#allowanceMs;
    const reservation = await this.#store.reserve(specs, Math.max(0, maxWaitMs));
    const name = applicable.map((budget) => budget.name).join('+');
    if (!reservation.granted) {
      this.#onEvent({
        type: 'budget_refused',
        connector: call.connectorId,
        budget: name,
        retryAfterMs: reservation.retryAfterMs,
      });
      throw new BridgeError(
        'rate_limited',
        `${call.method} ${call.endpoint}: this account's ${name} rate budget is spent until after the deadline`,
        { retryAfterSeconds: Math.max(1, Math.ceil(reservation.retryAfterMs / 1000)) },
      );
    }
    if (reservation.waitMs > 0) {
      this.#onEvent({
        type: 'budget_wait',
        connector: call.connectorId,
        budget: name,
        waitMs: reservation.waitMs,
      });
      await this.#sleep(reservation.waitMs, call.signal);
    }
  }

  /**
   * Learns from the vendor's answer: a budget whose remaining header says 0 waits for its reset; a 429 blocks
   * the call's budgets for the wait the vendor asked for (`requestedWaitMs`), or when it did not say, the
   * shortest of them (the likeliest to be spent) for its window.
   */
  async learn(
    call: BudgetedCall & { status: number; headers: Headers; requestedWaitMs?: number },
  ): Promise<void> {
    const applicable = applicableBudgets(call);
    const blocks: { budget: RateBudgetDeclaration; forMs: number }[] = [];
    for (const budget of applicable) {
      if (!budget.remainingHeader) continue;
      const remaining = call.headers.get(budget.remainingHeader)?.trim();
      if (remaining === undefined || !/^\d+$/.test(remaining) || Number(remaining) > 0) continue;
      blocks.push({ budget, forMs: this.#resetMs(call.headers, budget) });
    }
    if (call.status === 429 && blocks.length === 0 && applicable.length > 0) {
      if (call.requestedWaitMs !== undefined) {
        for (const budget of applicable) blocks.push({ budget, forMs: call.requestedWaitMs });
      } else {
        const shortest = applicable.reduce((a, b) => (b.durationMs < a.durationMs ? b : a));
        blocks.push({ budget: shortest, forMs: shortest.durationMs });
      }
    }
    for (const { budget, forMs } of blocks) {
      if (forMs <= 0) continue;
      this.#onEvent({
        type: 'budget_learned',
        connector: call.connectorId,
        budget: budget.name,
        blockMs: forMs,
      });
      await this.#store.block(this.#specOf(call, budget).key, forMs).catch(() => {});
    }
  }

  #specOf(call: BudgetedCall, budget: RateBudgetDeclaration): BudgetSpec {
    return {
      key: this.#keys.derive('budget', [
        call.connectorId,
        call.account,
        budget.name,
        budget.points,
        budget.durationMs,
      ]),
      points: budget.points,
      durationMs: withSafetyMargin(budget.durationMs),
    };
  }

  #resetMs(headers: Headers, budget: RateBudgetDeclaration): number {
    const fallback = budget.durationMs;
    const header = budget.resetHeader;
    const raw = header ? headers.get(header.name)?.trim() : undefined;
    if (!header || !raw || !/^\d+(\.\d+)?$/.test(raw)) return fallback;
    const value = Number(raw);
    // A reset far beyond the window is a misread header (or a daily quota): never block longer than an hour.
    const cap = (ms: number) => Math.min(3_600_000, Math.max(0, Math.ceil(ms)));
    if (header.kind === 'seconds') return cap(value * 1000);
    if (header.kind === 'milliseconds') return cap(value);
    const epochMs = value > 1e12 ? value : value * 1000;
    return cap(epochMs - this.#now());
  }
}

function applicableBudgets(
  call: Pick<BudgetedCall, 'budgets' | 'method' | 'endpoint'>,
): RateBudgetDeclaration[] {
  return call.budgets.filter(
    (budget) => !budget.appliesTo || budget.appliesTo({ method: call.method, endpoint: call.endpoint }),
  );
}
