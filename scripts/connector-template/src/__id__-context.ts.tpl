// What every other file of the connector imports: the Talkdesk auth fields, the operator's settings, where
// the service lives, and the context type. TODO(__id__): replace the placeholders with the vendor's
// documented authentication and hosts.
import { type ContextOf, mappingSettingsShape, type SettingsInputOf } from '@talkbridge/core';
import { z } from 'zod';

const SUBDOMAIN_HINT = 'expected the __DISPLAY__ subdomain, e.g. "acme" for acme.__id__.example.com';
const API_TOKEN_HINT = 'expected a __DISPLAY__ API token';

/**
 * The Talkdesk auth fields; their titles and descriptions become the integration's
 * `authentication_configuration`. Strict messages a person can act on: these come from Talkdesk.
 * The subdomain is not pattern-checked here: the origin built from it must pass the host guard.
 */
export const __name__Auth = z.object({
  subdomain: z
    .string({ error: SUBDOMAIN_HINT })
    .trim()
    .toLowerCase()
    .min(1, SUBDOMAIN_HINT)
    .max(63, SUBDOMAIN_HINT)
    .meta({
      title: '__DISPLAY__ subdomain',
      description: 'The part before .__id__.example.com in your __DISPLAY__ address',
      format: 'https://{{subdomain}}.__id__.example.com',
    }),
  api_token: z
    .string({ error: API_TOKEN_HINT })
    .trim()
    .min(1, API_TOKEN_HINT)
    .max(512, API_TOKEN_HINT)
    .meta({ title: 'API token', description: 'In __DISPLAY__: Settings → API → create a token' }),
});
export type __Name__Auth = z.output<typeof __name__Auth>;

/** Operator options (`baseUrl` is always accepted on top): overrides of the status and priority tables. */
export const __name__Settings = z.object({ ...mappingSettingsShape });
/** The options an operator writes for this connector (`baseUrl` included): exported by the package. */
export type __Name__Settings = SettingsInputOf<typeof __name__Settings>;

/** Where an origin built from the auth fields may point (the host guard checks it before connecting). */
export const __CONST___HOSTS = ['*.__id__.example.com'] as const;

/** The account's own origin, from its subdomain. */
export function __name__Origin(auth: __Name__Auth): string {
  return `https://${auth.subdomain}.__id__.example.com`;
}

/** Where links for agents point: the operator's `baseUrl` origin when set, the account's otherwise. */
export function __name__AgentOrigin(ctx: { auth: __Name__Auth; settings: { baseUrl?: string | undefined } }) {
  return ctx.settings.baseUrl ? new URL(ctx.settings.baseUrl).origin : __name__Origin(ctx.auth);
}

/** What every function of the connector receives: validated auth and settings, `http`, the deadline, a logger. */
export type __Name__Context = ContextOf<typeof __name__Auth, typeof __name__Settings>;
