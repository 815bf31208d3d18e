// What every Intercom operation shares: the auth and settings schemas, the API version, the hosts and the
// context type.
import { bearerTokenAuth, type ContextOf, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';
import { INTERCOM_API_HOSTS, INTERCOM_REGIONS } from './intercom-regions.js';

/** The API version every request pins (`Intercom-Version`): the one the response schemas were read from. */
export const INTERCOM_API_VERSION = '2.15';

/** Where calls may go: the three regional API hosts (the region is an enum, never free text). */
export const INTERCOM_HOSTS: readonly string[] = Object.values(INTERCOM_API_HOSTS);

/** Intercom ticket type ids are whole numbers, sent as text (`"88"`). */
export const TICKET_TYPE_ID = /^\d{1,20}$/;

const OAUTH_TOKEN_HELP =
  'The access token Intercom issued through the app authorization (sent by Talkdesk after the OAuth 2.0 flow)';
const PRIVATE_APP_TOKEN_HELP = 'Intercom Developer Hub > your app > Authentication';

/**
 * One bearer token, whichever way it was obtained: `access_token` from Talkdesk's OAuth 2.0 flow, or
 * `private_app_token`, the access token of the workspace's own app, typed in (Intercom treats both alike),
 * and the region.
 */
export const intercomAuth = bearerTokenAuth({
  oauth: {
    title: 'Intercom access token',
    description: OAUTH_TOKEN_HELP,
    expected: 'expected the Intercom access token',
  },
  typed: {
    title: 'Access token',
    description: PRIVATE_APP_TOKEN_HELP,
    expected: 'expected the Intercom access token',
  },
  missing: 'expected the Intercom access token (or, with OAuth 2.0, access_token)',
  extra: {
    region: z
      .preprocess(
        // Talkdesk sends an optional field it has no value for as "" or null: that is the default region.
        (value) =>
          typeof value === 'string' ? value.trim().toLowerCase() || undefined : (value ?? undefined),
        z
          .enum(INTERCOM_REGIONS, {
            error: 'expected us, eu or au: the region that hosts the Intercom workspace (default us)',
          })
          .default('us'),
      )
      .meta({
        title: 'Region (us, eu or au)',
        description:
          'eu if your Intercom opens at app.eu.intercom.com, au for app.au.intercom.com; empty means us',
      }),
  },
});

export const intercomSettings = z.object({
  ...mappingSettingsShape,
  /**
   * The ticket type `create_ticket` uses when the action's `ticket_type_id` input is empty. Without either,
   * the action uses the workspace's only live customer ticket type.
   */
  ticketTypeId: z
    .union([z.string(), z.number()], { error: 'expected the id of an Intercom ticket type, e.g. "88"' })
    .transform((value) => String(value).trim())
    .pipe(z.string().regex(TICKET_TYPE_ID, 'expected the id of an Intercom ticket type, e.g. "88"'))
    .optional(),
});

export type IntercomContext = ContextOf<typeof intercomAuth, typeof intercomSettings>;

/** The API origin of the auth fields' region (the operator's `baseUrl` replaces it; core sees to that). */
export function intercomOriginOf(auth: { region: keyof typeof INTERCOM_API_HOSTS }): string {
  return `https://${INTERCOM_API_HOSTS[auth.region]}`;
}
