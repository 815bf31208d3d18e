import { z } from 'zod';
import {
  boundedArray,
  boundedString,
  MAX_CONTACT_EMAILS,
  MAX_CONTACT_PHONES,
  MAX_EMAIL_LENGTH,
  MAX_ID_LENGTH,
  MAX_INTERACTION_TYPES,
  MAX_NAME_LENGTH,
  MAX_PHONE_LENGTH,
  MAX_TYPE_LENGTH,
} from './limits.js';
import { authFieldsSchema, talkdeskDateSchema } from './shared.js';

/**
 * The interaction retriever (talkdesk-bridge-spec/interaction-update.md). Objects are not `.strict()`:
 * fields Talkdesk adds later pass through unread instead of failing every request.
 */
export const interactionRetrievalRequestSchema = z.object({
  auth: authFieldsSchema,
  /** Missing `meta` or an empty `interaction_types` means every type the connector supports. */
  meta: z
    .object({
      interaction_types: boundedArray(
        boundedString(MAX_TYPE_LENGTH),
        MAX_INTERACTION_TYPES,
        'types',
      ).optional(),
    })
    .optional(),
  data: z.object({
    contact_external_id: boundedString(MAX_ID_LENGTH).nullish(),
    contact_name: boundedString(MAX_NAME_LENGTH).nullish(),
    contact_emails: boundedArray(boundedString(MAX_EMAIL_LENGTH), MAX_CONTACT_EMAILS, 'emails').nullish(),
    contact_phones: boundedArray(boundedString(MAX_PHONE_LENGTH), MAX_CONTACT_PHONES, 'phones').nullish(),
  }),
});
export type InteractionRetrievalRequest = z.infer<typeof interactionRetrievalRequestSchema>;

export const INTERACTION_PRIORITIES = ['none', 'low', 'normal', 'high', 'urgent'] as const;
export const INTERACTION_STATUSES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
export const interactionPrioritySchema = z.enum(INTERACTION_PRIORITIES);
export const interactionStatusSchema = z.enum(INTERACTION_STATUSES);
export type InteractionPriority = z.infer<typeof interactionPrioritySchema>;
export type InteractionStatus = z.infer<typeof interactionStatusSchema>;

export const interactionSchema = z.object({
  id: z.string().min(1),
  subject: z.string(),
  description: z.string().optional(),
  date: talkdeskDateSchema,
  url: z.string().optional(),
  type: z.string().min(1),
  priority: interactionPrioritySchema,
  status: interactionStatusSchema,
});
export type Interaction = z.infer<typeof interactionSchema>;

/** The answer: ids unique within it. Whether each `type` was requested is checked by the pipeline. */
export const interactionRetrievalResponseSchema = z.array(interactionSchema).superRefine((items, ctx) => {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      ctx.addIssue({ code: 'custom', message: `duplicate interaction id "${item.id}"`, path: [index, 'id'] });
    }
    seen.add(item.id);
  });
});
export type InteractionRetrievalResponse = z.infer<typeof interactionRetrievalResponseSchema>;
