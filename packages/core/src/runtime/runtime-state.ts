import { ContactCache, type ContactCacheStore } from './contact-cache.js';
import { MemoryBudgetStore, MemoryContactStore } from './memory-stores.js';
import { type RateBudgetStore, RateBudgets } from './rate-budget.js';
import type { RuntimeStateEvent, RuntimeStateListener, RuntimeStateStatus } from './runtime-events.js';
import { SingleFlight } from './single-flight.js';
import { createStateKeys, type StateKeys } from './state-keys.js';

/**
 * What a gateway keeps between requests: the contact-resolution cache, identical work shared while in
 * flight, and per-account rate budgets. Created once per process and handed to every pipeline call
 * (`PipelineOptions.runtimeState`); in memory by default, shared through Redis by `@talkbridge/runtime-redis`.
 */
export interface RuntimeState {
  readonly keys: StateKeys;
  readonly contacts: ContactCache;
  /** Identical retrievals in flight in this process share one run of the pipeline. */
  readonly flights: SingleFlight;
  readonly budgets: RateBudgets;
  /** Reports an event to the state's listener (the pipeline reports coalesced retrievals through it). */
  emit(event: RuntimeStateEvent): void;
  status(): RuntimeStateStatus;
  close(): Promise<void>;
}

export interface RuntimeStateOptions {
  /** The HMAC key of every stored key; a random per-process one when absent. */
  secret?: string;
  /** Default contact TTL (ms); integrations may set their own. Default 60 s, 0 = off. */
  contactTtlMs?: number;
  /** How long "nobody found" is kept (ms). Default 10 s. */
  negativeContactTtlMs?: number;
  onEvent?: RuntimeStateListener;
  /** Epoch ms; tests inject their own clock. */
  now?: () => number;
}

/** The runtime state over any pair of stores (the Redis package brings shared ones). */
export function createRuntimeState(
  options: RuntimeStateOptions & {
    contactStore: ContactCacheStore;
    budgetStore: RateBudgetStore;
    status?: () => RuntimeStateStatus;
    close?: () => Promise<void>;
  },
): RuntimeState {
  const keys = createStateKeys(options.secret);
  const emit: RuntimeStateListener = (event) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing metrics hook must never fail a request.
    }
  };
  return {
    keys,
    contacts: new ContactCache({
      store: options.contactStore,
      keys,
      onEvent: emit,
      ...(options.contactTtlMs !== undefined ? { ttlMs: options.contactTtlMs } : {}),
      ...(options.negativeContactTtlMs !== undefined ? { negativeTtlMs: options.negativeContactTtlMs } : {}),
    }),
    flights: new SingleFlight(),
    budgets: new RateBudgets({
      store: options.budgetStore,
      keys,
      onEvent: emit,
      ...(options.now ? { now: options.now } : {}),
    }),
    emit,
    status: options.status ?? (() => ({ backend: 'memory', state: 'ok', fallbacks: 0 })),
    close: options.close ?? (async () => {}),
  };
}

/** The runtime state in this process's memory: right for one instance. */
export function createMemoryRuntimeState(options: RuntimeStateOptions = {}): RuntimeState {
  const clock = options.now ? { now: options.now } : {};
  return createRuntimeState({
    ...options,
    contactStore: new MemoryContactStore(clock),
    budgetStore: new MemoryBudgetStore(clock),
  });
}
