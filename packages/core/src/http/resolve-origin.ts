import { assertAllowedOrigin } from './host-guard.js';
import type { ConnectorHttp } from './http-client.js';

/**
 * The origin a connector's requests go to: the operator's `baseUrl` when configured (trusted: it is how
 * self-hosted instances, vendor sandboxes and tests point a connector elsewhere), else the connector's
 * fixed origin, else the one built from the request's auth fields, which must pass the host guard.
 */
export function resolveOrigin<TAuth>(
  http: ConnectorHttp<TAuth>,
  auth: TAuth,
  hosts: readonly string[],
  baseUrl: string | undefined,
): string {
  return originOf(http, auth, hosts, baseUrl).origin;
}

/** The origin, and whether it came from the tenant's auth fields (then its address is checked at connect). */
export function originOf<TAuth>(
  http: ConnectorHttp<TAuth>,
  auth: TAuth,
  hosts: readonly string[],
  baseUrl: string | undefined,
): { origin: string; fromTenant: boolean } {
  if (baseUrl) return { origin: new URL(baseUrl).origin, fromTenant: false };
  if (typeof http.origin === 'string') return { origin: new URL(http.origin).origin, fromTenant: false };
  return { origin: assertAllowedOrigin(http.origin(auth), hosts), fromTenant: true };
}
