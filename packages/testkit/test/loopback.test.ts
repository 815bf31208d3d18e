// The example connector over real sockets: Node's fetch, keep-alive, real timeouts. No msw here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BridgeError, retrieveInteractions, type UpstreamCallEvent } from '@talkbridge/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaptureLogger } from '../src/index.js';
import { ACME_TOKEN, acmeDesk, acmeDeskService } from './acme-desk.js';

type Misbehaviour = 'none' | 'fail-once' | 'hang' | 'unauthorized';
let misbehaviour: Misbehaviour = 'none';
let connections = 0;
const seen: string[] = [];
let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://loopback');
    seen.push(`${request.method} ${url.pathname}`);
    if (misbehaviour === 'hang') return; // never answers
    if (misbehaviour === 'fail-once') {
      misbehaviour = 'none';
      response.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"bad gateway"}');
      return;
    }
    const authorization = misbehaviour === 'unauthorized' ? null : (request.headers.authorization ?? null);
    const { status, body } = acmeDeskService(request.method ?? 'GET', url, authorization);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  misbehaviour = 'none';
  seen.length = 0;
});

const request = {
  auth: { subdomain: 'loop', token: ACME_TOKEN },
  data: { contact_emails: ['jane@example.com'] },
};
const retrieve = (options: Parameters<typeof retrieveInteractions>[2] = {}) =>
  retrieveInteractions(acmeDesk, request, {
    settings: { baseUrl: origin },
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    ...options,
  });
const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (BridgeError.isInstance(error) ? error.code : 'not a BridgeError'),
  );

describe('the example connector against a loopback server', () => {
  it('sends the documented requests and maps the answer', async () => {
    const events: UpstreamCallEvent[] = [];
    const answer = await retrieve({ onUpstreamCall: (event) => events.push(event) });
    expect(answer.map((item) => [item.id, item.date, item.status, item.priority])).toEqual([
      ['71', '2024-05-03 06:30:00 UTC', 'solved', 'none'],
      ['70', '2024-05-01 10:00:00 UTC', 'open', 'high'],
    ]);
    expect(seen).toEqual(['GET /api/users', 'GET /api/tickets']);
    expect(events.map((event) => [event.method, event.endpoint, event.status, event.attempts])).toEqual([
      ['GET', '/api/users', 200, 1],
      ['GET', '/api/tickets', 200, 1],
    ]);
  });

  it('reuses connections across many retrievals (keep-alive)', async () => {
    const before = connections;
    for (let i = 0; i < 25; i += 1) await retrieve();
    expect(seen).toHaveLength(50);
    expect(connections - before).toBeLessThanOrEqual(4);
  });

  it('retries a 502 over the real socket and answers', async () => {
    misbehaviour = 'fail-once';
    expect((await retrieve()).length).toBe(2);
    expect(seen).toEqual(['GET /api/users', 'GET /api/users', 'GET /api/tickets']);
  });

  it('maps a real 401 to invalid_credentials', async () => {
    misbehaviour = 'unauthorized';
    expect(await codeOf(retrieve())).toBe('invalid_credentials');
  });

  it('aborts a hanging server at the deadline with deadline_exceeded', async () => {
    misbehaviour = 'hang';
    expect(await codeOf(retrieve({ deadlineMs: 250 }))).toBe('deadline_exceeded');
  });

  it('keeps the token out of the logs at debug level', async () => {
    const log = createCaptureLogger();
    misbehaviour = 'fail-once';
    await retrieve({ log });
    expect(log.lines.length).toBeGreaterThan(2);
    expect(log.text()).not.toContain(ACME_TOKEN);
  });
});
