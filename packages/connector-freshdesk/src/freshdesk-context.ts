import type { ConnectorContext } from '@talkbridge/core';

/** The auth fields as the connector's schema outputs them (the domain already normalised). */
export interface FreshdeskAuthFields {
  domain: string;
  api_key: string;
}

/** The settings the hooks read; the connector's schema validates them. */
export interface FreshdeskHookSettings {
  baseUrl?: string | undefined;
  syncCompanyNames?: boolean | undefined;
}

/** What the synchronization and action code needs of a request's context. */
export type FreshdeskHookContext = ConnectorContext<FreshdeskAuthFields, FreshdeskHookSettings>;

/** The account's own origin: the API lives under it, and so does the agent UI. */
export function freshdeskOrigin(auth: FreshdeskAuthFields): string {
  return `https://${auth.domain}.freshdesk.com`;
}

/** Where links for agents point: the operator's `baseUrl` origin when set, the account's otherwise. */
export function agentOrigin(ctx: {
  auth: FreshdeskAuthFields;
  settings: { baseUrl?: string | undefined };
}): string {
  return ctx.settings.baseUrl ? new URL(ctx.settings.baseUrl).origin : freshdeskOrigin(ctx.auth);
}
