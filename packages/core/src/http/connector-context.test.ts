import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { BridgeError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { createConnectorContext, unavailableHttpClient } from '../pipeline/connector-context.js';
import { startDeadline } from '../pipeline/deadline.js';
import { retrieveInteractions } from '../pipeline/retrieve-interactions.js';
import type { UpstreamCallEvent } from './http-client.js';
import { sendJson, startTestServer, type TestServer } from './test-server.js';
import { path } from './url-path.js';

const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** A Salesforce-like connector: the origin is an instance URL from the auth fields. */
const instanceConnector = defineConnector({
  id: 'instance-demo',
  displayName: 'Instance demo',
  description: 'A connector whose origin comes from the auth fields.',
  auth: z.object({ instanceUrl: z.string(), token: z.string() }),
  interactions: {
    ticket: async () => {
      return [];
    },
  },
  hosts: ['*.zendesk.com'],
  http: {
    origin: (auth) => auth.instanceUrl,
    basePath: '/api/v2',
    authenticate: (auth) => ({ type: 'bearer', token: auth.token }),
    headers: { 'x-api-version': '2024-01-01' },
  },
  async findContacts() {
    return [];
  },
});

const noHttpConnector = defineConnector({
  id: 'no-http',
  displayName: 'No HTTP',
  description: 'A connector that declares no http.',
  auth: z.object({}),
  interactions: {
    ticket: async () => {
      return [];
    },
  },
  async findContacts() {
    return [];
  },
});

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
  server.handle((_request, response) => sendJson(response, 200, { ok: true }));
});

afterEach(async () => {
  await server.close();
});

