import type { RuntimeState, RuntimeStateStatus } from '@talkbridge/core';
import type { Logger } from 'pino';
import type { GatewayConfig } from './gateway-config.js';

/** How long one integration's readiness check may take before it counts as not answering. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

/**
 * Whether the gateway is going away. Shared by the app (readiness, `Connection: close`) and the drain
 * that flips it on SIGTERM.
 */
export class GatewayLifecycle {
  #draining = false;

  get draining(): boolean {
    return this.#draining;
  }

  startDraining(): void {
    this.#draining = true;
  }
}

export type IntegrationReadiness = { status: 'ok' } | { status: 'unavailable'; reason: 'timeout' | 'failed' };

export interface ReadinessReport {
  status: 'ready' | 'draining' | 'not_ready';
  /** Only the integrations whose connector checks a dependency (a database); the others are always ready. */
  integrations: Record<string, IntegrationReadiness>;
  /**
   * Where the contact cache and rate budgets live, and whether Redis answers. Reported, never failing
   * readiness: without Redis each instance answers from its own memory.
   */
  runtime_state?: RuntimeStateStatus;
}

/**
 * Readiness for `/readyz`: draining wins at once; otherwise every dependency check runs in parallel,
 * each bounded in time. Concurrent probes share one round of checks, so an unauthenticated endpoint cannot
 * multiply the load on a database. The reason a check failed goes to the log, not to the (public) answer.
 */
export function createReadinessCheck(options: {
  config: GatewayConfig;
  lifecycle: GatewayLifecycle;
  logger: Logger;
  timeoutMs?: number;
  runtimeState?: Pick<RuntimeState, 'status'>;
}): () => Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? READINESS_CHECK_TIMEOUT_MS;
  const checked = [...options.config.integrations.values()].filter(
    (integration) => typeof integration.connector.checkReadiness === 'function',
  );
  let round: Promise<Record<string, IntegrationReadiness>> | undefined;

  const checkOne = async (integration: (typeof checked)[number]): Promise<IntegrationReadiness> => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      await Promise.race([
        integration.connector.checkReadiness?.(integration.settings, controller.signal),
        // A check that ignores its signal must not hold the probe past the timeout.
        new Promise((_, reject) =>
          controller.signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true }),
        ),
      ]);
      return { status: 'ok' };
    } catch (error) {
      options.logger.warn(
        {
          integration_id: integration.id,
          err_name: (error as Error)?.name,
          err_message: (error as Error)?.message,
        },
        'readiness check failed',
      );
      return { status: 'unavailable', reason: timedOut ? 'timeout' : 'failed' };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };

  const runRound = async () => {
    const results = await Promise.all(
      checked.map(async (integration) => [integration.id, await checkOne(integration)] as const),
    );
    return Object.fromEntries(results);
  };

  return async () => {
    if (options.lifecycle.draining) return { status: 'draining', integrations: {} };
    round ??= runRound().finally(() => {
      round = undefined;
    });
    const integrations = await round;
    if (options.lifecycle.draining) return { status: 'draining', integrations };
    const ready = Object.values(integrations).every((result) => result.status === 'ok');
    const runtimeState = options.runtimeState?.status();
    return {
      status: ready ? 'ready' : 'not_ready',
      integrations,
      ...(runtimeState ? { runtime_state: runtimeState } : {}),
    };
  };
}
