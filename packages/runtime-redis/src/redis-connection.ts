import type { BridgeLogger, RuntimeStateListener, RuntimeStateStatus } from '@talkbridge/core';
import { Redis } from 'ioredis';

/** How long one Redis command may take before local state answers instead. */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
/** Reconnect attempts back off up to this; they never stop. */
export const REDIS_MAX_RECONNECT_DELAY_MS = 2_000;

export interface RedisConnectionOptions {
  url: string;
  log: BridgeLogger;
  onEvent: RuntimeStateListener;
  commandTimeoutMs?: number;
}

/**
 * One Redis client for the runtime state, and whether it can be used right now. Commands are never queued
 * while Redis is away (they fail at once and local state answers); the client reconnects by itself, forever,
 * with a capped backoff. Connection problems are logged once per loss, counted and reported in `status()`.
 */
export class RedisConnection {
  readonly client: Redis;
  readonly #log: BridgeLogger;
  readonly #onEvent: RuntimeStateListener;
  readonly #reconnected = new Set<() => void>();
  #fallbacks = 0;
  #degradedSince: Date | undefined = new Date();
  #lastError: string | undefined;
  #everConnected = false;

  constructor(options: RedisConnectionOptions) {
    this.#log = options.log;
    this.#onEvent = options.onEvent;
    this.client = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(REDIS_MAX_RECONNECT_DELAY_MS, 50 * attempt),
    });
    this.client.on('ready', () => {
      const wasDegraded = this.#degradedSince !== undefined;
      this.#degradedSince = undefined;
      this.#lastError = undefined;
      if (wasDegraded) {
        this.#log.info(
          { runtime_state: 'redis' },
          this.#everConnected ? 'redis reconnected' : 'redis connected',
        );
        this.#onEvent({ type: 'store_connection', state: 'connected' });
      }
      this.#everConnected = true;
      for (const listener of this.#reconnected) listener();
    });
    this.client.on('error', (error: Error) => {
      this.#lastError = describeFailure(error);
    });
    this.client.on('close', () => this.#lost());
  }

  /** True while commands can be sent. */
  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** Told each time the connection is (re)established. */
  onReady(listener: () => void): void {
    this.#reconnected.add(listener);
  }

  /**
   * Runs `remote` against Redis, or `local` when Redis is away or the command fails: the runtime state never
   * fails a request because Redis did.
   */
  async withFallback<T>(
    store: 'contacts' | 'budgets',
    operation: string,
    remote: () => Promise<T>,
    local: () => Promise<T>,
  ): Promise<T> {
    if (this.ready) {
      try {
        return await remote();
      } catch (error) {
        this.#lastError = describeFailure(error);
      }
    }
    this.#fallbacks += 1;
    this.#onEvent({ type: 'store_fallback', store, operation });
    return local();
  }

  status(): RuntimeStateStatus {
    return {
      backend: 'redis',
      state: this.ready ? 'ok' : 'degraded',
      fallbacks: this.#fallbacks,
      ...(!this.ready && this.#degradedSince ? { degradedSince: this.#degradedSince.toISOString() } : {}),
      ...(this.#lastError ? { lastError: this.#lastError } : {}),
    };
  }

  async close(): Promise<void> {
    this.#reconnected.clear();
    this.client.removeAllListeners('close');
    await this.client.quit().catch(() => this.client.disconnect());
  }

  #lost(): void {
    if (this.#degradedSince !== undefined) return;
    this.#degradedSince = new Date();
    this.#log.warn(
      { runtime_state: 'redis', error: this.#lastError },
      'redis connection lost: answering from local state until it is back',
    );
    this.#onEvent({ type: 'store_connection', state: 'lost' });
  }
}

/**
 * What went wrong, in a few words: a system error's code, or one of ioredis's own failures by kind. Never
 * the message itself, which may carry the address (the URL, with its password, is never logged).
 */
function describeFailure(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const message = error instanceof Error ? error.message : '';
  if (/timed out/i.test(message)) return 'command_timeout';
  if (/writeable|offline queue/i.test(message)) return 'not_connected';
  if (/script/i.test(message)) return 'script_error';
  return error instanceof Error ? error.name : 'unknown';
}
