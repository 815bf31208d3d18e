// The operator's endpoints over a real port: metrics after real retrievals, readiness with dependency
// checks, the OpenAPI document and its human page.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validate } from '@readme/openapi-parser';
import { sandbox } from '@talkbridge/connector-sandbox';
import { defineConnector, path } from '@talkbridge/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STATUS_BY_CODE } from '../src/error-response.js';
import { resolveGatewayConfig, withEnvironmentTokens } from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';
import { GatewayMetrics } from '../src/metrics.js';
import { BRIDGE_HOOKS } from '../src/openapi.js';
import { type RunningGateway, serveGateway, serveMetrics } from '../src/server.js';
import { specExampleRequest } from './start-test-gateway.js';

const TOKEN = 'loopback-token-5d2c';
const METRICS_TOKEN = 'metrics-token-0123456789';

// A loopback service: the first notes call is rate limited (Retry-After: 0), then answers; person 'p-quota'
// is refused by a rate limit that lasts longer than any deadline.
let notesCalls = 0;
const service = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://service');
  if (url.pathname === '/v1/people/p-quota')
    return response.writeHead(429, { 'retry-after': '600' }).end('{}');
  if (url.pathname.startsWith('/v1/people/'))
    return response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"p1"}');
  notesCalls += 1;
  if (notesCalls === 1) return response.writeHead(429, { 'retry-after': '0' }).end('{}');
  response
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ items: [{ id: 'n1', title: 'Called back', at: '2025-01-02T03:04:05Z' }] }));
});
await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise((resolve) => service.close(resolve)));

const notes = defineConnector({
  id: 'notes',
  displayName: 'Notes',
  description: 'A loopback notes service.',
  auth: z.object({ token: z.string() }),
  interactions: {
    note: async (ctx) => {
      const { items } = await ctx.http.get('/notes', {
        schema: z.object({ items: z.array(z.object({ id: z.string(), title: z.string(), at: z.string() })) }),
      });
      return items.map((item) => ({
        id: item.id,
        subject: item.title,
        date: item.at,
        priority: 'none',
        status: 'closed',
      }));
    },
  },
  http: {
    origin: 'https://notes.example',
    basePath: '/v1',
    authenticate: (auth) => ({ type: 'bearer', token: auth.token }),
  },
  async findContacts(ctx, lookup) {
    if (lookup.by !== 'externalId') return [];
    const person = await ctx.http.get(path`/people/${lookup.externalId}`, {
      schema: z.object({ id: z.string() }),
    });
    return [{ id: person.id }];
  },
});

/** A connector with a dependency (think: its database) whose answer the test decides. */
let databaseAnswer: 'ok' | 'refused' | 'silent' = 'ok';
const withDatabase = defineConnector({
  ...notes,
  id: 'with-database',
  displayName: 'With a database',
  async checkReadiness(_settings, signal) {
    if (databaseAnswer === 'refused') throw new Error('connect ECONNREFUSED 10.0.0.7:5432');
    if (databaseAnswer === 'silent')
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
  },
});

const { port: servicePort } = service.address() as AddressInfo;
const config = resolveGatewayConfig(
  {
    integrations: {
      'notes-acme': { connector: 'notes', options: { baseUrl: `http://127.0.0.1:${servicePort}` } },
      'db-acme': { connector: 'with-database' },
      demo: { connector: 'sandbox' },
    },
  },
  [notes, withDatabase, sandbox],
);
const logger = createGatewayLogger({ level: 'silent' });
const gateways: RunningGateway[] = [];
afterAll(() => Promise.all(gateways.map((gateway) => gateway.close())));
async function start(options: Parameters<typeof serveGateway>[0]) {
  const gateway = await serveGateway(options);
  gateways.push(gateway);
  return gateway;
}

const metrics = new GatewayMetrics();
const gateway = await start({ config, logger, metrics });
const post = (path: string, body: unknown) =>
  fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const metricLines = async (url = `${gateway.url}/metrics`) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return (await response.text()).split('\n');
};

