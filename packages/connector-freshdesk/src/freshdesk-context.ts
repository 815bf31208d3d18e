// What every Freshdesk operation shares: the auth and settings schemas, the hosts, the context type, and
// where agents open records.
import { beforeFirst, type ContextOf, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';

export const FRESHDESK_HOSTS = ['*.freshdesk.com'] as const;

/**
 * The account's subdomain as people paste it: `acme`, `acme.freshdesk.com` or `https://acme.freshdesk.com/`
 * all become `acme`. Whatever is left is checked by the host guard once it is an origin.
 */
function normaliseDomain(raw: string): string {
  return beforeFirst(
    raw
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, ''),
    '/',
  ).replace(/\.freshdesk\.com\.?$/, '');
}

const DOMAIN_HINT = 'expected the Freshdesk subdomain, e.g. "acme" for acme.freshdesk.com';
const API_KEY_HINT = 'expected the Freshdesk API key (Profile settings → View API key)';

/**
 * The Talkdesk auth fields; the metadata becomes the integration's `authentication_configuration`.
 * Freshdesk's API takes only API keys (its OAuth is for marketplace apps), so there is no OAuth 2.0 flow.
 */
export const freshdeskAuth = z.object({
  domain: z.string({ error: DOMAIN_HINT }).trim().min(1, DOMAIN_HINT).transform(normaliseDomain).meta({
    title: 'Freshdesk subdomain',
    description: 'The part before .freshdesk.com in your helpdesk address',
    format: 'https://{{domain}}.freshdesk.com',
  }),
  api_key: z
    .string({ error: API_KEY_HINT })
    .trim()
    .min(1, API_KEY_HINT)
    .meta({ title: 'API key', description: 'In Freshdesk: Profile settings → View API key' }),
});
export type FreshdeskAuth = z.output<typeof freshdeskAuth>;

/**
 * `statusMap` / `priorityMap` override the default tables, keyed by Freshdesk's number as text:
 * `{ "statusMap": { "6": "pending" } }` for an account's custom "Waiting on customer" status.
 * `syncCompanyNames: false` leaves the company out of contact synchronization, saving one
 * `GET /companies/{id}` per distinct company on each page.
 */
export const freshdeskSettings = z.object({
  ...mappingSettingsShape,
  syncCompanyNames: z.boolean({ error: 'expected true or false' }).optional(),
});

export type FreshdeskContext = ContextOf<typeof freshdeskAuth, typeof freshdeskSettings>;

/** The account's own origin: the API lives under it, and so does the agent UI. */
export function freshdeskOrigin(auth: FreshdeskAuth): string {
  return `https://${auth.domain}.freshdesk.com`;
}

/** Where links for agents point: the operator's `baseUrl` origin when set, the account's otherwise. */
export function agentOrigin(ctx: {
  auth: FreshdeskAuth;
  settings: { baseUrl?: string | undefined };
}): string {
  return ctx.settings.baseUrl ? new URL(ctx.settings.baseUrl).origin : freshdeskOrigin(ctx.auth);
}
