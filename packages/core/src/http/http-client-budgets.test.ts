import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// Real servers on a shared, loaded two-core machine: generous per-test time, no timing in assertions.
vi.setConfig({ testTimeout: 30_000 });

import { z } from 'zod';
import { BridgeError } from '../errors.js';
import { silentLogger } from '../logger.js';
import type { RateBudgetDeclaration } from '../runtime/rate-budget.js';
import { createMemoryRuntimeState, type RuntimeState } from '../runtime/runtime-state.js';
import { createHttpClient, type UpstreamCallEvent } from './http-client.js';
import { sendJson, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
let state: RuntimeState;
let events: UpstreamCallEvent[];

beforeEach(async () => {
  server = await startTestServer();
  state = createMemoryRuntimeState();
  events = [];
});

afterEach(async () => {
  await server.close();
});

const search: RateBudgetDeclaration = {
  name: 'search',
  points: 2,
  durationMs: 60_000,
  scope: 'account',
  appliesTo: ({ endpoint }) => endpoint.endsWith('/search'),
};
const general: RateBudgetDeclaration = {
  name: 'general',
  points: 100,
  durationMs: 10_000,
  scope: 'account',
  remainingHeader: 'x-ratelimit-remaining',
  resetHeader: { name: 'x-ratelimit-reset', kind: 'seconds' },
};

function client(account = 'account-1', deadlineInMs = 3_000) {
  return createHttpClient<unknown>({
    connectorId: 'acme',
    http: {
      origin: server.origin,
      authenticate: () => ({ type: 'bearer', token: 'tok-1' }),
      rateLimits: { budgets: [search, general] },
    },
    auth: {},
    origin: server.origin,
    signal: AbortSignal.timeout(deadlineInMs),
    deadline: Date.now() + deadlineInMs,
    log: silentLogger,
    onUpstreamCall: (event) => events.push(event),
    rateBudgets: state.budgets,
    account,
  });
}

async function refusalOf(promise: Promise<unknown>): Promise<BridgeError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!BridgeError.isInstance(error)) throw new Error('expected a BridgeError');
  return error;
}

describe('the HTTP client with rate budgets', () => {
  it('refuses a call whose turn would come after the deadline, before spending it, with a Retry-After', async () => {
    server.handle((_request, response) => sendJson(response, 200, { results: [] }));
    const http = client();
    await http.post('/v3/search', { json: {}, readOnly: true, schema: z.unknown() });
    await http.post('/v3/search', { json: {}, readOnly: true, schema: z.unknown() });
    const refusal = await refusalOf(
      http.post('/v3/search', { json: {}, readOnly: true, schema: z.unknown() }),
    );
    expect(refusal.code).toBe('rate_limited');
    expect(refusal.retryAfterSeconds).toBeGreaterThan(55);
    expect(refusal.retryAfterSeconds).toBeLessThanOrEqual(61);
    expect(server.requests).toHaveLength(2);
    expect(events.map((event) => event.status)).toEqual([200, 200, 'rate_budget']);
    // Calls outside the search budget, and another account's searches, still go.
    await http.get('/v3/contacts/1', { schema: z.unknown() });
    await client('account-2').post('/v3/search', { json: {}, readOnly: true, schema: z.unknown() });
    expect(server.requests).toHaveLength(4);
  });

  it('learns a spent budget from the vendor headers: the next call of every caller waits or is refused', async () => {
    server.handle((_request, response) =>
      sendJson(response, 200, { ok: true }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '30' }),
    );
    await client().get('/v3/contacts/1', { schema: z.unknown() });
    const refusal = await refusalOf(client().get('/v3/contacts/2', { schema: z.unknown() }));
    expect(refusal).toMatchObject({ code: 'rate_limited' });
    expect(refusal.retryAfterSeconds).toBeGreaterThan(25);
    expect(server.requests).toHaveLength(1);
  });

  it('learns from a 429 with Retry-After, so the retry and other callers wait it out together', async () => {
    server.handle((_request, response, index) =>
      index === 0
        ? sendJson(response, 429, { error: 'slow down' }, { 'retry-after': '20' })
        : sendJson(response, 200, { ok: true }),
    );
    const refusal = await refusalOf(client().get('/v3/contacts/1', { schema: z.unknown() }));
    expect(refusal.code).toBe('rate_limited');
    const other = await refusalOf(client().get('/v3/contacts/2', { schema: z.unknown() }));
    expect(other.code).toBe('rate_limited');
    expect(other.retryAfterSeconds).toBeGreaterThan(15);
    expect(server.requests).toHaveLength(1);
  });
});