describe('metrics', () => {
  it('counts requests and upstream calls with bounded labels after real retrievals', async () => {
    const answered = await post('/integrations/notes-acme/interaction_retrieval', {
      auth: { token: TOKEN },
      data: { contact_external_id: 'person-42' },
    });
    expect(answered.status).toBe(200);
    const refused = await post('/integrations/notes-acme/interaction_retrieval', {
      auth: { token: TOKEN },
      data: { contact_external_id: 'p-quota' },
    });
    expect(refused.status).toBe(429);
    expect((await post('/integrations/nope-4711/interaction_retrieval', specExampleRequest)).status).toBe(
      404,
    );
    expect((await fetch(`${gateway.url}/no/such/path-9981`)).status).toBe(404);

    const lines = await metricLines();
    expect(lines).toContain(
      'talkbridge_http_requests_total{integration="notes-acme",hook="interaction_retrieval",status="200"} 1',
    );
    expect(lines).toContain(
      'talkbridge_http_requests_total{integration="notes-acme",hook="interaction_retrieval",status="429"} 1',
    );
    expect(lines).toContain(
      'talkbridge_http_requests_total{integration="",hook="interaction_retrieval",status="404"} 1',
    );
    expect(lines).toContain('talkbridge_http_requests_total{integration="",hook="unmatched",status="404"} 1');
    expect(lines).toContain(
      'talkbridge_http_request_duration_seconds_count{integration="notes-acme",hook="interaction_retrieval"} 2',
    );
    expect(lines).toContain(
      'talkbridge_upstream_calls_total{integration="notes-acme",connector="notes",method="GET",endpoint="/v1/people/{}",status="200"} 1',
    );
    expect(lines).toContain(
      'talkbridge_upstream_calls_total{integration="notes-acme",connector="notes",method="GET",endpoint="/v1/people/{}",status="429"} 1',
    );
    expect(lines).toContain(
      'talkbridge_upstream_calls_total{integration="notes-acme",connector="notes",method="GET",endpoint="/v1/notes",status="200"} 1',
    );
    expect(lines).toContain(
      'talkbridge_upstream_call_duration_seconds_count{connector="notes",method="GET",endpoint="/v1/notes"} 1',
    );
    expect(lines).toContain(
      'talkbridge_upstream_retries_total{integration="notes-acme",connector="notes",endpoint="/v1/notes"} 1',
    );
    expect(lines).toContain(
      'talkbridge_upstream_rate_limit_waits_total{integration="notes-acme",connector="notes"} 1',
    );
    expect(lines).toContain(
      'talkbridge_upstream_rate_limited_total{integration="notes-acme",connector="notes"} 1',
    );
    // The scrape itself is in flight while it renders.
    expect(lines).toContain('talkbridge_http_requests_in_flight 1');
    // Node's process metrics come along.
    expect(lines.some((line) => line.startsWith('process_cpu_user_seconds_total '))).toBe(true);
    expect(lines.some((line) => line.startsWith('nodejs_eventloop_lag_seconds '))).toBe(true);
    // No raw path, id or unknown integration ever becomes a label value.
    const text = lines.join('\n');
    for (const raw of ['person-42', 'p-quota', 'nope-4711', 'path-9981', TOKEN])
      expect(text).not.toContain(raw);
  });

  it('wants METRICS_TOKEN as a bearer token when it is set', async () => {
    const guarded = await start({ config, logger, metricsToken: METRICS_TOKEN });
    expect((await fetch(`${guarded.url}/metrics`)).status).toBe(403);
    const wrong = await fetch(`${guarded.url}/metrics`, {
      headers: { authorization: 'Bearer metrics-token-0123456788' },
    });
    expect(wrong.status).toBe(403);
    const right = await fetch(`${guarded.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('talkbridge_http_requests_total');
  });

  it('serves /metrics on its own port when METRICS_PORT is set, and not on the main one', async () => {
    const ownMetrics = new GatewayMetrics({ processMetrics: false });
    const main = await start({ config, logger, metrics: ownMetrics, metricsRoute: false });
    const metricsPort = await serveMetrics({ metrics: ownMetrics });
    gateways.push(metricsPort);
    expect((await fetch(`${main.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${main.url}/metrics`)).status).toBe(404);
    const lines = await metricLines(`${metricsPort.url}/metrics`);
    expect(lines).toContain('talkbridge_http_requests_total{integration="",hook="/healthz",status="200"} 1');
    expect((await fetch(`${metricsPort.url}/healthz`)).status).toBe(404);
  });
});

describe('with inbound tokens configured', () => {
  it('needs no token for health, readiness, metrics, the API description and its page', async () => {
    const guarded = await start({
      config: withEnvironmentTokens(config, { TALKBRIDGE_INBOUND_TOKENS: 'inbound-token-0123456789' }),
      logger,
    });
    for (const open of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/docs/swagger-ui.css'])
      expect((await fetch(`${guarded.url}${open}`)).status, open).toBe(200);
    // The hooks still want the token.
    const refused = await fetch(`${guarded.url}/integrations/demo/interaction_retrieval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(specExampleRequest),
    });
    expect(refused.status).toBe(403);
    expect((await fetch(`${guarded.url}/integrations`)).status).toBe(403);
  });
});

