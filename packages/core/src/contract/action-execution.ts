import { z } from 'zod';
import { authFieldsSchema } from './shared.js';

/** talkdesk-bridge-spec/action-execution.md: 201 on success, 400 with a message otherwise. */
export const actionExecutionRequestSchema = z.object({
  auth: authFieldsSchema,
  meta: z
    .object({
      contact_external_id: z.string().nullish(),
      agent_external_id: z.string().nullish(),
    })
    .optional(),
  /** The action's input fields, keyed as in the action configuration. */
  data: z.record(z.string(), z.unknown()).default({}),
});
export type ActionExecutionRequest = z.infer<typeof actionExecutionRequestSchema>;

export const actionExecutionResponseSchema = z.object({
  message: z.string().optional(),
  external_id: z.string().optional(),
  contact_external_id: z.string().optional(),
  contact_external_type: z.string().optional(),
  contact_external_url: z.string().optional(),
});
export type ActionExecutionResponse = z.infer<typeof actionExecutionResponseSchema>;
