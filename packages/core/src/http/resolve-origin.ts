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
  if (baseUrl) return new URL(baseUrl).origin;
  if (typeof http.origin === 'string') return new URL(http.origin).origin;
  return assertAllowedOrigin(http.origin(auth), hosts);
}
