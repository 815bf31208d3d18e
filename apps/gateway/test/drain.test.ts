// The graceful drain over a real port, against a slow local upstream the test answers when it decides:
// no step here waits for a clock, every assertion follows an event.
import { Agent, createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { zendesk } from '@talkbridge/connector-zendesk';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultDrainLimitMs, drainGateway } from '../src/drain.js';
import { resolveGatewayConfig } from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';
import { GatewayLifecycle } from '../src/readiness.js';
import { serveGateway } from '../src/server.js';

/** A Zendesk stand-in that holds every request until the test releases it. */
const held: { request: IncomingMessage; response: ServerResponse }[] = [];
const upstream = createServer((request, response) => held.push({ request, response }));
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
afterAll(() => {
  upstream.closeAllConnections();
  return new Promise((resolve) => upstream.close(resolve));
});
const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
const releaseAll = () => {
  for (const { response } of held.splice(0)) {
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ results: [], next_page: null }));
  }
};

const config = resolveGatewayConfig(
  {
    integrations: {
      'zendesk-acme': { connector: 'zendesk', options: { baseUrl: upstreamUrl }, deadlineMs: 30_000 },
    },
  },
  [zendesk],
);
const retrievalBody = JSON.stringify({
  auth: { account: 'acme', email: 'agent@acme.example', token: 'zd-drain-token' },
  // By phone: one upstream call in flight (a first view by one email also searches tickets beside the user).
  data: { contact_phones: ['+1 415 555 0100'] },
});

async function startGateway() {
  const lifecycle = new GatewayLifecycle();
  const logger = createGatewayLogger({ level: 'silent' });
  const gateway = await serveGateway({ config, logger, lifecycle });
  const retrieve = () =>
    fetch(`${gateway.url}/integrations/zendesk-acme/interaction_retrieval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: retrievalBody,
    });
  return { gateway, lifecycle, logger, retrieve };
}

/** A GET through a keep-alive agent: the connection stays open in the agent's pool afterwards. */
function keepAliveGet(agent: Agent, url: string) {
  return new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
      );
    }).on('error', reject);
  });
}

describe('graceful drain', () => {
  it('turns readiness 503 at once, lets the in-flight retrieval finish, and is not held by keep-alive', async () => {
    const { gateway, lifecycle, logger, retrieve } = await startGateway();
    const agent = new Agent({ keepAlive: true });
    expect(await keepAliveGet(agent, `${gateway.url}/healthz`)).toEqual({
      status: 200,
      connection: 'keep-alive',
    });
    expect(await (await fetch(`${gateway.url}/readyz`)).json()).toMatchObject({ status: 'ready' });

    const inFlight = retrieve();
    await expect.poll(() => held.length).toBe(1);

    let endGrace = () => {};
    const graceOver = new Promise<void>((resolve) => {
      endGrace = resolve;
    });
    const drained = drainGateway({
      servers: [gateway.server],
      lifecycle,
      graceMs: 0,
      graceOver,
      limitMs: 600_000,
      logger,
    });

    // During the grace period: still accepting, readiness says 503, and answers close their connection.
    const readiness = await fetch(`${gateway.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: 'draining', integrations: {} });
    expect(readiness.headers.get('connection')).toBe('close');
    expect(await keepAliveGet(agent, `${gateway.url}/healthz`)).toEqual({ status: 200, connection: 'close' });
    // The keep-alive client opens another connection and leaves it idle in its pool.
    expect(await keepAliveGet(agent, `${gateway.url}/healthz`)).toMatchObject({ status: 200 });

    endGrace();
    // New connections are refused once the grace period is over.
    await expect
      .poll(() =>
        fetch(`${gateway.url}/healthz`).then(
          () => 'accepted',
          () => 'refused',
        ),
      )
      .toBe('refused');

    // The in-flight retrieval still gets its answer, on a connection that then closes.
    releaseAll();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual([]);
    expect(answer.headers.get('connection')).toBe('close');
    // The keep-alive agent never closed anything itself: the drain still completes.
    expect(await drained).toBe('drained');
    agent.destroy();
  });

  it('aborts what is left when the drain limit passes', async () => {
    const { gateway, lifecycle, logger, retrieve } = await startGateway();
    const inFlight = retrieve().then(
      (response) => `answered ${response.status}`,
      () => 'connection closed',
    );
    await expect.poll(() => held.length).toBe(1);
    const upstreamRequest = held[0]?.request;
    const upstreamAborted = new Promise<void>((resolve) => upstreamRequest?.once('close', () => resolve()));

    expect(
      await drainGateway({ servers: [gateway.server], lifecycle, graceMs: 0, limitMs: 200, logger }),
    ).toBe('limit_reached');
    expect(await inFlight).toBe('connection closed');
    // The work behind the request was aborted too: its upstream call went away.
    await upstreamAborted;
    expect(upstreamRequest?.destroyed).toBe(true);
    held.splice(0);
  });

  it('defaults the limit to the grace period plus the longest deadline plus a margin', () => {
    expect(defaultDrainLimitMs(config, 5_000)).toBe(5_000 + 30_000 + 5_000);
  });
});
