import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { BridgeError } from '../errors.js';
import { createCallLimiter, MAX_CALLS_PER_REQUEST } from '../http/call-limiter.js';
import type { UpstreamCallEvent } from '../http/http-client.js';
import { sendJson, startTestServer, type TestServer } from '../http/test-server.js';
import { retrieveInteractions } from './retrieve-interactions.js';

const anything = z.unknown();
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

/** A connector whose contact lookup starts `calls` upstream GETs at once, as a connector per email would. */
function fanOutConnector(calls: number) {
  return defineConnector({
    id: 'fanout',
    displayName: 'Fan-out',
    description: 'Starts many upstream calls at once.',
    auth: z.object({ token: z.string() }),
    interactions: { case: async () => [] },
    http: {
      origin: 'https://fanout.example',
      authenticate: (auth) => ({ type: 'bearer', token: auth.token }),
    },
    async findContacts(ctx) {
      const started = Array.from({ length: calls }, (_, index) =>
        ctx.http.get(`/calls/${index}`, { schema: anything }),
      );
      await Promise.all(started);
      return [];
    },
  });
}

const body = { auth: { token: 'tok-fanout' }, data: { contact_emails: ['jane@example.com'] } };

/**
 * Counts requests the server is handling at once. Answers are held until `batch` requests are waiting,
 * then (a few milliseconds later, time for a client without a cap to send more) all answered together;
 * the call counts in the tests are multiples of `batch`.
 */
function countConcurrency(batch: number): { peak: () => number } {
  let peak = 0;
  const held: ServerResponse[] = [];
  server.handle((_request, response) => {
    held.push(response);
    peak = Math.max(peak, held.length);
    if (held.length === batch) {
      setTimeout(() => {
        for (const waiting of held.splice(0)) sendJson(waiting, 200, {});
      }, 5);
    }
  });
  return { peak: () => peak };
}

describe('bounded fan-out', () => {
  it(`runs at most ${MAX_CALLS_PER_REQUEST} upstream calls of one request at once`, async () => {
    const { peak } = countConcurrency(MAX_CALLS_PER_REQUEST);
    const calls = MAX_CALLS_PER_REQUEST * 3;
    await retrieveInteractions(fanOutConnector(calls), body, { settings: { baseUrl: server.origin } });
    expect(server.requests).toHaveLength(calls);
    expect(peak()).toBe(MAX_CALLS_PER_REQUEST);
  });

  it("caps every request to one integration together with the integration's limiter", async () => {
    const { peak } = countConcurrency(3);
    const upstreamLimiter = createCallLimiter(3);
    const connector = fanOutConnector(6);
    const options = { settings: { baseUrl: server.origin }, upstreamLimiter };
    await Promise.all([1, 2, 3].map(() => retrieveInteractions(connector, body, options)));
    expect(server.requests).toHaveLength(18);
    expect(peak()).toBe(3);
    expect(upstreamLimiter.active).toBe(0);
  });

  it('fails a call still queued when the deadline passes as deadline_exceeded: it never starts', async () => {
    const held: ServerResponse[] = [];
    server.handle((_request, response) => {
      held.push(response);
    });
    const upstreamLimiter = createCallLimiter(1);
    const error = await retrieveInteractions(fanOutConnector(3), body, {
      settings: { baseUrl: server.origin },
      upstreamLimiter,
      deadlineMs: 300,
    }).catch((caught: unknown) => caught);
    expect(BridgeError.isInstance(error) && error.code).toBe('deadline_exceeded');
    // Only the first call got a slot; the two queued behind it never reached the server.
    expect(server.requests).toHaveLength(1);
    expect(upstreamLimiter.waiting).toBe(0);
  });

  it('aborts the calls still in flight when the operation fails', async () => {
    const closed: Promise<void>[] = [];
    server.handle(async (request, response) => {
      if (request.path === '/calls/0') {
        // Refuse once the other two are in flight.
        while (server.requests.length < 3) await new Promise((resolve) => setTimeout(resolve, 1));
        sendJson(response, 400, { error: 'refused' });
        return;
      }
      // Never answered: only the client going away ends it.
      closed.push(new Promise((resolve) => response.on('close', () => resolve())));
    });
    const error = await retrieveInteractions(fanOutConnector(3), body, {
      settings: { baseUrl: server.origin },
    }).catch((caught: unknown) => caught);
    expect(BridgeError.isInstance(error) && error.code).toBe('upstream_unavailable');
    await expect(Promise.all(closed)).resolves.toHaveLength(2);
  });

  it('aborts a call the connector left running when the operation answers, and a retry waiting to happen', async () => {
    const events: UpstreamCallEvent[] = [];
    const ended = new Promise<UpstreamCallEvent>((resolve) => {
      const onUpstreamCall = (event: UpstreamCallEvent) => {
        events.push(event);
        if (event.endpoint === '/retrying') resolve(event);
      };
      server.handle((request, response) => {
        // The service asks for a retry a minute later: the deadline (8 s) would not allow it anyway,
        // so this retry is asked in a second: only the operation ending can stop the wait.
        if (request.path === '/retrying') sendJson(response, 503, {}, { 'retry-after': '1' });
        else sendJson(response, 200, {});
      });
      const connector = defineConnector({
        id: 'leaky',
        displayName: 'Leaky',
        description: 'Forgets a call.',
        auth: z.object({ token: z.string() }),
        interactions: { case: async () => [] },
        http: {
          origin: 'https://leaky.example',
          authenticate: (auth) => ({ type: 'bearer', token: auth.token }),
        },
        async findContacts(ctx) {
          // Not awaited: the operation answers while this call waits to retry.
          void ctx.http.get('/retrying', { schema: anything }).catch(() => {});
          await ctx.http.get('/answer', { schema: anything });
          // Let the first attempt of /retrying come back before answering.
          while (server.requests.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
          await new Promise((resolve) => setTimeout(resolve, 20));
          return [];
        },
      });
      void retrieveInteractions(connector, body, { settings: { baseUrl: server.origin }, onUpstreamCall });
    });
    const retrying = await ended;
    expect(retrying).toMatchObject({ endpoint: '/retrying', attempts: 1, status: 'deadline' });
    expect(server.requests.filter((request) => request.path === '/retrying')).toHaveLength(1);
  });
});

describe('createCallLimiter', () => {
  it('refuses a cap that is not a positive integer', () => {
    expect(() => createCallLimiter(0)).toThrow(RangeError);
  });
});
