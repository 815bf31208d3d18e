import { z } from 'zod';
import {
  boundedString,
  MAX_ACTION_INPUT_KEY_LENGTH,
  MAX_ACTION_INPUTS,
  MAX_ACTION_VALUE_LENGTH,
  MAX_ID_LENGTH,
} from './limits.js';
import { authFieldsSchema } from './shared.js';

/** talkdesk-bridge-spec/action-execution.md: 201 on success, 400 with a message otherwise. */
export const actionExecutionRequestSchema = z.object({
  auth: authFieldsSchema,
  meta: z
    .object({
      contact_external_id: boundedString(MAX_ID_LENGTH).nullish(),
      agent_external_id: boundedString(MAX_ID_LENGTH).nullish(),
    })
    .optional(),
  /** The action's input fields, keyed as in the action configuration. */
  data: z
    .record(z.string(), z.unknown())
    .refine((inputs) => Object.keys(inputs).length <= MAX_ACTION_INPUTS, {
      error: `at most ${MAX_ACTION_INPUTS} inputs`,
      abort: true,
    })
    .pipe(
      z.record(
        boundedString(MAX_ACTION_INPUT_KEY_LENGTH),
        // Which values are acceptable is the action's business; only the size is the contract's.
        z.unknown().superRefine((value, ctx) => {
          if (typeof value === 'string' && value.length > MAX_ACTION_VALUE_LENGTH) {
            ctx.addIssue({ code: 'custom', message: `at most ${MAX_ACTION_VALUE_LENGTH} characters` });
          }
        }),
      ),
    )
    .default({}),
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
