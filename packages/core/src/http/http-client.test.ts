import { deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BridgeError } from '../errors.js';
import type { BridgeLogger } from '../logger.js';
import type { HttpAuth } from './http-auth.js';
import {
  type ConnectorHttp,
  createHttpClient,
  type HttpClientOptions,
  type UpstreamCallEvent,
} from './http-client.js';
import { closedPort, sendJson, startTestServer, type TestServer } from './test-server.js';
import { usesUndiciTransport } from './upstream-transport.js';
import { path } from './url-path.js';

const platformFetchAtLoad = globalThis.fetch;
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const anything = z.unknown();
const userSchema = z.object({ user: z.object({ id: z.number(), name: z.string() }) });

interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  message: string;
}

function captureLogger(): { log: BridgeLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

async function failureOf(promise: Promise<unknown>): Promise<BridgeError> {
  let outcome: unknown;
  try {
    outcome = await promise;
  } catch (error) {
    if (BridgeError.isInstance(error)) return error;
    throw new Error(`expected a BridgeError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a rejection, got ${JSON.stringify(outcome)}`);
}

let server: TestServer;
let events: UpstreamCallEvent[];
let logged: LogLine[];

beforeEach(async () => {
  // A server per test: its own port, so no keep-alive connection is shared between tests.
  server = await startTestServer();
  events = [];
  logged = [];
});

afterEach(async () => {
  await server.close();
});

function client(
  overrides: Partial<Omit<HttpClientOptions<unknown>, 'auth' | 'http'>> & {
    auth?: HttpAuth;
    http?: Partial<ConnectorHttp<unknown>>;
    timeoutMs?: number;
  } = {},
) {
  const { auth = { type: 'bearer', token: 'tok-bearer-123' }, http, timeoutMs = 2_000, ...rest } = overrides;
  const capture = captureLogger();
  logged = capture.lines;
  return createHttpClient<unknown>({
    connectorId: 'acme',
    http: { origin: server.origin, authenticate: () => auth, ...http },
    auth: {},
    origin: server.origin,
    signal: AbortSignal.timeout(timeoutMs),
    deadline: Date.now() + timeoutMs,
    log: capture.log,
    onUpstreamCall: (event) => events.push(event),
    retry: FAST_RETRY,
    ...rest,
  });
}

/** Answers each request in turn with the next status (the last one repeats). */
function statuses(...sequence: number[]) {
  server.handle((_request, response, index) => {
    const status = sequence[Math.min(index, sequence.length - 1)] ?? 500;
    sendJson(response, status, status < 400 ? { ok: true } : { error: `status ${status}` });
  });
}

describe('authentication and request building', () => {
  beforeEach(() => server.handle((_request, response) => sendJson(response, 200, { ok: true })));

  it('sends basic credentials as Basic base64(user:pass)', async () => {
    await client({ auth: { type: 'basic', username: 'jane@example.com', password: 's3cret!' } }).get('/me', {
      schema: anything,
    });
    expect(server.requests[0]?.headers.authorization).toBe('Basic amFuZUBleGFtcGxlLmNvbTpzM2NyZXQh');
  });

  it('sends a bearer token', async () => {
    await client({ auth: { type: 'bearer', token: 'tok-1' } }).get('/me', { schema: anything });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer tok-1');
  });

  it('sends a custom authorization header', async () => {
    await client({ auth: { type: 'header', name: 'Authorization', value: 'Zoho-oauthtoken 1000.abc' } }).get(
      '/me',
      { schema: anything },
    );
    expect(server.requests[0]?.headers.authorization).toBe('Zoho-oauthtoken 1000.abc');
  });

  it('sends a query-parameter token alongside the query, and no authorization header', async () => {
    await client({ auth: { type: 'query', name: 'api_token', value: 'pd-token-9' } }).get('/persons/search', {
      schema: anything,
      query: { term: 'jane@example.com' },
    });
    const [request] = server.requests;
    expect(request?.query.get('api_token')).toBe('pd-token-9');
    expect(request?.query.get('term')).toBe('jane@example.com');
    expect(request?.headers.authorization).toBeUndefined();
  });

  it("sends the connector's headers, the call's headers and accept: application/json", async () => {
    await client({ http: { headers: { 'x-api-version': '2024-01-01' } } }).get('/me', {
      schema: anything,
      headers: { 'x-request-source': 'talkbridge' },
    });
    const headers = server.requests[0]?.headers;
    expect(headers?.['x-api-version']).toBe('2024-01-01');
    expect(headers?.['x-request-source']).toBe('talkbridge');
    expect(headers?.accept).toBe('application/json');
  });

  it('sends the headers fetch adds by default, unless the connector sets its own', async () => {
    const http = client({ http: { headers: { 'user-agent': 'talkbridge-test/1.0' } } });
    await http.get('/me', { schema: anything });
    await client().get('/me', { schema: anything });
    const [own, defaults] = server.requests.map((request) => request.headers);
    expect(own?.['user-agent']).toBe('talkbridge-test/1.0');
    expect(defaults?.['user-agent']).toBe('node');
    expect(defaults?.['accept-language']).toBe('*');
    expect(defaults?.['accept-encoding']).toBe('gzip, deflate');
  });

  it('does not let a call header replace the credentials', async () => {
    await client({ auth: { type: 'bearer', token: 'tok-1' } }).get('/me', {
      schema: anything,
      headers: { authorization: 'Bearer forged' },
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer tok-1');
  });

  it('prefixes the basePath', async () => {
    await client({ http: { basePath: '/api/v2' } }).get(path`/users/${42}/tickets`, { schema: anything });
    expect(server.requests[0]?.path).toBe('/api/v2/users/42/tickets');
  });

  it('encodes interpolated values so that they cannot leave their segment', async () => {
    const http = client({ http: { basePath: '/api/v2' } });
    await http.get(path`/users/${'a/../b'}`, { schema: anything });
    await http.get(path`/users/${'x?admin=1#y'}/tickets`, { schema: anything });
    expect(server.requests.map((request) => request.target)).toEqual([
      '/api/v2/users/a%2F..%2Fb',
      '/api/v2/users/x%3Fadmin%3D1%23y/tickets',
    ]);
  });

  it('keeps a value of ".." inside its segment (no traversal out of the path template)', async () => {
    const http = client({ http: { basePath: '/api/v2' } });
    // Whether the client refuses the value or encodes it, nothing may reach a path outside /api/v2/users/.
    // `path` may refuse synchronously, as it builds the path: that counts as refusing.
    const attempt = async (build: () => Parameters<typeof http.get>[0]) =>
      http.get(build(), { schema: anything }).catch(() => undefined);
    await attempt(() => path`/users/${'..'}/${'..'}/admin`).catch(() => undefined);
    await attempt(() => path`/users/${'.'}/${'%2e%2e'}/admin`).catch(() => undefined);
    const outside = server.requests.filter((request) => !request.path.startsWith('/api/v2/users/'));
    expect(outside.map((request) => request.path)).toEqual([]);
  });

  it('sends query arrays as repeated parameters and skips undefined values', async () => {
    await client().get('/tickets', {
      schema: anything,
      query: { ids: [1, 2, 3], status: 'open', page: 2, archived: false, cursor: undefined },
    });
    const query = server.requests[0]?.query;
    expect(query?.getAll('ids')).toEqual(['1', '2', '3']);
    expect(query?.get('status')).toBe('open');
    expect(query?.get('page')).toBe('2');
    expect(query?.get('archived')).toBe('false');
    expect(query?.has('cursor')).toBe(false);
  });

  it('keeps a query string written in a plain path', async () => {
    await client({ http: { basePath: '/api' } }).get('/search?type=user', {
      schema: anything,
      query: { q: 'jane' },
    });
    const [request] = server.requests;
    expect(request?.path).toBe('/api/search');
    expect(request?.query.get('type')).toBe('user');
    expect(request?.query.get('q')).toBe('jane');
  });

  it('sends a JSON body with POST', async () => {
    await client().post('/search', { schema: anything, json: { filter: { email: 'jane@example.com' } } });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(request?.body ?? '')).toEqual({ filter: { email: 'jane@example.com' } });
  });
});

describe('successful answers', () => {
  it('parses the JSON and validates it with the schema', async () => {
    server.handle((_request, response) =>
      sendJson(response, 200, { user: { id: 7, name: 'Jane', extra: 'ignored' }, more: [1] }),
    );
    const data = await client().get('/users/7', { schema: userSchema });
    expect(data).toEqual({ user: { id: 7, name: 'Jane' } });
  });

  it('asks for compressed answers and reads them (gzip, deflate), as fetch does', async () => {
    server.handle((request, response, index) => {
      const accepted = String(request.headers['accept-encoding'] ?? '');
      const json = JSON.stringify({ user: { id: 7, name: 'Jane' } });
      const [encoding, body] = index === 0 ? ['gzip', gzipSync(json)] : ['deflate', deflateSync(json)];
      if (!accepted.includes(encoding)) {
        sendJson(response, 500, { error: `no ${encoding} in accept-encoding` });
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      response.end(body);
    });
    const http = client();
    expect(await http.get('/users/7', { schema: userSchema })).toEqual({ user: { id: 7, name: 'Jane' } });
    expect(await http.get('/users/7', { schema: userSchema })).toEqual({ user: { id: 7, name: 'Jane' } });
  });

  it('reads an empty body that says it is compressed as empty, as fetch does', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-encoding': 'gzip' });
      response.end();
    });
    expect(await client().get('/me', { schema: anything })).toBeUndefined();
  });

  it("reads a refusal's compressed body for its meaning", async () => {
    server.handle((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end(gzipSync(JSON.stringify({ error: 'bad_field', field: 'email' })));
    });
    const error = await failureOf(client().get('/me', { schema: anything }));
    expect(error.upstream).toEqual({ status: 400, body: { error: 'bad_field', field: 'email' } });
  });

  it('returns the data of a getIfExists that exists', async () => {
    server.handle((_request, response) => sendJson(response, 200, { user: { id: 7, name: 'Jane' } }));
    expect(await client().getIfExists('/users/7', { schema: userSchema })).toEqual({
      user: { id: 7, name: 'Jane' },
    });
  });

  it('answers undefined for a getIfExists on a 404, without retrying', async () => {
    server.handle((_request, response) => sendJson(response, 404, { error: 'RecordNotFound' }));
    expect(await client().getIfExists('/users/7', { schema: userSchema })).toBeUndefined();
    expect(server.requests).toHaveLength(1);
    expect(events).toMatchObject([{ status: 404, attempts: 1 }]);
  });

  it('request() returns the status, the headers and the data', async () => {
    server.handle((_request, response) =>
      sendJson(response, 201, { id: 'n1' }, { 'x-total-count': '7', link: '<http://x/?page=2>; rel="next"' }),
    );
    const response = await client().request('put', path`/notes/${'n1'}`, {
      schema: z.object({ id: z.string() }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-total-count')).toBe('7');
    expect(response.headers.get('link')).toBe('<http://x/?page=2>; rel="next"');
    expect(response.data).toEqual({ id: 'n1' });
    expect(server.requests[0]?.method).toBe('PUT');
  });

  it('gives an empty body to the schema as undefined', async () => {
    server.handle((_request, response) => {
      response.writeHead(204);
      response.end();
    });
    expect(await client().post('/notes', { schema: z.undefined(), json: {} })).toBeUndefined();
  });
});

describe('failures', () => {
  it('maps 401 to invalid_credentials without retrying', async () => {
    statuses(401);
    const error = await failureOf(client().get('/me', { schema: anything }));
    expect(error.code).toBe('invalid_credentials');
    expect(server.requests).toHaveLength(1);
    expect(events).toMatchObject([{ status: 401, attempts: 1 }]);
  });

  it('lets classifyFailure call a 400 an invalid_credentials, given the parsed body', async () => {
    server.handle((_request, response) => sendJson(response, 400, { error: 'invalid_grant' }));
    const seen: unknown[] = [];
    const error = await failureOf(
      client({
        http: {
          classifyFailure: ({ status, body, headers }) => {
            seen.push({ status, body, contentType: headers.get('content-type') });
            return status === 400 && (body as { error?: string }).error === 'invalid_grant'
              ? 'invalid_credentials'
              : undefined;
          },
        },
      }).get('/me', { schema: anything }),
    );
    expect(error.code).toBe('invalid_credentials');
    expect(seen).toEqual([
      { status: 400, body: { error: 'invalid_grant' }, contentType: 'application/json' },
    ]);
    expect(server.requests).toHaveLength(1);
  });

  it('fails a rate limit flagged in the body, with no reset header, at once', async () => {
    server.handle((_request, response) =>
      sendJson(response, 403, [
        { errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' },
      ]),
    );
    const error = await failureOf(
      client({
        http: {
          classifyFailure: ({ status, body }) =>
            status === 403 && JSON.stringify(body).includes('REQUEST_LIMIT_EXCEEDED')
              ? 'rate_limited'
              : undefined,
        },
      }).get('/sobjects/Contact', { schema: anything }),
    );
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(60);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a rate limit flagged in the body when a reset header says it clears in time', async () => {
    server.handle((_request, response, index) =>
      index === 0
        ? sendJson(response, 403, { errorCode: 'REQUEST_LIMIT_EXCEEDED' }, { 'retry-after': '0' })
        : sendJson(response, 200, { ok: true }),
    );
    const data = await client({
      http: { classifyFailure: ({ status }) => (status === 403 ? 'rate_limited' : undefined) },
    }).get('/sobjects/Contact', { schema: anything });
    expect(data).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('maps an unclassified 403 to upstream_unavailable without retrying', async () => {
    statuses(403);
    expect((await failureOf(client().get('/me', { schema: anything }))).code).toBe('upstream_unavailable');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 and succeeds, reporting two attempts', async () => {
    statuses(500, 200);
    expect(await client().get('/me', { schema: anything })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ method: 'GET', status: 200, attempts: 2 });
  });

  it.each([408, 502, 504])('retries a %i', async (status) => {
    statuses(status, 200);
    expect(await client().get('/me', { schema: anything })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up on a persistent 503 after maxAttempts with upstream_unavailable', async () => {
    statuses(503);
    const error = await failureOf(client().get('/me', { schema: anything }));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toContain('503');
    expect(server.requests).toHaveLength(FAST_RETRY.maxAttempts);
    expect(events).toMatchObject([{ status: 503, attempts: FAST_RETRY.maxAttempts }]);
  });

  it('honours maxAttempts of 1 (no retry at all)', async () => {
    statuses(503);
    await failureOf(
      client({ retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5 } }).get('/me', { schema: anything }),
    );
    expect(server.requests).toHaveLength(1);
  });

  it('maps a 404 outside getIfExists to upstream_unavailable without retrying', async () => {
    statuses(404);
    expect((await failureOf(client().get('/users/1', { schema: anything }))).code).toBe(
      'upstream_unavailable',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a POST on a 500', async () => {
    statuses(500, 200);
    const error = await failureOf(client().post('/tickets', { schema: anything, json: { subject: 'x' } }));
    expect(error.code).toBe('upstream_unavailable');
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry a PUT through request()', async () => {
    statuses(503, 200);
    await failureOf(client().request('PUT', '/tickets/1', { schema: anything, json: {} }));
    expect(server.requests).toHaveLength(1);
  });

  it('retries a read-only POST (a search endpoint) on a 500', async () => {
    statuses(500, 200);
    const data = await client().post('/search', { schema: anything, json: { q: 'jane' }, readOnly: true });
    expect(data).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((request) => JSON.parse(request.body))).toEqual([
      { q: 'jane' },
      { q: 'jane' },
    ]);
  });

  it('retries a POST with an idempotency key, sending the key every time', async () => {
    statuses(500, 200);
    const data = await client().post('/tickets', {
      schema: anything,
      json: { subject: 'x' },
      idempotencyKey: { header: 'Idempotency-Key', value: 'key-123' },
    });
    expect(data).toEqual({ ok: true });
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'key-123',
      'key-123',
    ]);
  });

  it('retries a 429 with Retry-After: 0, then succeeds', async () => {
    server.handle((_request, response, index) =>
      index === 0
        ? sendJson(response, 429, { error: 'slow down' }, { 'retry-after': '0' })
        : sendJson(response, 200, { ok: true }),
    );
    expect(await client().get('/me', { schema: anything })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    // For metrics: one wait on a rate limit, and the call was not refused in the end.
    expect(events).toMatchObject([{ status: 200, attempts: 2, rateLimitWaits: 1, rateLimited: false }]);
  });

  it('retries a 429 without Retry-After with backoff', async () => {
    statuses(429, 200);
    expect(await client().get('/me', { schema: anything })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('waits a 429 without Retry-After out for the declared window of the budget the call draws from', async () => {
    // HubSpot's search limit: five a second. A retry within the same second would be refused again.
    const rateLimits = {
      budgets: [
        {
          name: 'search',
          points: 5,
          durationMs: 1_000,
          scope: 'account' as const,
          appliesTo: ({ method, endpoint }: { method: string; endpoint: string }) =>
            method === 'POST' && endpoint.endsWith('/search'),
        },
        // A rolling ten-second limit frees calls as it goes: not waited out whole.
        { name: 'ten_second', points: 100, durationMs: 10_000, scope: 'account' as const },
      ],
    };
    const retriedIn = () =>
      logged
        .filter((line) => line.message === 'upstream call retried')
        .map((line) => line.fields.retry_in_ms as number);

    statuses(429, 200);
    const search = client({ http: { rateLimits }, timeoutMs: 5_000 });
    expect(
      await search.post('/objects/contacts/search', { schema: anything, json: {}, readOnly: true }),
    ).toEqual({
      ok: true,
    });
    expect(retriedIn()).toHaveLength(1);
    expect(retriedIn()[0]).toBeGreaterThanOrEqual(1_000);
    expect(retriedIn()[0]).toBeLessThan(1_100);

    // A call only a long (rolling) budget covers keeps the usual backoff.
    server.reset();
    statuses(429, 200);
    const other = client({ http: { rateLimits } });
    await other.get('/me', { schema: anything });
    expect(retriedIn()).toHaveLength(1);
    expect(retriedIn()[0]).toBeLessThan(1_000);
  });

  it('fails a 429 whose Retry-After lies beyond the deadline at once, with retryAfterSeconds', async () => {
    server.handle((_request, response) =>
      sendJson(response, 429, { error: 'slow down' }, { 'retry-after': '120' }),
    );
    const error = await failureOf(client().get('/me', { schema: anything }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(120);
    expect(server.requests).toHaveLength(1);
    expect(events).toMatchObject([{ status: 429, attempts: 1 }]);
  });

  it('reports rate_limited after maxAttempts of 429s', async () => {
    statuses(429);
    const error = await failureOf(client().get('/me', { schema: anything }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(FAST_RETRY.maxAttempts);
    expect(events).toMatchObject([
      { status: 429, rateLimitWaits: FAST_RETRY.maxAttempts - 1, rateLimited: true },
    ]);
  });

  it('reads Retry-After as an HTTP date: a past date is retried at once', async () => {
    server.handle((_request, response, index) =>
      index === 0
        ? sendJson(response, 429, {}, { 'retry-after': new Date(Date.now() - 60_000).toUTCString() })
        : sendJson(response, 200, { ok: true }),
    );
    expect(await client().get('/me', { schema: anything })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('reads Retry-After as an HTTP date: an hour away fails at once with about 3600 seconds', async () => {
    server.handle((_request, response) =>
      sendJson(response, 429, {}, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }),
    );
    const error = await failureOf(client().get('/me', { schema: anything }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(3_590);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(3_601);
    expect(server.requests).toHaveLength(1);
  });

  describe('a declared reset header', () => {
    const resetHeaders = [{ name: 'x-ratelimit-reset', kind: 'epoch' }] as const;

    it('in epoch seconds, an hour away: fails at once with about 3600 seconds', async () => {
      server.handle((_request, response) =>
        sendJson(response, 429, {}, { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3_600) }),
      );
      const error = await failureOf(client({ http: { resetHeaders } }).get('/me', { schema: anything }));
      expect(error.code).toBe('rate_limited');
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(3_590);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(3_601);
      expect(server.requests).toHaveLength(1);
    });

    it('in epoch milliseconds, an hour away: fails at once with about 3600 seconds', async () => {
      server.handle((_request, response) =>
        sendJson(response, 429, {}, { 'x-ratelimit-reset': String(Date.now() + 3_600_000) }),
      );
      const error = await failureOf(client({ http: { resetHeaders } }).get('/me', { schema: anything }));
      expect(error.code).toBe('rate_limited');
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(3_590);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(3_601);
      expect(server.requests).toHaveLength(1);
    });

    it('is ignored on a failure that is not a rate limit (a 503 is retried with the usual backoff)', async () => {
      server.handle((_request, response, index) =>
        index === 0
          ? sendJson(
              response,
              503,
              {},
              { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3_600) },
            )
          : sendJson(response, 200, { ok: true }),
      );
      expect(await client({ http: { resetHeaders } }).get('/me', { schema: anything })).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
    });

    it('in epoch seconds, already passed: retried at once', async () => {
      server.handle((_request, response, index) =>
        index === 0
          ? sendJson(response, 429, {}, { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) - 5) })
          : sendJson(response, 200, { ok: true }),
      );
      expect(await client({ http: { resetHeaders } }).get('/me', { schema: anything })).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
    });

    it('in epoch milliseconds, already passed: retried at once', async () => {
      server.handle((_request, response, index) =>
        index === 0
          ? sendJson(response, 429, {}, { 'x-ratelimit-reset': String(Date.now() - 5_000) })
          : sendJson(response, 200, { ok: true }),
      );
      expect(await client({ http: { resetHeaders } }).get('/me', { schema: anything })).toEqual({ ok: true });
      expect(server.requests).toHaveLength(2);
    });

    it('is ignored when the connector does not declare it', async () => {
      server.handle((_request, response) =>
        sendJson(response, 429, {}, { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3_600) }),
      );
      const error = await failureOf(client().get('/me', { schema: anything }));
      expect(error.retryAfterSeconds).toBe(60);
      expect(server.requests).toHaveLength(FAST_RETRY.maxAttempts);
    });
  });

  it('does not start a retry whose backoff would end after the deadline', async () => {
    statuses(503, 200);
    const error = await failureOf(
      client({ timeoutMs: 300, retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 1_000 } }).get(
        '/me',
        {
          schema: anything,
        },
      ),
    );
    expect(error.code).toBe('upstream_unavailable');
    expect(server.requests).toHaveLength(1);
  });

  it('maps malformed JSON to upstream_invalid_response', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"user": {"id": 1,');
    });
    const error = await failureOf(client().get('/users/1', { schema: anything }));
    expect(error.code).toBe('upstream_invalid_response');
    expect(server.requests).toHaveLength(1);
  });

  it('maps a schema mismatch to upstream_invalid_response naming the path, not the values', async () => {
    server.handle((_request, response) =>
      sendJson(response, 200, {
        users: [{ id: 'jane.doe.4711', email: 'jane@example.com', phone: '+15555550123' }],
      }),
    );
    const schema = z.object({ users: z.array(z.object({ id: z.number(), email: z.string() })) });
    const error = await failureOf(client().get('/users', { schema }));
    expect(error.code).toBe('upstream_invalid_response');
    expect(error.message).toContain('users[0].id');
    for (const value of ['jane.doe.4711', 'jane@example.com', '+15555550123']) {
      expect(error.message).not.toContain(value);
    }
  });

  describe('an answer over maxResponseBytes', () => {
    it('with a content-length: upstream_invalid_response, reported as too_large', async () => {
      server.handle((_request, response) => sendJson(response, 200, { blob: 'x'.repeat(10_000) }));
      const error = await failureOf(client({ maxResponseBytes: 4_096 }).get('/blob', { schema: anything }));
      expect(error.code).toBe('upstream_invalid_response');
      expect(server.requests).toHaveLength(1);
      expect(events).toMatchObject([{ status: 'too_large', attempts: 1 }]);
    });

    it('with chunked transfer (no content-length): upstream_invalid_response', async () => {
      server.handle((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('[');
        for (let index = 0; index < 10; index += 1) response.write(`"${'x'.repeat(1_000)}",`);
        response.end('"end"]');
      });
      const error = await failureOf(client({ maxResponseBytes: 4_096 }).get('/blob', { schema: anything }));
      expect(error.code).toBe('upstream_invalid_response');
      expect(server.requests[0]).toBeDefined();
      expect(events).toMatchObject([{ status: 'too_large' }]);
    });

    it('counted as decoded: a small compressed answer that unpacks past the cap', async () => {
      server.handle((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        response.end(gzipSync(JSON.stringify({ blob: 'x'.repeat(100_000) })));
      });
      const error = await failureOf(client({ maxResponseBytes: 4_096 }).get('/blob', { schema: anything }));
      expect(error.code).toBe('upstream_invalid_response');
      expect(events).toMatchObject([{ status: 'too_large' }]);
    });

    it('reads an answer under the cap', async () => {
      server.handle((_request, response) => sendJson(response, 200, { blob: 'x'.repeat(1_000) }));
      expect(await client({ maxResponseBytes: 4_096 }).get('/blob', { schema: anything })).toEqual({
        blob: 'x'.repeat(1_000),
      });
    });
  });

  it('rejects with deadline_exceeded when the signal aborts while the server never answers', async () => {
    server.handle(() => {});
    const error = await failureOf(
      client({ signal: AbortSignal.timeout(150), deadline: Date.now() + 5_000 }).get('/slow', {
        schema: anything,
      }),
    );
    expect(error.code).toBe('deadline_exceeded');
    expect(server.requests).toHaveLength(1);
    expect(events).toMatchObject([{ status: 'deadline', attempts: 1 }]);
  });

  it('rejects with deadline_exceeded when the deadline signal and the deadline come together', async () => {
    server.handle(() => {});
    const error = await failureOf(client({ timeoutMs: 150 }).get('/slow', { schema: anything }));
    expect(error.code).toBe('deadline_exceeded');
  });

  it('rejects with deadline_exceeded when the caller aborts during a backoff', async () => {
    const caller = new AbortController();
    server.handle((_request, response) => {
      sendJson(response, 503, {});
      setTimeout(() => caller.abort(), 50);
    });
    const error = await failureOf(
      client({
        signal: caller.signal,
        deadline: Date.now() + 10_000,
        retry: { maxAttempts: 3, baseDelayMs: 2_000, maxDelayMs: 2_000 },
      }).get('/me', { schema: anything }),
    );
    expect(error.code).toBe('deadline_exceeded');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects at once, without a request, when the signal is already aborted', async () => {
    statuses(200);
    const error = await failureOf(client({ signal: AbortSignal.abort() }).get('/me', { schema: anything }));
    expect(error.code).toBe('deadline_exceeded');
    expect(server.requests).toHaveLength(0);
  });

  it('retries an attempt that timed out and succeeds on the next', async () => {
    server.handle((_request, response, index) => {
      if (index === 0) return; // never answers: the attempt times out
      sendJson(response, 200, { ok: true });
    });
    const data = await client({ attemptTimeoutMs: 100 }).get('/flaky', { schema: anything });
    expect(data).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
    expect(events).toMatchObject([{ status: 200, attempts: 2 }]);
  });

  it('reports upstream_unavailable, status timeout, when every attempt times out', async () => {
    server.handle(() => {});
    const error = await failureOf(client({ attemptTimeoutMs: 50 }).get('/slow', { schema: anything }));
    expect(error.code).toBe('upstream_unavailable');
    expect(server.requests).toHaveLength(FAST_RETRY.maxAttempts);
    expect(events).toMatchObject([{ status: 'timeout', attempts: FAST_RETRY.maxAttempts }]);
  });

  it('maps a refused connection to upstream_unavailable after retrying', async () => {
    const origin = `http://127.0.0.1:${await closedPort()}`;
    const error = await failureOf(client({ origin }).get('/me', { schema: anything }));
    expect(error.code).toBe('upstream_unavailable');
    expect(events).toMatchObject([{ status: 'network_error', attempts: FAST_RETRY.maxAttempts }]);
  });

  it('retries a connection the server drops before answering', async () => {
    server.handle((_request, response, index) => {
      if (index === 0) response.socket?.destroy();
      else sendJson(response, 200, { ok: true });
    });
    expect(await client().get('/me', { schema: anything })).toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('maps a connection dropped in the middle of the body to a BridgeError (upstream_unavailable)', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"users": [');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await failureOf(client().get('/users', { schema: anything }));
    expect(error.code).toBe('upstream_unavailable');
  });

  it('maps a body that stalls until the deadline to deadline_exceeded', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"users": [');
    });
    const error = await failureOf(client({ timeoutMs: 200 }).get('/users', { schema: anything }));
    expect(error.code).toBe('deadline_exceeded');
  });
});

describe('observability', () => {
  it('reports one event per call with the endpoint template: no ids, no query, no secret', async () => {
    server.handle((_request, response) => sendJson(response, 200, { ok: true }));
    const http = client({
      auth: { type: 'query', name: 'api_token', value: 'qtok-secret-777' },
      http: { basePath: '/api/v2' },
    });
    await http.get(path`/users/${98_765}/tickets`, {
      schema: anything,
      query: { email: 'jane@example.com' },
    });
    await http.get('/users/12345/tickets?sort=desc', { schema: anything });
    await http.post('/search', { schema: anything, json: {}, readOnly: true });
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({
      connector: 'acme',
      method: 'GET',
      endpoint: '/api/v2/users/{}/tickets',
      status: 200,
      attempts: 1,
    });
    expect(events[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(events[1]).toMatchObject({ method: 'GET', endpoint: '/api/v2/users/{}/tickets' });
    expect(events[2]).toMatchObject({ method: 'POST', endpoint: '/api/v2/search' });
    const text = JSON.stringify(events);
    for (const leak of ['98765', '12345', 'jane', 'qtok-secret-777', '?', 'sort'])
      expect(text).not.toContain(leak);
  });

  it('reports a failed call once, with its last status', async () => {
    statuses(503);
    await failureOf(client().get('/me', { schema: anything }));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ method: 'GET', endpoint: '/me', status: 503, attempts: 3 });
  });

  it.each<[string, HttpAuth, string[]]>([
    [
      'basic',
      { type: 'basic', username: 'jane@example.com', password: 'pw-Secret-42' },
      ['pw-Secret-42', 'amFuZUBleGFtcGxlLmNvbTpwdy1TZWNyZXQtNDI='],
    ],
    ['bearer', { type: 'bearer', token: 'bearer-Secret-42' }, ['bearer-Secret-42']],
    [
      'header',
      { type: 'header', name: 'Authorization', value: 'Zoho-oauthtoken zoho-Secret-42' },
      ['zoho-Secret-42'],
    ],
    ['query', { type: 'query', name: 'api_token', value: 'query-Secret-42' }, ['query-Secret-42']],
  ])('never logs the %s credentials, on success, retry or failure', async (_type, auth, secrets) => {
    server.handle((_request, response, index) => {
      if (index === 0) sendJson(response, 500, {});
      else if (index === 1) sendJson(response, 200, { ok: true });
      else sendJson(response, 401, { error: 'bad credentials' });
    });
    const http = client({ auth, http: { basePath: '/api/v2' } });
    await http.get(path`/users/${1}`, { schema: anything });
    const error = await failureOf(http.get('/users/2', { schema: anything, query: { page: 1 } }));
    expect(error.code).toBe('invalid_credentials');
    expect(server.requests).toHaveLength(3);
    const debug = logged.filter((line) => line.level === 'debug').map((line) => line.message);
    expect(debug).toContain('upstream call retried');
    expect(debug.filter((message) => message === 'upstream call')).toHaveLength(2);
    const everything = JSON.stringify(logged) + error.message;
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});

describe('connections', () => {
  it("goes through undici's request API while the platform's fetch is in place", () => {
    // http-client-fetch-transport.test.ts runs this suite again with fetch replaced.
    expect(usesUndiciTransport()).toBe(globalThis.fetch === platformFetchAtLoad);
  });

  it('reuses keep-alive connections: 50 sequential GETs use a handful of connections', async () => {
    server.handle((_request, response) => sendJson(response, 200, { ok: true }));
    // The deadline is not what these tests are about: a loaded machine must not turn them red.
    const http = client({ timeoutMs: 30_000 });
    for (let index = 0; index < 50; index += 1) await http.get(path`/users/${index}`, { schema: anything });
    expect(server.requests).toHaveLength(50);
    expect(server.connections).toBeGreaterThanOrEqual(1);
    expect(server.connections).toBeLessThanOrEqual(5);
  });

  it('reuses connections after failures whose body it reads', async () => {
    statuses(400);
    // The deadline is not what these tests are about: a loaded machine must not turn them red.
    const http = client({ timeoutMs: 30_000 });
    for (let index = 0; index < 20; index += 1) await failureOf(http.get('/bad', { schema: anything }));
    expect(server.requests).toHaveLength(20);
    expect(server.connections).toBeLessThanOrEqual(5);
  });

  it('drains the body of a 404 answered to getIfExists, so the connection is reused', async () => {
    // A 404 page can be large; an unread body holds its connection until garbage collection.
    server.handle((_request, response) =>
      sendJson(response, 404, { error: 'not found', page: 'x'.repeat(300_000) }),
    );
    // The deadline is not what these tests are about: a loaded machine must not turn them red.
    const http = client({ timeoutMs: 30_000 });
    for (let index = 0; index < 20; index += 1) {
      expect(await http.getIfExists('/users/1', { schema: anything })).toBeUndefined();
    }
    expect(server.requests).toHaveLength(20);
    expect(server.connections).toBeLessThanOrEqual(5);
  });
});

describe('requests stay on the origin', () => {
  let other: TestServer;

  beforeEach(async () => {
    other = await startTestServer();
    other.handle((_request, response) => sendJson(response, 200, { ok: true }));
  });

  afterEach(async () => {
    await other.close();
  });

  it('does not carry header credentials across a redirect to another origin', async () => {
    server.handle((_request, response) => {
      response.writeHead(302, { location: `${other.origin}/landing` });
      response.end();
    });
    const http = client({ auth: { type: 'header', name: 'x-api-key', value: 'key-Secret-42' } });
    await http.get('/me', { schema: anything }).catch(() => undefined);
    expect(server.requests).toHaveLength(1);
    const leaked = other.requests.filter((request) =>
      JSON.stringify(request.headers).includes('key-Secret-42'),
    );
    expect(leaked.map((request) => request.target)).toEqual([]);
  });

  it('does not send a bearer token across a redirect to another origin', async () => {
    server.handle((_request, response) => {
      response.writeHead(302, { location: `${other.origin}/landing` });
      response.end();
    });
    await client({ auth: { type: 'bearer', token: 'bearer-Secret-42' } })
      .get('/me', { schema: anything })
      .catch(() => undefined);
    expect(server.requests).toHaveLength(1);
    expect(other.requests.filter((request) => request.headers.authorization !== undefined)).toEqual([]);
  });

  it('does not send the credentials to another origin given as an absolute URL path', async () => {
    // e.g. a Link header's next URL passed on as the path: the host guard checked the origin, not this.
    const http = client({ auth: { type: 'bearer', token: 'bearer-Secret-42' } });
    await http.get(`${other.origin}/api/v2/users?page=2`, { schema: anything }).catch(() => undefined);
    await http
      .get(`//127.0.0.1:${other.port}/api/v2/users?page=3`, { schema: anything })
      .catch(() => undefined);
    expect(other.requests.map((request) => request.target)).toEqual([]);
  });
});
