import { randomBytes } from 'node:crypto';
import { type ContactCacheStore, MemoryContactStore } from '@talkbridge/core';
import type { RedisConnection } from './redis-connection.js';

/**
 * The contact cache in Redis, shared by every instance, with this process's memory standing in while Redis
 * is away. A generation renewed while Redis was away is renewed in Redis too once it is back, so an
 * invalidation is never lost to an outage.
 */
export class RedisContactStore implements ContactCacheStore {
  readonly #connection: RedisConnection;
  readonly #prefix: string;
  readonly #local: MemoryContactStore;
  readonly #pendingRenewals = new Map<string, number>();

  constructor(connection: RedisConnection, options: { prefix: string; local?: MemoryContactStore }) {
    this.#connection = connection;
    this.#prefix = options.prefix;
    this.#local = options.local ?? new MemoryContactStore();
    connection.onReady(() => {
      for (const [scope, ttlMs] of this.#pendingRenewals) {
        this.#pendingRenewals.delete(scope);
        void this.renewGeneration(scope, ttlMs);
      }
    });
  }

  get(key: string): Promise<string | undefined> {
    return this.#connection.withFallback(
      'contacts',
      'get',
      async () => (await this.#redis.get(this.#prefix + key)) ?? undefined,
      () => this.#local.get(key),
    );
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.#connection.withFallback(
      'contacts',
      'set',
      async () => {
        await this.#redis.set(this.#prefix + key, value, 'PX', ttlMs);
      },
      () => this.#local.set(key, value, ttlMs),
    );
  }

  generation(scope: string): Promise<string> {
    return this.#connection.withFallback(
      'contacts',
      'generation',
      async () => (await this.#redis.get(`${this.#prefix}${scope}:generation`)) ?? '0',
      () => this.#local.generation(scope),
    );
  }

  async renewGeneration(scope: string, ttlMs: number): Promise<void> {
    // Locally too: whatever was cached locally during an outage must not outlive the invalidation either.
    await this.#local.renewGeneration(scope, ttlMs);
    await this.#connection.withFallback(
      'contacts',
      'renewGeneration',
      async () => {
        const generation = randomBytes(12).toString('base64url');
        await this.#redis.set(`${this.#prefix}${scope}:generation`, generation, 'PX', ttlMs);
      },
      async () => {
        this.#pendingRenewals.set(scope, ttlMs);
      },
    );
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    // Without Redis there is no one to wait for: compute it here.
    if (!this.#connection.ready) return true;
    try {
      return (await this.#redis.set(`${this.#prefix}${key}:claim`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    } catch {
      return true;
    }
  }

  async release(key: string): Promise<void> {
    if (!this.#connection.ready) return;
    await this.#redis.del(`${this.#prefix}${key}:claim`).catch(() => {});
  }

  get #redis() {
    return this.#connection.client;
  }
}
