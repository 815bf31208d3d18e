// Slow, idle or greedy clients over real sockets: they are cut off or refused, and real requests still answer.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { resolveServerLimits } from '../src/server-limits.js';
import { startTestGateway } from './start-test-gateway.js';

const TOKEN = 'limits-token-0123456789';

/** A raw TCP client: what it received, and a promise of the socket's end. */
async function openSocket(
  url: string,
): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  let received = '';
  socket.on('data', (chunk) => {
    received += String(chunk);
  });
  // A refused or reset connection ends the same way for these tests: closed.
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => received, closed };
}

/** Sends one byte every few milliseconds until the socket closes. */
function trickle(socket: Socket, byte: string): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(byte);
  }, 20);
  socket.once('close', () => clearInterval(timer));
}

const healthzRequest = 'GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n';

describe('server limits', () => {
  it('size the request timeout from the longest deadline, and keep the headers timeout within it', () => {
    expect(resolveServerLimits(undefined, 8_000)).toMatchObject({
      requestTimeoutMs: 13_000,
      headersTimeoutMs: 10_000,
      idleSocketTimeoutMs: 13_000,
      maxConnections: 256,
      maxHeaderBytes: 16_384,
    });
    expect(resolveServerLimits({ requestTimeoutMs: 2_000 }, 30_000)).toMatchObject({
      requestTimeoutMs: 2_000,
      headersTimeoutMs: 2_000,
      idleSocketTimeoutMs: 35_000,
    });
  });

  it('cut off a client that trickles its body, and one that trickles its headers', async () => {
    const gateway = await startTestGateway({
      server: { requestTimeoutMs: 300, headersTimeoutMs: 300 },
      integrations: { acme: { connector: 'sandbox', inboundTokens: [TOKEN] } },
    });
    const slowBody = await openSocket(gateway.url);
    slowBody.socket.write(
      'POST /integrations/acme/interaction_retrieval HTTP/1.1\r\nHost: gateway\r\n' +
        `Authorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{`,
    );
    trickle(slowBody.socket, ' ');
    const slowHeaders = await openSocket(gateway.url);
    slowHeaders.socket.write('GET /healthz HTTP/1.1\r\nX-Slow: ');
    trickle(slowHeaders.socket, 'a');

    await slowBody.closed;
    await slowHeaders.closed;
    expect(slowBody.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(slowHeaders.received()).toMatch(/^HTTP\/1\.1 408 /);
    // The gateway still answers.
    expect((await gateway.get('/healthz')).status).toBe(200);
  });

  it('refuse connections past the cap while an existing connection still answers /healthz', async () => {
    const gateway = await startTestGateway({
      server: { maxConnections: 3 },
      integrations: { acme: { connector: 'sandbox', inboundTokens: [TOKEN] } },
    });
    const held = [
      await openSocket(gateway.url),
      await openSocket(gateway.url),
      await openSocket(gateway.url),
    ];
    // Each connection has been served once: the server counts all three.
    for (const client of held) {
      client.socket.write(healthzRequest);
      await expect.poll(client.received).toMatch(/^HTTP\/1\.1 200 [\s\S]*"status":"ok"/);
    }

    const refused = await openSocket(gateway.url);
    refused.socket.write(healthzRequest);
    await refused.closed;
    expect(refused.received()).toBe('');

    const [first] = held;
    if (!first) throw new Error('no held connection');
    const before = first.received().length;
    first.socket.write(healthzRequest);
    await expect.poll(() => first.received().slice(before)).toMatch(/^HTTP\/1\.1 200 [\s\S]*"status":"ok"/);
    for (const client of held) client.socket.destroy();
  });

  it('answer 431 to headers past the size cap', async () => {
    const gateway = await startTestGateway({
      integrations: { acme: { connector: 'sandbox', inboundTokens: [TOKEN] } },
    });
    const response = await fetch(`${gateway.url}/healthz`, { headers: { 'x-big': 'a'.repeat(20_000) } });
    expect(response.status).toBe(431);
    const configured = await startTestGateway({
      server: { maxHeaderBytes: 2_048 },
      integrations: { acme: { connector: 'sandbox', inboundTokens: [TOKEN] } },
    });
    const small = await fetch(`${configured.url}/healthz`, { headers: { 'x-big': 'a'.repeat(4_000) } });
    expect(small.status).toBe(431);
    expect((await configured.get('/healthz')).status).toBe(200);
  });
});
