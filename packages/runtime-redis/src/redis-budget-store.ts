import { randomBytes } from 'node:crypto';
import { type BudgetSpec, MemoryBudgetStore, type RateBudgetStore, type Reservation } from '@talkbridge/core';
import type { RedisConnection } from './redis-connection.js';

/**
 * Reserves one call in every budget at once, atomically, on Redis's own clock (instances' clocks may
 * differ; the wait is returned relative to it). The same placement rule as core's `earliestSlot` and
 * `planReservation`: a call starts when fewer than `points` reserved calls lie within `durationMs` on
 * either side of it, in every budget, and no budget is blocked. Each budget is a sorted set of reserved
 * start times (calls a whole window old are dropped) and a "blocked until" key.
 *
 * KEYS: log₁, block₁, log₂, block₂, …   ARGV: maxWaitMs, member, points₁, durationMs₁, points₂, …
 * Returns { granted (1|0), waitMs } — waitMs is how long until the turn (-1: never).
 */
const RESERVE_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local maxWait = tonumber(ARGV[1])
local member = ARGV[2]
local budgets = {}
local at = now
for i = 1, #KEYS / 2 do
  local logKey = KEYS[2 * i - 1]
  local points = tonumber(ARGV[1 + 2 * i])
  local duration = tonumber(ARGV[2 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', logKey, '-inf', now - duration)
  local raw = redis.call('ZRANGE', logKey, 0, -1, 'WITHSCORES')
  local entries = {}
  for j = 2, #raw, 2 do entries[#entries + 1] = tonumber(raw[j]) end
  local blocked = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  if blocked > at then at = blocked end
  budgets[i] = { key = logKey, entries = entries, points = points, duration = duration }
end

local function earliest(entries, from, points, duration)
  if points <= 0 then return nil end
  local count = #entries
  local low, high = 1, 1
  local function fits(x)
    while low <= count and entries[low] <= x - duration do low = low + 1 end
    while high <= count and entries[high] < x + duration do high = high + 1 end
    return (high - low) < points
  end
  if fits(from) then return from end
  for j = 1, count do
    local candidate = entries[j] + duration
    if candidate > from and fits(candidate) then return candidate end
  end
  return entries[count] + duration
end

local settled = false
for round = 1, 32 do
  local moved = false
  for i = 1, #budgets do
    local slot = earliest(budgets[i].entries, at, budgets[i].points, budgets[i].duration)
    if slot == nil then return { 0, -1 } end
    if slot > at then
      at = slot
      moved = true
    end
  end
  if not moved then
    settled = true
    break
  end
end
if not settled then return { 0, -1 } end

local wait = at - now
if wait > maxWait then return { 0, wait } end
for i = 1, #budgets do
  local budget = budgets[i]
  redis.call('ZADD', budget.key, at, member)
  local last = budget.entries[#budget.entries] or at
  if last < at then last = at end
  redis.call('PEXPIRE', budget.key, last - now + budget.duration + 1000)
end
return { 1, wait }
`;

/** KEYS: block key.  ARGV: forMs.  Extends the block, never shortens it. */
const BLOCK_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local forMs = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + forMs > current then redis.call('SET', KEYS[1], now + forMs, 'PX', forMs) end
return 1
`;

type ScriptClient = {
  talkbridgeReserve(numKeys: number, ...args: (string | number)[]): Promise<[number, number]>;
  talkbridgeBlock(key: string, forMs: number): Promise<number>;
};

/**
 * Rate budgets in Redis: every instance draws from the same logs. While Redis is away each instance paces
 * on its own memory (the whole budget per instance: several instances may then together exceed it, and the
 * vendor's 429s, learnt by each, slow them down).
 */
export class RedisBudgetStore implements RateBudgetStore {
  readonly #connection: RedisConnection;
  readonly #prefix: string;
  readonly #local: MemoryBudgetStore;

  constructor(connection: RedisConnection, options: { prefix: string; local?: MemoryBudgetStore }) {
    this.#connection = connection;
    this.#prefix = options.prefix;
    this.#local = options.local ?? new MemoryBudgetStore();
    connection.client.defineCommand('talkbridgeReserve', { lua: RESERVE_SCRIPT });
    connection.client.defineCommand('talkbridgeBlock', { lua: BLOCK_SCRIPT, numberOfKeys: 1 });
  }

  reserve(budgets: readonly BudgetSpec[], maxWaitMs: number): Promise<Reservation> {
    return this.#connection.withFallback(
      'budgets',
      'reserve',
      async () => {
        const keys = budgets.flatMap((budget) => [this.#logKey(budget.key), this.#blockKey(budget.key)]);
        const specs = budgets.flatMap((budget) => [budget.points, budget.durationMs]);
        const member = randomBytes(9).toString('base64url');
        const [granted, waitMs] = await this.#scripts.talkbridgeReserve(
          keys.length,
          ...keys,
          Math.floor(maxWaitMs),
          member,
          ...specs,
        );
        if (granted === 1) return { granted: true, waitMs };
        return { granted: false, retryAfterMs: waitMs < 0 ? 60_000 : waitMs };
      },
      () => this.#local.reserve(budgets, maxWaitMs),
    );
  }

  async block(key: string, forMs: number): Promise<void> {
    // Locally as well: if Redis goes away next, this instance still knows the account is spent.
    await this.#local.block(key, forMs);
    await this.#connection.withFallback(
      'budgets',
      'block',
      async () => {
        await this.#scripts.talkbridgeBlock(this.#blockKey(key), Math.ceil(forMs));
      },
      async () => {},
    );
  }

  #logKey(key: string): string {
    return `${this.#prefix}${key}:log`;
  }

  #blockKey(key: string): string {
    return `${this.#prefix}${key}:block`;
  }

  get #scripts(): ScriptClient {
    return this.#connection.client as unknown as ScriptClient;
  }
}
