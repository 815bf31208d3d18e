// An HTTP connector behind the gateway, against a real loopback service: upstream calls are logged at
// debug on the request's log line stream and counted per integration and endpoint template.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineConnector, path } from '@talkbridge/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestGateway } from './start-test-gateway.js';

const TOKEN = 'loopback-token-93e1';
let failNextContactLookup = true;
const service = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://service');
  if (request.headers.authorization !== `Bearer ${TOKEN}`) return response.writeHead(401).end('{}');
  if (url.pathname.startsWith('/v1/people/')) {
    if (failNextContactLookup) {
      failNextContactLookup = false;
      return response.writeHead(503).end('{}');
    }
    return response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'p1' }));
  }
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
    note: async (ctx, contacts) => {
      const { items } = await ctx.http.get('/notes', {
        query: { person: contacts.map((contact) => contact.id) },
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
    const person = await ctx.http.getIfExists(path`/people/${lookup.externalId}`, {
      schema: z.object({ id: z.string() }),
    });
    return person ? [{ id: person.id }] : [];
  },
});

const { port } = service.address() as AddressInfo;
const gateway = await startTestGateway(
  {
    integrations: { 'notes-acme': { connector: 'notes', options: { baseUrl: `http://127.0.0.1:${port}` } } },
  },
  [notes],
);

describe('upstream calls behind the gateway', () => {
  it('answers through a retried upstream call and counts every call by endpoint template', async () => {
    const response = await gateway.post('/integrations/notes-acme/interaction_retrieval', {
      auth: { token: TOKEN },
      data: { contact_external_id: 'person-42' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      {
        id: 'n1',
        subject: 'Called back',
        date: '2025-01-02 03:04:05 UTC',
        type: 'note',
        priority: 'none',
        status: 'closed',
      },
    ]);
    const stats = gateway.upstreamStats
      .snapshot()
      .map(({ integration, endpoint, status, calls, attempts }) => ({
        integration,
        endpoint,
        status,
        calls,
        attempts,
      }));
    expect(stats).toEqual([
      { integration: 'notes-acme', endpoint: '/v1/people/{}', status: 200, calls: 1, attempts: 2 },
      { integration: 'notes-acme', endpoint: '/v1/notes', status: 200, calls: 1, attempts: 1 },
    ]);
  });

  it('logs each upstream call at debug, without ids or the token', () => {
    const upstreamLines = gateway.logs().filter((line) => line.msg === 'upstream call');
    expect(upstreamLines).toHaveLength(2);
    expect(upstreamLines[0]).toMatchObject({ upstream: { endpoint: '/v1/people/{}', attempts: 2 } });
    const everything = JSON.stringify(gateway.logs());
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain('person-42');
  });
});
