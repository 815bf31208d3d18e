import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import { createGatewayApp, type GatewayAppOptions } from './app.js';
import { type GatewayConfig, longestDeadlineMs } from './gateway-config.js';
import { type GatewayMetrics, metricsHandler } from './metrics.js';
import {
  applyServerLimits,
  resolveServerLimits,
  type ServerLimits,
  serverOptionsFor,
} from './server-limits.js';

export interface RunningGateway {
  /** A URL a client on this machine can use, e.g. `http://127.0.0.1:8080` (0.0.0.0 becomes 127.0.0.1). */
  url: string;
  /** The address actually listened on, e.g. `http://0.0.0.0:8080`. */
  listeningUrl: string;
  port: number;
  /** The Node server, for the drain. */
  server: Server;
  close(): Promise<void>;
}

/**
 * Starts the gateway on a real port (0 picks a free one) and resolves once it is listening. First each
 * integration's connector prepares (the PostgreSQL connector checks its queries); one that cannot work
 * stops the start, naming the integration. `close()` stops listening, then closes every integration.
 */
export async function serveGateway(
  options: Omit<GatewayAppOptions, 'listeningUrl'> & { port?: number; hostname?: string },
): Promise<RunningGateway> {
  const { port, hostname, ...appOptions } = options;
  const { config, logger } = options;
  await prepareIntegrations(config, logger);
  let reachableUrl: string | undefined;
  const app = createGatewayApp({ ...appOptions, listeningUrl: () => reachableUrl });
  const limits =
    config.serverLimits ?? resolveServerLimits(undefined, longestDeadlineMs(config.integrations.values()));
  const gateway = await listen(app.fetch, port ?? 0, hostname ?? '127.0.0.1', limits).catch(
    async (error: unknown) => {
      await closeIntegrations(config, logger);
      throw error;
    },
  );
  reachableUrl = gateway.url;
  return {
    ...gateway,
    close: async () => {
      await gateway.close();
      await closeIntegrations(config, logger);
    },
  };
}

async function prepareIntegrations(config: GatewayConfig, logger: Logger): Promise<void> {
  try {
    for (const integration of config.integrations.values()) {
      if (!integration.connector.prepare) continue;
      await integration.connector.prepare(
        integration.settings,
        logger.child({ integration_id: integration.id }),
      );
    }
  } catch (error) {
    await closeIntegrations(config, logger);
    throw error;
  }
}

/** Every integration's `close`, each even when another fails (a failure is logged). */
export async function closeIntegrations(config: GatewayConfig, logger: Logger): Promise<void> {
  await Promise.all(
    [...config.integrations.values()].map(async (integration) => {
      try {
        await integration.connector.close?.(integration.settings);
      } catch (error) {
        logger.warn(
          {
            integration_id: integration.id,
            err_message: error instanceof Error ? error.message : String(error),
          },
          'integration did not close cleanly',
        );
      }
    }),
  );
}

/** `/metrics` alone on its own port (METRICS_PORT), so it can stay off the public listener. */
export function serveMetrics(options: {
  metrics: GatewayMetrics;
  token?: string;
  port?: number;
  hostname?: string;
}): Promise<RunningGateway> {
  const app = new Hono();
  app.get('/metrics', metricsHandler(options.metrics, options.token));
  return listen(app.fetch, options.port ?? 0, options.hostname ?? '127.0.0.1');
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname: string,
  limits?: ServerLimits,
): Promise<RunningGateway> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch, port, hostname, ...(limits ? { serverOptions: serverOptionsFor(limits) } : {}) },
      (info: AddressInfo) => {
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '[::]' ? '[::1]' : host;
        resolve({
          url: `http://${reachable}:${info.port}`,
          listeningUrl: `http://${host}:${info.port}`,
          port: info.port,
          server: server as Server,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Idle keep-alive sockets would otherwise hold close() open.
              if ('closeIdleConnections' in server) server.closeIdleConnections();
            }),
        });
      },
    );
    if (limits) applyServerLimits(server as Server, limits);
    server.once('error', reject);
  });
}
