// What every Help Scout operation shares: the auth and settings schemas, the API origin, the context type.
import { type ContextOf, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';

/** Help Scout's API: one origin for every account (the token says which account). */
export const HELPSCOUT_API_ORIGIN = 'https://api.helpscout.net';

const OAUTH_TOKEN_HINT = 'expected the Help Scout OAuth access token';
const token = (hint: string) => z.string({ error: hint }).trim().min(1, hint);

/**
 * The Talkdesk auth fields. With OAuth 2.0 (the usual way: Help Scout's API takes OAuth tokens only)
 * Talkdesk stores the token it obtains as `access_token`. A custom integration types in `api_token`
 * instead: a token of the account's own app (client credentials flow). Either way it is a bearer token.
 */
export const helpScoutAuth = z
  .object({
    access_token: token(OAUTH_TOKEN_HINT)
      .meta({
        title: 'Help Scout access token',
        description:
          'Granted when you connect Help Scout; the bridge reads customers, users and conversations',
        type: 'oauth',
      })
      .optional(),
    api_token: token('expected a Help Scout access token')
      .meta({
        title: 'Help Scout access token (own app)',
        description:
          'From an app of your own (Your Profile > My apps) with the client credentials flow; it expires after two days',
      })
      .optional(),
  })
  .superRefine((auth, ctx) => {
    // A blank token already has its own issue.
    if (auth.access_token === undefined && auth.api_token === undefined) {
      ctx.addIssue({ code: 'custom', path: ['access_token'], message: OAUTH_TOKEN_HINT });
    }
  })
  .transform((auth) => ({ access_token: (auth.access_token ?? auth.api_token) as string }));

/** A Help Scout id given as a number or as digits (gateway configs are JSON, operators type either). */
const positiveId = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d{1,15}$/, 'expected a Help Scout inbox id (digits)')
    .transform(Number),
]);

export const helpScoutSettings = z.object({
  /** Help Scout status (`active`, `pending`, `closed`, or one it adds later) → Talkdesk status. */
  statusMap: mappingSettingsShape.statusMap,
  // No `priorityMap`: Help Scout conversations have no priority, so every interaction is `none`. Leaving
  // the option out makes a gateway config that sets it fail at start instead of silently doing nothing.
  /**
   * The inbox (`mailboxId`) `create_ticket` creates conversations in, unless the action's `mailbox_id`
   * input says otherwise. Without either, the account must have exactly one inbox.
   */
  mailboxId: positiveId.optional(),
});

export type HelpScoutAuth = z.output<typeof helpScoutAuth>;
export type HelpScoutContext = ContextOf<typeof helpScoutAuth, typeof helpScoutSettings>;
