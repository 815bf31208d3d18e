import type { Server, ServerOptions } from 'node:http';
import { z } from 'zod';

/**
 * How long and how many: the limits that keep slow, idle or half-open clients from holding memory or
 * connection slots that real requests need. Node's own defaults (a 300 s request timeout, no connection cap,
 * timeouts checked every 30 s) would let a thousand trickling clients hold a gigabyte for minutes.
 */

/** Room beyond the longest deadline for the body to arrive and the answer to be written. */
export const DEADLINE_MARGIN_MS = 5_000;
export const DEFAULT_MAX_CONNECTIONS = 256;
export const DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** `server` in the config file; every field has a default. */
export const serverLimitsConfigSchema = z.strictObject({
  /** Open connections at most; past it new connections are closed at once. */
  maxConnections: z.number().int().min(1).max(100_000).default(DEFAULT_MAX_CONNECTIONS),
  /** All request headers together; past it the answer is 431. */
  maxHeaderBytes: z.number().int().min(1_024).max(65_536).default(DEFAULT_MAX_HEADER_BYTES),
  /** Time to receive the headers (default 10 s, never more than the request timeout). */
  headersTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  /** Time to receive the whole request (default: the longest integration deadline + 5 s). */
  requestTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  /** How long an idle keep-alive connection is kept between requests. */
  keepAliveTimeoutMs: z.number().int().min(100).max(120_000).default(DEFAULT_KEEP_ALIVE_TIMEOUT_MS),
});
export type ServerLimitsConfig = z.infer<typeof serverLimitsConfigSchema>;

export interface ServerLimits {
  maxConnections: number;
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** A socket with no traffic for this long is closed: longer than any handler may wait upstream. */
  idleSocketTimeoutMs: number;
}

/** The limits for a gateway whose slowest integration has `longestDeadlineMs`. */
export function resolveServerLimits(
  config: Partial<ServerLimitsConfig> | undefined,
  longestDeadlineMs: number,
): ServerLimits {
  const requestTimeoutMs = config?.requestTimeoutMs ?? longestDeadlineMs + DEADLINE_MARGIN_MS;
  return {
    maxConnections: config?.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    maxHeaderBytes: config?.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES,
    // Node requires the headers timeout not to exceed the request timeout.
    headersTimeoutMs: Math.min(config?.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs),
    requestTimeoutMs,
    keepAliveTimeoutMs: config?.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    // A handler is silent on its socket while it waits upstream, at most until its deadline.
    idleSocketTimeoutMs: longestDeadlineMs + DEADLINE_MARGIN_MS,
  };
}

/** Options for `http.createServer`. */
export function serverOptionsFor(limits: ServerLimits): ServerOptions {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node enforces the two timeouts above only when it checks, every 30 s by default: check often enough
    // that a slow client is cut off close to its timeout.
    connectionsCheckingInterval: Math.max(
      10,
      Math.min(1_000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
    ),
  };
}

/** The limits that are properties of a listening server rather than constructor options. */
export function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleSocketTimeoutMs);
}
