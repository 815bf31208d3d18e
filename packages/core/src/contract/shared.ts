import { z } from 'zod';
import { boundedString, MAX_AUTH_FIELDS, MAX_AUTH_KEY_LENGTH, MAX_AUTH_VALUE_LENGTH } from './limits.js';

/**
 * The credentials Talkdesk stores for a user and sends with every hook. Its keys are the integration's
 * `authentication_configuration` fields, so the contract only knows it is an object; each connector
 * validates its own fields with its `auth` schema.
 */
export const authFieldsSchema = z
  .record(z.string(), z.unknown(), { error: 'expected an object of the integration’s credential fields' })
  .refine((fields) => Object.keys(fields).length <= MAX_AUTH_FIELDS, {
    error: `at most ${MAX_AUTH_FIELDS} fields`,
    abort: true,
  })
  .pipe(
    z.record(
      boundedString(MAX_AUTH_KEY_LENGTH),
      // Credential fields are text (numbers and flags are tolerated); nothing nested, nothing huge.
      z.union([boundedString(MAX_AUTH_VALUE_LENGTH), z.number(), z.boolean(), z.null()], {
        error: 'expected text',
      }),
    ),
  );
export type AuthFields = z.infer<typeof authFieldsSchema>;

/** `YYYY-MM-DD HH:MM:SS UTC`, the format of every date in the spec's examples. */
export const TALKDESK_DATE_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/;
export const talkdeskDateSchema = z
  .string()
  .regex(TALKDESK_DATE_PATTERN, { error: 'expected a date formatted as "YYYY-MM-DD HH:MM:SS UTC"' });
