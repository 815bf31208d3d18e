import {
  type BridgeLogger,
  createMemoryRuntimeState,
  MIN_STATE_SECRET_LENGTH,
  type RuntimeState,
  type RuntimeStateEvent,
} from '@talkbridge/core';
import { createRedisRuntimeState } from '@talkbridge/runtime-redis';
import { GatewayConfigError } from './gateway-config.js';

/** Counts of what the runtime state did, for metrics and tests. */
export class RuntimeStateStats {
  contactCacheHits = 0;
  contactCacheMisses = 0;
  coalescedRetrievals = 0;
  coalescedLookups = 0;
  budgetWaits = 0;
  budgetWaitMs = 0;
  budgetRefusals = 0;
  budgetsLearnt = 0;
  storeFallbacks = 0;

  record(event: RuntimeStateEvent): void {
    switch (event.type) {
      case 'contact_cache':
        if (event.outcome === 'hit') this.contactCacheHits += 1;
        else this.contactCacheMisses += 1;
        break;
      case 'coalesced':
        if (event.what === 'retrieval') this.coalescedRetrievals += 1;
        else this.coalescedLookups += 1;
        break;
      case 'budget_wait':
        this.budgetWaits += 1;
        this.budgetWaitMs += event.waitMs;
        break;
      case 'budget_refused':
        this.budgetRefusals += 1;
        break;
      case 'budget_learned':
        this.budgetsLearnt += 1;
        break;
      case 'store_fallback':
        this.storeFallbacks += 1;
        break;
      default:
        break;
    }
  }
}

/**
 * The gateway's one runtime state: on Redis when `REDIS_URL` is set (every instance then needs the same
 * `TALKBRIDGE_STATE_SECRET`, at least 32 characters, so that they derive the same keys), in memory otherwise.
 * Every event is counted and logged at debug.
 */
export function createGatewayRuntimeState(options: {
  env: Record<string, string | undefined>;
  log: BridgeLogger;
  stats?: RuntimeStateStats;
  onEvent?: (event: RuntimeStateEvent) => void;
  /** How long one Redis command may take before local state answers instead. Default 1 s. */
  redisCommandTimeoutMs?: number;
}): RuntimeState {
  const onEvent = (event: RuntimeStateEvent) => {
    options.stats?.record(event);
    options.onEvent?.(event);
    if (event.type !== 'store_connection') options.log.debug({ runtime_state: event }, 'runtime state');
  };
  const url = options.env.REDIS_URL?.trim();
  const secret = options.env.TALKBRIDGE_STATE_SECRET;
  if (!url) return createMemoryRuntimeState({ ...(secret ? { secret } : {}), onEvent });
  if (!secret || secret.length < MIN_STATE_SECRET_LENGTH) {
    throw new GatewayConfigError(
      `REDIS_URL is set: TALKBRIDGE_STATE_SECRET must be set too, the same on every instance, at least ${MIN_STATE_SECRET_LENGTH} characters`,
    );
  }
  if (!/^rediss?:\/\//.test(url)) {
    throw new GatewayConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  }
  return createRedisRuntimeState({
    url,
    secret,
    log: options.log,
    onEvent,
    ...(options.redisCommandTimeoutMs ? { commandTimeoutMs: options.redisCommandTimeoutMs } : {}),
  });
}
