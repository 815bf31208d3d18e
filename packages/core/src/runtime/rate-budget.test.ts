import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { MemoryBudgetStore } from './memory-stores.js';
import {
  earliestSlot,
  planReservation,
  type RateBudgetDeclaration,
  RateBudgets,
  withSafetyMargin,
} from './rate-budget.js';
import type { RuntimeStateEvent } from './runtime-events.js';
import { createStateKeys } from './state-keys.js';

/** The most reserved starts any window of `durationMs` holds (windows starting at each start suffice). */
function busiestWindow(starts: number[], durationMs: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    let j = i;
    while (j < sorted.length && (sorted[j] as number) < (sorted[i] as number) + durationMs) j += 1;
    most = Math.max(most, j - i);
  }
  return most;
}

/** A deterministic pseudo-random sequence (no Math.random in tests). */
function seeded(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('earliestSlot', () => {
  it('is the asked time while the window has room', () => {
    expect(earliestSlot([], 100, 5, 1_000)).toBe(100);
    expect(earliestSlot([0, 10, 20, 30], 100, 5, 1_000)).toBe(100);
  });

  it('is when the oldest call of a full window leaves it', () => {
    expect(earliestSlot([0, 0, 0, 0, 0], 0, 5, 1_000)).toBe(1_000);
    expect(earliestSlot([0, 100, 200, 300, 400], 500, 5, 1_000)).toBe(1_000);
  });

  it('counts calls reserved for later too: a call placed before them must not crowd their window', () => {
    expect(earliestSlot([2_500], 0, 1, 1_000)).toBe(0);
    expect(earliestSlot([500], 0, 1, 1_000)).toBe(1_500);
  });

  it('never lets any window hold more than the budget, whatever order calls are placed in', () => {
    const random = seeded(7);
    const starts: number[] = [];
    for (let call = 0; call < 400; call += 1) {
      const from = Math.floor(random() * 20_000);
      const slot = earliestSlot(
        [...starts].sort((a, b) => a - b),
        from,
        5,
        1_000,
      );
      expect(slot).toBeGreaterThanOrEqual(from);
      starts.push(slot);
    }
    expect(busiestWindow(starts, 1_000)).toBeLessThanOrEqual(5);
  });

  it('refuses every call of a budget with no points', () => {
    expect(earliestSlot([], 0, 0, 1_000)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('planReservation', () => {
  it('takes the latest of what every budget allows, and waits out a block', () => {
    const search = { entries: [0, 0, 0, 0, 0], points: 5, durationMs: 1_000, blockedUntil: 0 };
    const general = { entries: [], points: 100, durationMs: 10_000, blockedUntil: 0 };
    expect(planReservation([search, general], 0)).toBe(1_000);
    expect(planReservation([general], 0)).toBe(0);
    expect(planReservation([{ ...general, blockedUntil: 4_000 }], 0)).toBe(4_000);
  });

  it('moves on when the time one budget allows is taken in another', () => {
    const a = { entries: [0], points: 1, durationMs: 1_000, blockedUntil: 0 };
    const b = { entries: [1_500], points: 1, durationMs: 1_000, blockedUntil: 0 };
    // a allows 1000; b is busy from 500 to 2500 around it; b allows 2500, which a allows too.
    expect(planReservation([a, b], 0)).toBe(2_500);
  });
});

describe('MemoryBudgetStore', () => {
  it('paces a burst: five per window, each later call told how long to wait', async () => {
    const now = 1_000_000;
    const store = new MemoryBudgetStore({ now: () => now });
    const spec = [{ key: 'k', points: 5, durationMs: 1_000 }];
    const waits: number[] = [];
    for (let call = 0; call < 12; call += 1) {
      const reservation = await store.reserve(spec, 10_000);
      if (!reservation.granted) throw new Error('refused');
      waits.push(reservation.waitMs);
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1_000, 1_000, 1_000, 1_000, 1_000, 2_000, 2_000]);
  });

  it('refuses a turn beyond the longest wait and reserves nothing for it', async () => {
    const now = 0;
    const store = new MemoryBudgetStore({ now: () => now });
    const spec = [{ key: 'k', points: 1, durationMs: 1_000 }];
    expect(await store.reserve(spec, 500)).toEqual({ granted: true, waitMs: 0 });
    expect(await store.reserve(spec, 500)).toEqual({ granted: false, retryAfterMs: 1_000 });
    expect(await store.reserve(spec, 1_000)).toEqual({ granted: true, waitMs: 1_000 });
  });

  it('forgets calls a window old, and keeps budgets of different keys apart', async () => {
    let now = 0;
    const store = new MemoryBudgetStore({ now: () => now });
    const a = [{ key: 'a', points: 1, durationMs: 1_000 }];
    await store.reserve(a, 0);
    expect(await store.reserve([{ key: 'b', points: 1, durationMs: 1_000 }], 0)).toEqual({
      granted: true,
      waitMs: 0,
    });
    now = 1_000;
    expect(await store.reserve(a, 0)).toEqual({ granted: true, waitMs: 0 });
  });

  it('makes everyone wait out a block', async () => {
    let now = 0;
    const store = new MemoryBudgetStore({ now: () => now });
    const spec = [{ key: 'k', points: 100, durationMs: 10_000 }];
    await store.block('k', 3_000);
    now = 1_000;
    expect(await store.reserve(spec, 5_000)).toEqual({ granted: true, waitMs: 2_000 });
    expect(await store.reserve(spec, 1_000)).toEqual({ granted: false, retryAfterMs: 2_000 });
  });
});

describe('RateBudgets', () => {
  const keys = createStateKeys('b'.repeat(40));
  const search: RateBudgetDeclaration = {
    name: 'search',
    points: 5,
    durationMs: 1_000,
    scope: 'account',
    appliesTo: ({ endpoint }) => endpoint.endsWith('/search'),
  };
  const general: RateBudgetDeclaration = {
    name: 'general',
    points: 100,
    durationMs: 10_000,
    scope: 'account',
    remainingHeader: 'x-hubspot-ratelimit-remaining',
    resetHeader: { name: 'x-hubspot-ratelimit-interval-milliseconds', kind: 'milliseconds' },
  };

  function setup() {
    let now = 1_700_000_000_000;
    const events: RuntimeStateEvent[] = [];
    const slept: number[] = [];
    const store = new MemoryBudgetStore({ now: () => now });
    const budgets = new RateBudgets({
      store,
      keys,
      now: () => now,
      onEvent: (event) => events.push(event),
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    const call = (endpoint: string, deadlineInMs = 8_000) => ({
      connectorId: 'hubspot',
      account: 'account-identity',
      method: 'POST',
      endpoint,
      budgets: [search, general],
      deadline: now + deadlineInMs,
      signal: new AbortController().signal,
    });
    return { budgets, store, events, slept, call, advance: (ms: number) => (now += ms) };
  }

  it('paces searches over the window plus its margin, and lets other calls through', async () => {
    const { budgets, slept, call, events } = setup();
    for (let i = 0; i < 7; i += 1) await budgets.acquire(call('/crm/v3/objects/contacts/search'));
    await budgets.acquire(call('/crm/v4/associations/contacts/tickets/batch/read'));
    const window = withSafetyMargin(1_000);
    expect(window).toBe(1_100);
    expect(slept).toEqual([window, window]);
    expect(events.filter((event) => event.type === 'budget_wait')).toEqual([
      { type: 'budget_wait', connector: 'hubspot', budget: 'search+general', waitMs: window },
      { type: 'budget_wait', connector: 'hubspot', budget: 'search+general', waitMs: window },
    ]);
  });

  it('refuses with rate_limited and a Retry-After when the turn would come after the deadline', async () => {
    const { budgets, call, slept, events } = setup();
    for (let i = 0; i < 5; i += 1) await budgets.acquire(call('/crm/v3/objects/contacts/search', 1_000));
    const refusal = await budgets
      .acquire(call('/crm/v3/objects/contacts/search', 1_000))
      .catch((error) => error);
    expect(BridgeError.isInstance(refusal)).toBe(true);
    expect(refusal).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 2 });
    expect(slept).toEqual([]);
    expect(events.at(-1)).toEqual({
      type: 'budget_refused',
      connector: 'hubspot',
      budget: 'search+general',
      retryAfterMs: 1_100,
    });
  });

  it('keeps accounts apart', async () => {
    const { budgets, call, slept } = setup();
    for (let i = 0; i < 5; i += 1) await budgets.acquire(call('/crm/v3/objects/contacts/search'));
    await budgets.acquire({ ...call('/crm/v3/objects/contacts/search'), account: 'another-account' });
    expect(slept).toEqual([]);
  });

  it('learns a spent budget from the remaining header and makes every caller wait for its reset', async () => {
    const { budgets, call, slept, events } = setup();
    const headers = new Headers({
      'x-hubspot-ratelimit-remaining': '0',
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
    });
    await budgets.learn({ ...call('/crm/v3/objects/tickets/batch/read'), status: 200, headers });
    expect(events).toEqual([
      { type: 'budget_learned', connector: 'hubspot', budget: 'general', blockMs: 10_000 },
    ]);
    await budgets.acquire(call('/crm/v3/objects/tickets/batch/read', 20_000));
    expect(slept).toEqual([10_000]);
    // Calls left: nothing learnt.
    await budgets.learn({
      ...call('/x'),
      status: 200,
      headers: new Headers({ 'x-hubspot-ratelimit-remaining': '3' }),
    });
    expect(events.filter((event) => event.type === 'budget_learned')).toHaveLength(1);
  });

  it('blocks on a 429 for the wait the vendor asked, or the shortest budget for its window', async () => {
    const withWait = setup();
    await withWait.budgets.learn({
      ...withWait.call('/crm/v3/objects/contacts/search'),
      status: 429,
      headers: new Headers(),
      requestedWaitMs: 2_000,
    });
    expect(
      withWait.events.map((event) => event.type === 'budget_learned' && [event.budget, event.blockMs]),
    ).toEqual([
      ['search', 2_000],
      ['general', 2_000],
    ]);

    const without = setup();
    await without.budgets.learn({
      ...without.call('/crm/v3/objects/contacts/search'),
      status: 429,
      headers: new Headers(),
    });
    expect(without.events).toEqual([
      { type: 'budget_learned', connector: 'hubspot', budget: 'search', blockMs: 1_000 },
    ]);
    await without.budgets.acquire(without.call('/crm/v3/objects/contacts/search'));
    expect(without.slept).toEqual([1_000]);
  });

  it('reads epoch and seconds reset headers, and caps a reset far away at an hour', async () => {
    const { budgets, call, events } = setup();
    const epochBudget: RateBudgetDeclaration = {
      name: 'minute',
      points: 60,
      durationMs: 60_000,
      scope: 'account',
      remainingHeader: 'x-ratelimit-remaining',
      resetHeader: { name: 'x-ratelimit-reset', kind: 'epoch' },
    };
    const base = call('/x');
    const nowSeconds = (base.deadline - 8_000) / 1000;
    await budgets.learn({
      ...base,
      budgets: [epochBudget],
      status: 200,
      headers: new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(nowSeconds + 30) }),
    });
    await budgets.learn({
      ...base,
      budgets: [{ ...epochBudget, resetHeader: { name: 'x-ratelimit-reset', kind: 'seconds' } }],
      status: 200,
      headers: new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '86400' }),
    });
    expect(events.map((event) => event.type === 'budget_learned' && event.blockMs)).toEqual([
      30_000, 3_600_000,
    ]);
  });

  it('does nothing for a connector without budgets', async () => {
    const { budgets, call, slept, store } = setup();
    await budgets.acquire({ ...call('/x'), budgets: [] });
    expect(slept).toEqual([]);
    expect(store.keys()).toEqual([]);
  });
});
