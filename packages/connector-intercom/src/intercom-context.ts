import { type ConnectorContext, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';
import { INTERCOM_REGIONS } from './intercom-regions.js';

/** Intercom ticket type ids are whole numbers, sent as text (`"88"`). */
export const TICKET_TYPE_ID = /^\d{1,20}$/;

export const intercomAuth = z.object({
  access_token: z
    .string({ error: 'expected the Intercom access token' })
    .trim()
    .min(1, 'expected the Intercom access token')
    .meta({
      title: 'Access token',
      description: 'Intercom Developer Hub > your app > Authentication',
    }),
  region: z
    .preprocess(
      // Talkdesk sends an optional field it has no value for as "" or null: that is the default region.
      (value) => (typeof value === 'string' ? value.trim().toLowerCase() || undefined : (value ?? undefined)),
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

export type IntercomAuth = z.output<typeof intercomAuth>;

export type IntercomSettings = z.input<typeof intercomSettings> & { baseUrl?: string };

export type IntercomContext = ConnectorContext<
  IntercomAuth,
  z.output<typeof intercomSettings> & { baseUrl?: string }
>;
