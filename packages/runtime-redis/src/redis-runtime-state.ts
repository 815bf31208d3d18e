import {
  type BridgeLogger,
  createRuntimeState,
  MIN_STATE_SECRET_LENGTH,
  type RuntimeState,
  type RuntimeStateOptions,
  silentLogger,
} from '@talkbridge/core';
import { RedisBudgetStore } from './redis-budget-store.js';
import { RedisConnection } from './redis-connection.js';
import { RedisContactStore } from './redis-contact-store.js';

export interface RedisRuntimeStateOptions extends Omit<RuntimeStateOptions, 'secret' | 'now'> {
  /** `redis://[:password@]host:port[/db]` (or `rediss://`). */
  url: string;
  /**
   * The HMAC key of every stored key (at least 32 characters). Every instance sharing the Redis must have
   * the same one, or none of them would find the others' entries.
   */
  secret: string;
  /** Prefix of every Redis key, so that one Redis can serve several gateways. Default `talkbridge:`. */
  keyPrefix?: string;
  log?: BridgeLogger;
  commandTimeoutMs?: number;
}

/**
 * The runtime state shared by every instance through Redis: contact cache (with cross-instance waiting for
 * a lookup already under way), rate budgets reserved atomically on Redis's clock. While Redis is away each
 * operation is answered from this process's memory; the client reconnects by itself, and `status()` says
 * `degraded` meanwhile (for readiness details: the gateway keeps answering).
 */
export function createRedisRuntimeState(options: RedisRuntimeStateOptions): RuntimeState {
  if (typeof options.secret !== 'string' || options.secret.length < MIN_STATE_SECRET_LENGTH) {
    throw new TypeError(
      `Runtime state on Redis needs a shared secret of at least ${MIN_STATE_SECRET_LENGTH} characters`,
    );
  }
  const emit = options.onEvent ?? (() => {});
  const connection = new RedisConnection({
    url: options.url,
    log: options.log ?? silentLogger,
    onEvent: (event) => {
      try {
        emit(event);
      } catch {
        // A failing metrics hook must never fail a request.
      }
    },
    ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
  });
  const prefix = options.keyPrefix ?? 'talkbridge:';
  return createRuntimeState({
    ...options,
    contactStore: new RedisContactStore(connection, { prefix }),
    budgetStore: new RedisBudgetStore(connection, { prefix }),
    status: () => connection.status(),
    close: () => connection.close(),
  });
}
