import { z } from 'zod';
import { boundedString, MAX_OFFSET_LENGTH } from './limits.js';
import { authFieldsSchema } from './shared.js';

/** talkdesk-bridge-spec/agent-synchronization.md; `meta.offset`/`next_offset` where the service pages. */
export const agentSynchronizationRequestSchema = z.object({
  auth: authFieldsSchema,
  meta: z.object({ offset: boundedString(MAX_OFFSET_LENGTH).nullish() }).optional(),
});
export type AgentSynchronizationRequest = z.infer<typeof agentSynchronizationRequestSchema>;

export const agentSchema = z.object({
  /** The spec's own example sends a number; bridges answer strings. */
  id: z.string().min(1),
  name: z.string(),
  email: z.string(),
});
export type Agent = z.infer<typeof agentSchema>;

export const agentSynchronizationResponseSchema = z.object({
  agents: z.array(agentSchema),
  next_offset: z.string().optional(),
});
export type AgentSynchronizationResponse = z.infer<typeof agentSynchronizationResponseSchema>;
