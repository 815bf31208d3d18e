import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { type GatewayConfig, longestDeadlineMs } from './gateway-config.js';
import type { GatewayLifecycle } from './readiness.js';

/** Time left on top of the longest deadline for answers to be written out after their work is done. */
export const DRAIN_MARGIN_MS = 5_000;

/**
 * The default drain limit: the grace period, then the longest a request can run (the longest configured
 * deadline), plus a margin. A request still running after that is not going to finish.
 */
export function defaultDrainLimitMs(config: GatewayConfig, graceMs: number): number {
  return graceMs + longestDeadlineMs(config.integrations.values()) + DRAIN_MARGIN_MS;
}

export type DrainOutcome = 'drained' | 'limit_reached';

/**
 * Graceful drain on SIGTERM. At once: the lifecycle says draining (readiness 503, every answer carries
 * `Connection: close`, so a keep-alive connection closes as its last request completes). During the grace
 * period the servers still accept connections, for the load balancers that have not yet seen readiness
 * fail. Then the servers stop listening, idle connections close, and in-flight requests finish. When the
 * limit passes first, every remaining connection is destroyed, which aborts the work behind it.
 */
export async function drainGateway(options: {
  servers: readonly Server[];
  lifecycle: GatewayLifecycle;
  graceMs: number;
  /** Ends the grace period instead of the `graceMs` timer (tests end it when they have looked). */
  graceOver?: Promise<void>;
  limitMs: number;
  logger: Logger;
}): Promise<DrainOutcome> {
  const { servers, lifecycle, logger } = options;
  lifecycle.startDraining();
  let limitTimer: NodeJS.Timeout | undefined;
  const limitReached = new Promise<DrainOutcome>((resolve) => {
    limitTimer = setTimeout(() => resolve('limit_reached'), options.limitMs);
  });
  const drained = (async (): Promise<DrainOutcome> => {
    await (options.graceOver ?? sleep(options.graceMs));
    logger.info('drain: no longer accepting connections');
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            // Keep-alive connections between requests; busy ones close after their answer (`Connection: close`).
            server.closeIdleConnections();
          }),
      ),
    );
    return 'drained';
  })();
  const outcome = await Promise.race([drained, limitReached]);
  clearTimeout(limitTimer);
  if (outcome === 'limit_reached') {
    logger.error(
      { drain_limit_ms: options.limitMs },
      'drain limit reached: aborting the requests still running',
    );
    for (const server of servers) server.closeAllConnections();
  }
  return outcome;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
