// What every Pipedrive file shares: the auth fields and settings, the hosts a company's address may be,
// the context type, and the origin links open in.
import { assertAllowedOrigin, type ContextOf, mappingSettingsShape, withoutTrailing } from '@talkbridge/core';
import { z } from 'zod';

/** Where a company's Pipedrive lives: `https://{company}.pipedrive.com` (API and web app alike). */
export const PIPEDRIVE_HOSTS = ['*.pipedrive.com'] as const;

// Talkdesk may send the fields of the shape a user did not choose as empty strings: treat them as absent.
// The metadata names the fields in the integration's Talkdesk configuration (authentication_configuration).
const authField = (
  maxLength: number,
  meta: { title: string; description: string; format?: string; type?: 'oauth' },
) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.string().trim().max(maxLength, `expected at most ${maxLength} characters`).optional(),
    )
    .meta(meta);

export type PipedriveCredentials =
  | { kind: 'api_token'; apiToken: string; origin: string }
  | { kind: 'oauth'; accessToken: string; origin: string };

/**
 * Either an API token typed in with the company domain (`acme` of https://acme.pipedrive.com), or what
 * Pipedrive's OAuth 2.0 token response gives Talkdesk: `access_token` and `api_domain` (the company's API
 * address). Missing fields are named in the error, never their values.
 */
export const pipedriveAuth = z
  .object({
    api_token: authField(256, {
      title: 'API token',
      description: 'Personal preferences > API in Pipedrive. Leave empty when using OAuth.',
    }),
    company_domain: authField(253, {
      title: 'Company domain',
      description: 'The "acme" of https://acme.pipedrive.com. Leave empty when using OAuth.',
      format: 'https://{{company_domain}}.pipedrive.com',
    }),
    access_token: authField(4_096, {
      title: 'OAuth access token',
      description:
        'The access token of Pipedrive’s OAuth 2.0 token response (sent by Talkdesk after the flow).',
      type: 'oauth',
    }),
    api_domain: authField(2_048, {
      title: 'OAuth API domain',
      description: 'The api_domain of the OAuth token response, e.g. https://acme.pipedrive.com.',
      type: 'oauth',
    }),
  })
  .superRefine((auth, ctx) => {
    const missing = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (auth.access_token !== undefined || (auth.api_domain !== undefined && auth.api_token === undefined)) {
      if (auth.access_token === undefined)
        missing('access_token', 'expected the OAuth access token that goes with api_domain');
      if (auth.api_domain === undefined)
        missing(
          'api_domain',
          'expected the api_domain of the OAuth token response, e.g. https://acme.pipedrive.com',
        );
      return;
    }
    if (auth.api_token === undefined)
      missing('api_token', 'expected the Pipedrive API token (or access_token and api_domain for OAuth)');
    if (auth.company_domain === undefined)
      missing('company_domain', 'expected the company domain, the "acme" of https://acme.pipedrive.com');
  })
  .transform(
    (auth): PipedriveCredentials =>
      auth.access_token !== undefined
        ? { kind: 'oauth', accessToken: auth.access_token, origin: oauthOrigin(auth.api_domain ?? '') }
        : {
            kind: 'api_token',
            apiToken: auth.api_token ?? '',
            origin: companyOrigin(auth.company_domain ?? ''),
          },
  );

/** `acme`, `acme.pipedrive.com` or `https://acme.pipedrive.com/` → `https://acme.pipedrive.com`. */
function companyOrigin(companyDomain: string): string {
  const host = withoutTrailing(companyDomain.toLowerCase().replace(/^https?:\/\//, ''), '/');
  // The host guard checks the result: anything that is not a pipedrive.com host never gets a request.
  return `https://${host.endsWith('.pipedrive.com') ? host : `${host}.pipedrive.com`}`;
}

/** The token response's `api_domain` as sent (the host guard checks it), without a trailing slash. */
function oauthOrigin(apiDomain: string): string {
  return withoutTrailing(apiDomain, '/');
}

export const pipedriveSettings = z.object({
  /**
   * Operator overrides of the status and priority tables, keyed by Pipedrive's native values: activity
   * states `done`, `undone`, `overdue`; deal statuses `open`, `won`, `lost`, `deleted`; activity priority
   * option ids.
   */
  ...mappingSettingsShape,
});

export type PipedriveContext = ContextOf<typeof pipedriveAuth, typeof pipedriveSettings>;

/** Links open in the company's Pipedrive web app; none when the auth fields do not name a pipedrive.com host. */
export function appOriginOf(auth: { origin: string }): string | undefined {
  try {
    return assertAllowedOrigin(auth.origin, PIPEDRIVE_HOSTS);
  } catch {
    return undefined;
  }
}
