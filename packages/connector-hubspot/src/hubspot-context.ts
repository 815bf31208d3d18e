// What every HubSpot operation shares: the auth and settings schemas, the origin and the context type.
import { bearerTokenAuth, type ContextOf, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';

/** HubSpot's one API origin; the API roots differ per endpoint (/crm/v3, /crm/v4, /account-info/v3). */
export const HUBSPOT_ORIGIN = 'https://api.hubapi.com';

const ACCESS_TOKEN_HELP =
  'The OAuth access token HubSpot issued through the app authorization (sent by Talkdesk after the OAuth 2.0 flow)';
const PRIVATE_APP_TOKEN_HELP =
  'A private app access token (Settings › Integrations › Private apps), with the CRM read scopes (and crm.objects.contacts.write for the actions)';

/**
 * One bearer token, whichever way it was obtained: `access_token` from Talkdesk's OAuth 2.0 flow, or
 * `private_app_token` typed in. Both are sent as `Authorization: Bearer …`.
 */
export const hubspotAuth = bearerTokenAuth({
  oauth: {
    title: 'HubSpot access token',
    description: ACCESS_TOKEN_HELP,
    expected: 'expected the HubSpot OAuth access token',
  },
  typed: {
    title: 'HubSpot private app token',
    description: PRIVATE_APP_TOKEN_HELP,
    expected: 'expected the HubSpot private app access token',
  },
  missing: 'expected the HubSpot private app access token (or, with OAuth 2.0, access_token)',
});

export const hubspotSettings = z.object({ ...mappingSettingsShape });

export type HubspotContext = ContextOf<typeof hubspotAuth, typeof hubspotSettings>;

/** The origin calls go to: the operator's `baseUrl` (a proxy, a test) or HubSpot's. */
export function hubspotOriginOf(ctx: HubspotContext): string {
  return new URL(ctx.settings.baseUrl ?? HUBSPOT_ORIGIN).origin;
}
