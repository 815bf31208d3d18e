// The connector's auth fields and operator options, shared by the connector and its hooks.
import { type ConnectorContext, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';

export const helpScoutAuth = z.object({
  access_token: z
    .string({ error: 'expected the Help Scout OAuth access token' })
    .trim()
    .min(1, 'expected the Help Scout OAuth access token')
    .meta({
      title: 'Help Scout access token',
      description: 'Granted when you connect Help Scout; the bridge reads customers, users and conversations',
    }),
});

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

/** The integration's options: `statusMap`, `mailboxId`, plus `baseUrl` (every connector accepts it). */
export type HelpScoutSettings = z.input<typeof helpScoutSettings> & { baseUrl?: string };
export type HelpScoutAuth = z.output<typeof helpScoutAuth>;
export type HelpScoutContext = ConnectorContext<HelpScoutAuth, z.output<typeof helpScoutSettings>>;
