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

/** Starts the gateway on a real port (0 picks a free one) and resolves once it is listening. */
export function serveGateway(options: {
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