describe('health and readiness', () => {
  it('is live and ready while every configured dependency answers', async () => {
    databaseAnswer = 'ok';
    expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    // Only integrations whose connector checks a dependency are listed.
    expect(await ready.json()).toEqual({ status: 'ready', integrations: { 'db-acme': { status: 'ok' } } });
  });

  it('is not ready when a dependency refuses, without saying where it lives', async () => {
    databaseAnswer = 'refused';
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: 'not_ready',
      integrations: { 'db-acme': { status: 'unavailable', reason: 'failed' } },
    });
    expect(text).not.toContain('10.0.0.7');
    // Liveness does not depend on it: restarting the gateway would not bring the database back.
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
  });

  it('is not ready when a dependency does not answer in time', async () => {
    databaseAnswer = 'silent';
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not_ready',
      integrations: { 'db-acme': { status: 'unavailable', reason: 'timeout' } },
    });
    databaseAnswer = 'ok';
  });
});

describe('the API description', () => {
  it('is a valid OpenAPI 3.1 document naming every hook, its schemas, the error codes and the token scheme', async () => {
    const response = await fetch(`${gateway.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
      components: {
        schemas: Record<string, { properties?: Record<string, unknown> }>;
        securitySchemes: unknown;
      };
    };
    const result = await validate(structuredClone(document) as never);
    expect(result).toMatchObject({ valid: true });
    expect(document.openapi).toBe('3.1.0');

    const hookPaths = Object.keys(document.paths).filter((key) =>
      key.startsWith('/integrations/{integrationId}/'),
    );
    for (const hook of BRIDGE_HOOKS) {
      for (const suffix of [hook.hook, ...hook.aliases]) {
        const operation = document.paths[`/integrations/{integrationId}/${suffix}`]?.post;
        expect(operation?.requestBody, suffix).toBeDefined();
        expect(Object.keys(operation?.responses ?? {})).toContain(String(hook.status));
        expect(hookPaths).toContain(`/integrations/{integrationId}/${suffix}`);
      }
    }
    // The hooks the app routes are exactly the documented ones.
    expect(hookPaths.sort()).toEqual(
      [...BRIDGE_HOOKS.flatMap((hook) => [hook.hook, ...hook.aliases]), 'configuration', 'actions']
        .map((suffix) => `/integrations/{integrationId}/${suffix}`)
        .sort(),
    );
    const retrieval = document.paths['/integrations/{integrationId}/interaction_retrieval']?.post;
    expect(Object.keys(retrieval?.responses ?? {})).toEqual(
      expect.arrayContaining([...new Set(Object.values(STATUS_BY_CODE))].map(String)),
    );
    expect(JSON.stringify(document.components.schemas.ErrorBody)).toContain('deadline_exceeded');
    expect(Object.keys(document.components.schemas.InteractionRetrievalRequest?.properties ?? {})).toEqual(
      expect.arrayContaining(['auth', 'meta', 'data']),
    );
    expect(document.components.securitySchemes).toEqual({
      bearerToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      queryToken: expect.objectContaining({ type: 'apiKey', in: 'query', name: 'token' }),
    });
    // Health, readiness, metrics and the description itself need no token.
    for (const open of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs'])
      expect(document.paths[open]?.get).toMatchObject({ security: [] });
  });

  it('has a human page rendered from the installed swagger-ui, with no CDN', async () => {
    const page = await fetch(`${gateway.url}/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual([
      'docs/swagger-ui.css',
      'docs/swagger-ui-bundle.js',
      'docs/swagger-ui-standalone-preset.js',
      'docs/swagger-initializer.js',
    ]);
    for (const asset of assets) {
      const response = await fetch(`${gateway.url}/${asset}`);
      expect(response.status, asset).toBe(200);
      expect((await response.text()).length, asset).toBeGreaterThan(50);
    }
    expect(await (await fetch(`${gateway.url}/docs/swagger-initializer.js`)).text()).toContain(
      "url: 'openapi.json'",
    );
  });
});
