import { z } from 'zod';
import { boundedString, MAX_OFFSET_LENGTH } from './limits.js';
import { authFieldsSchema } from './shared.js';

/**
 * talkdesk-bridge-spec/contact-synchronization.md. No checkpoint and no offset is an initial sync; a
 * checkpoint is incremental; an offset asks for the next page of either.
 */
export const contactSynchronizationRequestSchema = z.object({
  auth: authFieldsSchema,
  meta: z
    .object({
      synchronization_checkpoint: boundedString(MAX_OFFSET_LENGTH).nullish(),
      offset: boundedString(MAX_OFFSET_LENGTH).nullish(),
      /** Opaque state the bridge returned with the previous page: any JSON value. */
      context: z.unknown().optional(),
    })
    .optional(),
});
export type ContactSynchronizationRequest = z.infer<typeof contactSynchronizationRequestSchema>;

export const syncedContactSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  company: z.string().optional(),
  title: z.string().optional(),
  emails: z.array(z.string()).optional(),
  phones: z.array(z.string()).optional(),
  photo_url: z.string().optional(),
  address: z.string().optional(),
  websites: z.array(z.string()).optional(),
  twitter: z.string().optional(),
  url: z.string().optional(),
});
export type SyncedContact = z.infer<typeof syncedContactSchema>;

export const contactSynchronizationResponseSchema = z.object({
  next_offset: z.string().optional(),
  synchronization_checkpoint: z.string().optional(),
  context: z.unknown().optional(),
  /** Sorted ascending by the field the checkpoint is made of. */
  contacts: z.array(syncedContactSchema),
});
export type ContactSynchronizationResponse = z.infer<typeof contactSynchronizationResponseSchema>;
