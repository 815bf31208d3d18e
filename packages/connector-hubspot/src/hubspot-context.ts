// What every HubSpot operation shares: the auth and settings schemas, the origin and the context type.
import { type ContextOf, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';

/** HubSpot's one API origin; the API roots differ per endpoint (/crm/v3, /crm/v4, /account-info/v3). */
export const HUBSPOT_ORIGIN = 'https://api.hubapi.com';

const ACCESS_TOKEN_HELP =
  'The OAuth access token HubSpot issued through the app authorization (sent by Talkdesk after the OAuth 2.0 flow)';
const PRIVATE_APP_TOKEN_HELP =
  'A private app access token (Settings › Integrations › Private apps), with the CRM read scopes (and crm.objects.contacts.write for the actions)';

const token = (message: string) => z.string({ error: message }).trim().min(1, message).max(4_096).optional();

/**
 * One bearer token, whichever way it was obtained: `access_token` from Talkdesk's OAuth 2.0 flow (also what
 * integrations set up before private app tokens had their own field send), or `private_app_token` typed in.
 * Both are sent as `Authorization: Bearer …`; the output is the one token to send.
 */
export const hubspotAuth = z
  .object({
    access_token: token('expected the HubSpot OAuth access token').meta({
      title: 'HubSpot access token',
      description: ACCESS_TOKEN_HELP,
      type: 'oauth',
    }),
    private_app_token: token('expected the HubSpot private app access token').meta({
      title: 'HubSpot private app token',
      description: PRIVATE_APP_TOKEN_HELP,
    }),
  })
  .superRefine((auth, check) => {
    if (auth.access_token === undefined && auth.private_app_token === undefined) {
      check.addIssue({
        code: 'custom',
        path: ['private_app_token'],
        message: 'expected the HubSpot private app access token (or, with OAuth 2.0, access_token)',
      });
    }
  })
  .transform((auth) => ({ access_token: (auth.access_token ?? auth.private_app_token) as string }));

export const hubspotSettings = z.object({ ...mappingSettingsShape });

export type HubspotContext = ContextOf<typeof hubspotAuth, typeof hubspotSettings>;

/** The origin calls go to: the operator's `baseUrl` (a proxy, a test) or HubSpot's. */
export function hubspotOriginOf(ctx: HubspotContext): string {
  return new URL(ctx.settings.baseUrl ?? HUBSPOT_ORIGIN).origin;
}
