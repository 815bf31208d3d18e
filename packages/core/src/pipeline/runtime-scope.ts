import type { AnyConnector } from '../connector.js';
import type { ContactCache, ContactCacheScope } from '../runtime/contact-cache.js';
import type { PipelineOptions } from './connector-context.js';

/** The contact cache and this request's scope in it, when the caller gave the pipeline a runtime state. */
export interface ContactCacheUse {
  contacts: ContactCache;
  scope: ContactCacheScope;
}

/** The integration id keys and events use: the gateway's, or the connector's id for direct callers. */
export function integrationIdOf(connector: AnyConnector, options: PipelineOptions): string {
  return options.integrationId ?? connector.id;
}

export function contactCacheUse(
  connector: AnyConnector,
  options: PipelineOptions,
  auth: unknown,
  signal: AbortSignal,
): ContactCacheUse | undefined {
  const state = options.runtimeState;
  if (!state) return undefined;
  return {
    contacts: state.contacts,
    scope: {
      integrationId: integrationIdOf(connector, options),
      credentialIdentity: state.keys.credentialIdentity(auth),
      ...(options.contactCacheTtlMs !== undefined ? { ttlMs: options.contactCacheTtlMs } : {}),
      signal,
    },
  };
}

/** The vendor account a call's rate budgets belong to: the connector's say, else the credentials' identity. */
export function budgetAccountOf(
  connector: AnyConnector,
  options: PipelineOptions,
  auth: unknown,
): string | undefined {
  const state = options.runtimeState;
  if (!state || !connector.http?.rateLimits) return undefined;
  const declared = connector.http.rateLimits.account?.(auth);
  return typeof declared === 'string' && declared !== '' ? declared : state.keys.credentialIdentity(auth);
}
