import { describe, expect, it, vi } from 'vitest';
import { BridgeError } from '../errors.js';
import type { ConnectorHttp } from './http-client.js';
import { resolveOrigin } from './resolve-origin.js';

interface TenantAuth {
  subdomain: string;
}

const tenantHttp = (origin: ConnectorHttp<TenantAuth>['origin']): ConnectorHttp<TenantAuth> => ({
  origin,
  authenticate: () => ({ type: 'none' }),
});

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (BridgeError.isInstance(error)) return error.code;
    throw error;
  }
  throw new Error('expected a BridgeError');
}

describe('resolveOrigin', () => {
  it("builds the origin from the auth fields and checks it against the connector's hosts", () => {
    const http = tenantHttp((auth) => `https://${auth.subdomain}.zendesk.com`);
    expect(resolveOrigin(http, { subdomain: 'Acme' }, ['*.zendesk.com'], undefined)).toBe(
      'https://acme.zendesk.com',
    );
  });

  it('refuses an origin from the auth fields that the host guard refuses', () => {
    const http = tenantHttp((auth) => `https://${auth.subdomain}.zendesk.com`);
    expect(codeOf(() => resolveOrigin(http, { subdomain: 'evil.com#' }, ['*.zendesk.com'], undefined))).toBe(
      'host_not_allowed',
    );
    const instanceUrl = tenantHttp((auth) => auth.subdomain);
    expect(
      codeOf(() =>
        resolveOrigin(instanceUrl, { subdomain: 'http://127.0.0.1:8080' }, ['*.zendesk.com'], undefined),
      ),
    ).toBe('host_not_allowed');
  });

  it("prefers the operator's baseUrl, trusted, keeping only its origin", () => {
    const origin = vi.fn((auth: TenantAuth) => `https://${auth.subdomain}.zendesk.com`);
    const http = tenantHttp(origin);
    expect(
      resolveOrigin(
        http,
        { subdomain: 'evil.com#' },
        ['*.zendesk.com'],
        'http://127.0.0.1:9999/some/path?x=1#y',
      ),
    ).toBe('http://127.0.0.1:9999');
    expect(origin).not.toHaveBeenCalled();
  });

  it('prefers the baseUrl over a fixed origin too', () => {
    const http = tenantHttp('https://api.hubapi.com');
    expect(resolveOrigin(http, { subdomain: 'x' }, [], 'https://sandbox.example.test:8443/v3')).toBe(
      'https://sandbox.example.test:8443',
    );
  });

  it('uses a fixed string origin without the host guard, keeping only its origin', () => {
    expect(
      resolveOrigin(tenantHttp('https://api.hubapi.com/crm/v3'), { subdomain: 'x' }, [], undefined),
    ).toBe('https://api.hubapi.com');
    // Not in `hosts`, plain http, localhost: a fixed origin is the connector's own code, not request data.
    expect(resolveOrigin(tenantHttp('http://localhost:8080'), { subdomain: 'x' }, [], undefined)).toBe(
      'http://localhost:8080',
    );
  });

  it('ignores an empty baseUrl', () => {
    const http = tenantHttp((auth) => `https://${auth.subdomain}.zendesk.com`);
    expect(resolveOrigin(http, { subdomain: 'acme' }, ['*.zendesk.com'], '')).toBe(
      'https://acme.zendesk.com',
    );
  });
});
