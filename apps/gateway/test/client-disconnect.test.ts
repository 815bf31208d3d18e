// A caller that hangs up mid-request: the upstream call made for it is aborted, not left running until the
// deadline. The gateway reads the body without materialising a WHATWG Request, so this pins down that the
// caller's connection still reaches the pipeline's signal.
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defineConnector } from '@talkbridge/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestGateway } from './start-test-gateway.js';

/** Upstream requests the service received and never answered. */
const held: IncomingMessage[] = [];
const service = createServer((request) => {
  held.push(request);
});
await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
afterAll(() => {
  service.closeAllConnections();
  return new Promise((resolve) => service.close(resolve));
});

const slow = defineConnector({
  id: 'slow',
  displayName: 'Slow',
  description: 'A loopback service that never answers.',
  auth: z.object({ token: z.string() }),
  interactions: {
    note: async () => {
      return [];
    },
  },
  http: {
    origin: 'https://slow.example',
    authenticate: (auth) => ({ type: 'bearer', token: auth.token }),
  },
  async findContacts(ctx) {
    await ctx.http.get('/people', { schema: z.unknown() });
    return [];
  },
  async validateAuth(ctx) {
    await ctx.http.get('/me', { schema: z.unknown() });
    return undefined;
  },
});

const { port } = service.address() as AddressInfo;
const gateway = await startTestGateway(
  {
    inboundAuth: { required: false },
    integrations: {
      slow: { connector: 'slow', deadlineMs: 30_000, options: { baseUrl: `http://127.0.0.1:${port}` } },
    },
  },
  [slow],
);

/** Sends a hook request on a connection of its own; returns it so the test can hang up. */
function sendAndHangUpLater(path: string) {
  const body = JSON.stringify({ auth: { token: 'slow-token' }, data: { contact_external_id: '7' } });
  const request = httpRequest(`${gateway.url}${path}`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  request.on('error', () => {});
  request.end(body);
  return request;
}

describe('a caller that hangs up', () => {
  for (const hook of ['interaction_retrieval', 'auth_validation']) {
    it(`aborts the upstream call of ${hook}`, async () => {
      held.splice(0);
      const client = sendAndHangUpLater(`/integrations/slow/${hook}`);
      await expect.poll(() => held.length).toBe(1);
      const upstream = held[0] as IncomingMessage;
      const upstreamClosed = new Promise<void>((resolve) => upstream.once('close', () => resolve()));

      client.destroy();
      // Well before the 30 s deadline: the gateway let go of the upstream call because its caller left.
      await upstreamClosed;
      expect(upstream.socket?.destroyed ?? true).toBe(true);
    });
  }
});
