// What every Zendesk operation shares: the auth and settings schemas, the hosts, the context type, and where
// agents open records in Zendesk's agent interface.
import { assertAllowedOrigin, type ContextOf, mappingSettingsShape, withoutTrailing } from '@talkbridge/core';
import { z } from 'zod';

export const ZENDESK_HOSTS = ['*.zendesk.com'] as const;

/** The credentials as the connector uses them: an OAuth token, or an agent's email and API token. */
export type ZendeskAuth = { account: string } & (
  | { kind: 'oauth'; accessToken: string }
  | { kind: 'token'; email: string; token: string }
);

const text = (what: string) => z.string({ error: `expected ${what} as text` }).trim();

/**
 * The Talkdesk auth fields: `account` (the subdomain, as in Talkdesk's own Zendesk integration) and either
 * `email` + `token` (an API token) or `access_token` (what Talkdesk stores after the OAuth 2.0 flow).
 * `access_token` wins when both are sent. One object rather than a union, so a request missing fields gets
 * one answer naming each of them.
 */
export const zendeskAuth = z
  .object({
    account: text('the Zendesk account')
      .min(1, 'expected the Zendesk account: the subdomain of https://{account}.zendesk.com')
      // Tolerate the full address being pasted (https://acme.zendesk.com/ → acme); the host guard still
      // checks whatever origin results.
      .transform((account) =>
        withoutTrailing(account.toLowerCase().replace(/^https?:\/\//, ''), '/').replace(
          /\.zendesk\.com$/,
          '',
        ),
      )
      .meta({
        title: 'Account',
        description: 'Your Zendesk subdomain: acme for https://acme.zendesk.com',
        format: 'https://{{account}}.zendesk.com',
      }),
    email: text('the agent email')
      .meta({
        title: 'Agent Email',
        description: 'The email of the agent (or admin) the API token belongs to',
      })
      .optional(),
    token: text('the API token')
      .meta({ title: 'API Token', description: 'Admin Center > Apps and integrations > APIs > Zendesk API' })
      .optional(),
    access_token: text('the OAuth access token')
      .meta({
        title: 'OAuth Access Token',
        description: 'Obtained by Talkdesk with OAuth 2.0, instead of the agent email and API token',
        type: 'oauth',
      })
      .optional(),
  })
  .superRefine(
    (auth, ctx) => {
      if (auth.access_token) return;
      const missing = 'with an API token; or send an OAuth access_token instead';
      if (!auth.email)
        ctx.addIssue({ code: 'custom', path: ['email'], message: `expected the agent email ${missing}` });
      if (!auth.token)
        ctx.addIssue({ code: 'custom', path: ['token'], message: `expected the API token ${missing}` });
    },
    // Also when `account` is missing, so one answer names every missing field.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((auth): ZendeskAuth => {
    if (auth.access_token) return { account: auth.account, kind: 'oauth', accessToken: auth.access_token };
    return { account: auth.account, kind: 'token', email: auth.email ?? '', token: auth.token ?? '' };
  });

export const zendeskSettings = z.object({
  /**
   * `statusMap` keys: a native status (`hold`), a custom status id (`9001`) or a custom status agent label
   * (`Waiting on vendor`); `priorityMap` keys: native priorities.
   */
  ...mappingSettingsShape,
});

export type ZendeskContext = ContextOf<typeof zendeskAuth, typeof zendeskSettings>;

/** The API's origin for an account (the host guard checks it against `ZENDESK_HOSTS`). */
export function zendeskOrigin(auth: ZendeskAuth): string {
  return `https://${auth.account}.zendesk.com`;
}

/** Where agents open records; undefined when the account does not make a Zendesk host. */
export function agentOriginOf(auth: ZendeskAuth): string | undefined {
  try {
    return assertAllowedOrigin(zendeskOrigin(auth), ZENDESK_HOSTS);
  } catch {
    return undefined;
  }
}

/** A user's page in the agent interface. */
export function agentUserUrl(auth: ZendeskAuth, userId: number | string): string | undefined {
  const origin = agentOriginOf(auth);
  return origin ? `${origin}/agent/users/${userId}` : undefined;
}

/** Zendesk ids are positive integers (JSON numbers): anything else in a request cannot be one. */
export function zendeskIdOf(text: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(text)) return undefined;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : undefined;
}
