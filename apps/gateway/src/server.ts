import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { DEFAULT_DEADLINE_MS } from '@talkbridge/core';
import type { Logger } from 'pino';
import { createGatewayApp } from './app.js';
import type { GatewayConfig } from './gateway-config.js';
import { applyServerLimits, resolveServerLimits, serverOptionsFor } from './server-limits.js';
import type { UpstreamCallStats } from './upstream-stats.js';

export interface RunningGateway {
  /** e.g. `http://127.0.0.1:8080` */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the gateway on a real port (0 picks a free one) and resolves once it is listening. First each
 * integration's connector prepares (the PostgreSQL connector checks its queries); one that cannot work
 * stops the start, naming the integration. `close()` stops listening, then closes every integration.
 */
export async function serveGateway(options: {
  config: GatewayConfig;
  logger: Logger;
  port?: number;
  hostname?: string;
  upstreamStats?: UpstreamCallStats;
}): Promise<RunningGateway> {
  await prepareIntegrations(options.config, options.logger);
  const gateway = await listen(options).catch(async (error: unknown) => {
    await closeIntegrations(options.config, options.logger);
    throw error;
  });
  return {
    ...gateway,
    close: async () => {
      await gateway.close();
      await closeIntegrations(options.config, options.logger);
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
async function closeIntegrations(config: GatewayConfig, logger: Logger): Promise<void> {
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

function listen(options: {
  config: GatewayConfig;
  logger: Logger;
  port?: number;
  hostname?: string;
  upstreamStats?: UpstreamCallStats;
}): Promise<RunningGateway> {
  let listeningUrl: string | undefined;
  const app = createGatewayApp({
    config: options.config,
    logger: options.logger,
    ...(options.upstreamStats ? { upstreamStats: options.upstreamStats } : {}),
    listeningUrl: () => listeningUrl,
  });
  const hostname = options.hostname ?? '127.0.0.1';
  const limits =
    options.config.serverLimits ?? resolveServerLimits(undefined, longestDeadlineMs(options.config));
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, port: options.port ?? 0, hostname, serverOptions: serverOptionsFor(limits) },
      (info: AddressInfo) => {
        const host = info.address.includes(':') ? `[${info.address}]` : info.address;
        listeningUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${info.port}`;
        resolve({
          url: listeningUrl,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              // Idle keep-alive sockets would otherwise hold close() open.
              if ('closeIdleConnections' in server) server.closeIdleConnections();
            }),
        });
      },
    );
    applyServerLimits(server as Server, limits);
    server.once('error', reject);
  });
}

function longestDeadlineMs(config: GatewayConfig): number {
  const deadlines = [...config.integrations.values()].map((integration) => integration.deadlineMs);
  return deadlines.length > 0 ? Math.max(...deadlines) : DEFAULT_DEADLINE_MS;
}
