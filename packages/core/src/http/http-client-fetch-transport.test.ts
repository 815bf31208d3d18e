/**
 * The whole HTTP client suite again, with the process's fetch replaced the way a test interceptor (msw)
 * replaces it: attempts then go through fetch instead of undici's request API, and every behaviour (retries,
 * deadline, size bounds, error mapping, redaction, connections) must hold on that transport too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient } from './http-client.js';
import { sendJson, startTestServer } from './test-server.js';
import { usesUndiciTransport } from './upstream-transport.js';
import './http-client.test.js';

const platformFetch = globalThis.fetch;
let fetchCalls = 0;

beforeAll(() => {
  globalThis.fetch = (...args: Parameters<typeof fetch>) => {
    fetchCalls += 1;
    return platformFetch(...args);
  };
});

afterAll(() => {
  globalThis.fetch = platformFetch;
});

describe('the transport', () => {
  it('goes through a fetch that replaced the platform one, so whatever replaced it sees every call', async () => {
    expect(usesUndiciTransport()).toBe(false);
    const server = await startTestServer();
    try {
      server.handle((_request, response) => sendJson(response, 200, { ok: true }));
      const before = fetchCalls;
      const http = createHttpClient<unknown>({
        connectorId: 'acme',
        http: { origin: server.origin, authenticate: () => ({ type: 'none' }) },
        auth: {},
        origin: server.origin,
        signal: AbortSignal.timeout(30_000),
        deadline: Date.now() + 30_000,
        log: { debug() {}, info() {}, warn() {}, error() {} },
      });
      expect(await http.get('/me', { schema: z.unknown() })).toEqual({ ok: true });
      expect(fetchCalls - before).toBe(1);
    } finally {
      await server.close();
    }
  });
});
