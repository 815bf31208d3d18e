import { Writable } from 'node:stream';
import type { AnyConnector } from '@talkbridge/core';
import { afterAll } from 'vitest';
import { bundledConnectors } from '../src/bundled-connectors.js';
import {
  defaultGatewayConfig,
  type GatewayConfig,
  resolveGatewayConfig,
  withEnvironmentTokens,
} from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';
import { type RunningGateway, serveGateway } from '../src/server.js';
import { UpstreamCallStats } from '../src/upstream-stats.js';

/** Every log line any test gateway printed during this test file, for the no-secrets check. */
export const printedLogLines: string[] = [];

export interface TestGateway extends RunningGateway {
  /** The upstream calls this gateway's connectors made. */
  upstreamStats: UpstreamCallStats;
  /** POST a JSON body (an object is serialised; a string is sent as is). */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** The log lines this gateway printed, parsed. */
  logs(): Record<string, unknown>[];
}

/** A real gateway on a real loopback port, logging at debug into memory. Closed after the file's tests. */
export async function startTestGateway(
  configInput?: unknown,
  connectors: readonly AnyConnector[] = bundledConnectors,
  /** Environment variables the CLI would read (TALKBRIDGE_INBOUND_TOKENS). */
  environment: Record<string, string> = {},
): Promise<TestGateway> {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (line.trim() === '') continue;
        lines.push(line);
        printedLogLines.push(line);
      }
      done();
    },
  });
  const config: GatewayConfig = withEnvironmentTokens(
    configInput === undefined
      ? defaultGatewayConfig(connectors)
      : resolveGatewayConfig(configInput, connectors),
    environment,
  );
  const upstreamStats = new UpstreamCallStats();
  const gateway = await serveGateway({
    config,
    logger: createGatewayLogger({ level: 'debug', destination }),
    upstreamStats,
  });
  afterAll(() => gateway.close());
  return {
    ...gateway,
    upstreamStats,
    post: (path, body, headers = {}) =>
      fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    get: (path, headers = {}) => fetch(`${gateway.url}${path}`, { headers }),
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** The spec's example request (talkdesk-bridge-spec/interaction-update.md), unchanged. */
export const specExampleRequest = {
  auth: { username: 'john.doe@example.com', password: '605b32dd' },
  meta: { interaction_types: ['case', 'note'] },
  data: {
    contact_external_id: '1',
    contact_name: 'Jane',
    contact_emails: ['jane.doe@example.com', 'jane@example.com'],
    contact_phones: ['+15555555555'],
  },
};