function parts(auth: unknown, settings: Record<string, unknown> = {}) {
  return {
    auth,
    settings,
    deadline: startDeadline(2_000),
    log: silentLogger,
    limit: 25,
    query: { emails: ['jane@example.com'], phones: [] },
  };
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (BridgeError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected a BridgeError');
}

describe('createConnectorContext', () => {
  it('refuses a tenant origin outside the hosts with host_not_allowed before any request', () => {
    // Without the guard this would point the client straight at the test server.
    expect(
      codeOf(() =>
        createConnectorContext(instanceConnector, parts({ instanceUrl: server.origin, token: 't' }), {
          retry: FAST_RETRY,
        }),
      ),
    ).toBe('host_not_allowed');
    expect(
      codeOf(() =>
        createConnectorContext(
          instanceConnector,
          parts({ instanceUrl: `https://${server.origin.slice('http://'.length)}#.zendesk.com`, token: 't' }),
          {},
        ),
      ),
    ).toBe('host_not_allowed');
    expect(server.requests).toHaveLength(0);
    expect(server.connections).toBe(0);
  });

  it('accepts a tenant origin that matches the hosts', () => {
    const deadlineParts = parts({ instanceUrl: 'https://acme.zendesk.com', token: 't' });
    const ctx = createConnectorContext(instanceConnector, deadlineParts, {});
    expect(ctx.limit).toBe(25);
    expect(ctx.deadline).toBe(deadlineParts.deadline.at);
    expect(ctx.signal).toBe(deadlineParts.deadline.signal);
    expect(ctx.auth).toEqual({ instanceUrl: 'https://acme.zendesk.com', token: 't' });
    expect(ctx.query.emails).toEqual(['jane@example.com']);
    expect(typeof ctx.http.get).toBe('function');
  });

  it("sends requests to the operator's baseUrl, trusted, with the connector's auth, basePath and headers", async () => {
    const events: UpstreamCallEvent[] = [];
    const ctx = createConnectorContext(
      instanceConnector,
      parts(
        { instanceUrl: 'https://acme.zendesk.com', token: 'tok-9' },
        { baseUrl: `${server.origin}/ignored/path` },
      ),
      { retry: FAST_RETRY, onUpstreamCall: (event) => events.push(event) },
    );
    expect(await ctx.http.get(path`/users/${7}`, { schema: z.object({ ok: z.boolean() }) })).toEqual({
      ok: true,
    });
    const [request] = server.requests;
    expect(request?.path).toBe('/api/v2/users/7');
    expect(request?.headers.authorization).toBe('Bearer tok-9');
    expect(request?.headers['x-api-version']).toBe('2024-01-01');
    expect(events).toMatchObject([{ connector: 'instance-demo', endpoint: '/api/v2/users/{}', status: 200 }]);
    // URLs hold ids and emails: only a debugging tool asks for them.
    expect(events[0]).not.toHaveProperty('url');
  });

  it('uses the baseUrl even when the auth fields would be refused', async () => {
    const ctx = createConnectorContext(
      instanceConnector,
      parts({ instanceUrl: 'http://169.254.169.254', token: 't' }, { baseUrl: server.origin }),
      { retry: FAST_RETRY },
    );
    await ctx.http.get('/me', { schema: z.unknown() });
    expect(server.requests).toHaveLength(1);
  });

  it('passes the retry policy and limits on to the client', async () => {
    server.handle((_request, response, index) =>
      index === 0 ? sendJson(response, 503, {}) : sendJson(response, 200, { blob: 'x'.repeat(2_000) }),
    );
    const events: UpstreamCallEvent[] = [];
    const ctx = createConnectorContext(
      instanceConnector,
      parts({ instanceUrl: 'https://acme.zendesk.com', token: 't' }, { baseUrl: server.origin }),
      { retry: FAST_RETRY, maxResponseBytes: 1_000, onUpstreamCall: (event) => events.push(event) },
    );
    const error = await ctx.http.get('/blob', { schema: z.unknown() }).catch((caught: unknown) => caught);
    expect(BridgeError.isInstance(error) && error.code).toBe('upstream_invalid_response');
    expect(server.requests).toHaveLength(2);
    expect(events).toMatchObject([{ status: 'too_large', attempts: 2 }]);
  });

  it('gives a connector without http a client whose every call fails as internal', async () => {
    const ctx = createConnectorContext(noHttpConnector, parts({}), {});
    const error = await ctx.http.get('/x', { schema: z.unknown() }).catch((caught: unknown) => caught);
    expect(BridgeError.isInstance(error) && error.code).toBe('internal');
  });
});

describe('unavailableHttpClient', () => {
  it('rejects every method with internal, naming the connector', async () => {
    const http = unavailableHttpClient('no-http');
    const schema = z.unknown();
    const outcomes = await Promise.allSettled([
      http.get('/x', { schema }),
      http.getIfExists('/x', { schema }),
      http.post('/x', { schema }),
      http.request('DELETE', '/x', { schema }),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      const reason = (outcome as PromiseRejectedResult).reason as BridgeError;
      expect(reason.code).toBe('internal');
      expect(reason.message).toContain('no-http');
    }
  });
});

describe('upstream call events through the pipeline', () => {
  it('carry the full URL with the credentials redacted, query-parameter tokens included', async () => {
    const queryTokenConnector = defineConnector({
      id: 'query-token',
      displayName: 'Query token',
      description: 'Authenticates with a query parameter.',
      auth: z.object({ api_token: z.string() }),
      interactions: {
        ticket: async () => {
          return [];
        },
      },
      http: {
        origin: 'https://api.example.com',
        authenticate: (auth) => ({ type: 'query', name: 'api_token', value: auth.api_token }),
      },
      async findContacts(ctx) {
        await ctx.http.get('/people', { schema: z.unknown(), query: { term: 'jane' } });
        return [];
      },
    });
    const events: UpstreamCallEvent[] = [];
    await retrieveInteractions(
      queryTokenConnector,
      { auth: { api_token: 'pd-token-secret-9' }, data: { contact_external_id: '7' } },
      {
        settings: { baseUrl: server.origin },
        reportUrls: true,
        onUpstreamCall: (event) => events.push(event),
      },
    );
    expect(server.requests[0]?.query.get('api_token')).toBe('pd-token-secret-9');
    expect(events).toHaveLength(1);
    expect(events[0]?.url).toBe(`${server.origin}/people?term=jane&api_token=[redacted]`);
  });
});
