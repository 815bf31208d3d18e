import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { BridgeError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { retrieveInteractions } from '../pipeline/retrieve-interactions.js';
import { guardedLookup, type HostResolver, isPublicAddress, type ResolvedAddress } from './address-guard.js';
import { createHttpClient } from './http-client.js';
import { sendJson, startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
  server.handle((_request, response) => sendJson(response, 200, { ok: true }));
});
afterEach(async () => {
  await server.close();
});

/** A resolver stub: every name resolves to `address`, and each name asked is remembered. */
function resolvingTo(address: string): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (hostname: string): Promise<ResolvedAddress[]> => {
    asked.push(hostname);
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
  return Object.assign(resolver, { asked });
}

function guardedClient(resolver: HostResolver, path = '/x') {
  const client = createHttpClient({
    connectorId: 'guarded',
    http: { origin: 'unused', authenticate: () => ({ type: 'bearer', token: 'tok-guarded' }) },
    auth: {},
    // A name inside the vendor's zone; the stub decides where it points. The loopback server listens there.
    origin: `http://acme.vendor.example:${server.port}`,
    signal: new AbortController().signal,
    deadline: Date.now() + 5_000,
    log: silentLogger,
    addressGuard: { resolver },
  });
  return client.get(path, { schema: z.unknown() });
}

describe('connect-time address check', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::ffff:127.0.0.1',
    'fd00::1',
    'fe80::1',
    '224.0.0.1',
    '::',
  ])('refuses a vendor name resolving to %s before sending anything', async (address) => {
    const resolver = resolvingTo(address);
    const error = await guardedClient(resolver).catch((caught: unknown) => caught);
    expect(BridgeError.isInstance(error) && error.code).toBe('host_not_allowed');
    expect(resolver.asked).toEqual(['acme.vendor.example']);
    expect(server.requests).toHaveLength(0);
  });

  it('hands a public address on to the connection', async () => {
    const answer = await new Promise<unknown[]>((resolve) => {
      guardedLookup(resolvingTo('93.184.216.34'))('acme.vendor.example', {}, (...args: unknown[]) =>
        resolve(args),
      );
    });
    expect(answer).toEqual([null, '93.184.216.34', 4]);
    const all = await new Promise<unknown[]>((resolve) => {
      guardedLookup(resolvingTo('2606:2800:220:1::1'))(
        'acme.vendor.example',
        { all: true },
        (...args: unknown[]) => resolve(args),
      );
    });
    expect(all).toEqual([null, [{ address: '2606:2800:220:1::1', family: 6 }]]);
  });

  it('tells public unicast addresses from the rest', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true);
    expect(isPublicAddress('172.32.0.1')).toBe(true);
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true);
    expect(isPublicAddress('172.31.255.255')).toBe(false);
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(false);
    expect(isPublicAddress('not an address')).toBe(false);
  });

  it('refuses a path with a backslash: URL parsing would read it as a slash to another host', async () => {
    const error = await guardedClient(resolvingTo('93.184.216.34'), '/\\evil.example/x').catch(
      (caught: unknown) => caught,
    );
    expect(BridgeError.isInstance(error) && error.code).toBe('host_not_allowed');
  });

  it('checks origins built from tenant auth fields in the pipeline, and trusts the operator baseUrl', async () => {
    const connector = defineConnector({
      id: 'tenant',
      displayName: 'Tenant',
      description: 'Reaches the tenant’s own subdomain.',
      auth: z.object({ account: z.string(), token: z.string() }),
      interactions: { case: async () => [] },
      hosts: ['*.vendor.example'],
      http: {
        origin: (auth) => `https://${auth.account}.vendor.example`,
        authenticate: (auth) => ({ type: 'bearer', token: auth.token }),
      },
      async findContacts(ctx) {
        await ctx.http.get('/me', { schema: z.unknown() });
        return [];
      },
    });
    const body = {
      auth: { account: 'acme', token: 'tok-tenant' },
      data: { contact_emails: ['a@example.com'] },
    };
    const resolver = resolvingTo('127.0.0.1');
    const error = await retrieveInteractions(connector, body, { resolveHost: resolver }).catch(
      (caught: unknown) => caught,
    );
    expect(BridgeError.isInstance(error) && error.code).toBe('host_not_allowed');
    expect(resolver.asked).toEqual(['acme.vendor.example']);

    // The operator's baseUrl is configuration, not request data: it may point at loopback.
    await expect(
      retrieveInteractions(connector, body, { resolveHost: resolver, settings: { baseUrl: server.origin } }),
    ).resolves.toEqual([]);
    expect(server.requests.map((request) => request.path)).toEqual(['/me']);
  });
});
