import { z } from 'zod';
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
      interaction_types: z.array(z.string()).optional(),
    })
    .optional(),
  data: z.object({
    contact_external_id: z.string().nullish(),
    contact_name: z.string().nullish(),
    contact_emails: z.array(z.string()).nullish(),
    contact_phones: z.array(z.string()).nullish(),
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
