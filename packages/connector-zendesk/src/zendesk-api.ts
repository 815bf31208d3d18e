// Minimal, tolerant schemas of the Zendesk Support API answers this connector reads (only the fields it
// uses; zod objects ignore the rest). Field names follow developer.zendesk.com's Users, Search and Custom
// Ticket Statuses references.
import { z } from 'zod';

/** A user as `GET /api/v2/users/{id}` and a `type:user` search return it. */
export const zendeskUserSchema = z.object({
  id: z.number(),
  email: z.string().nullish(),
  /** The primary phone, E.164 when the account validates numbers, free text otherwise. */
  phone: z.string().nullish(),
  /** `false` once the user is deleted (merged users are deleted too). */
  active: z.boolean().nullish(),
  result_type: z.string().nullish(),
});
export type ZendeskUser = z.infer<typeof zendeskUserSchema>;

export const zendeskUserResponseSchema = z.object({ user: zendeskUserSchema });

/** A ticket as a `type:ticket` search returns it. */
export const zendeskTicketSchema = z.object({
  id: z.number(),
  subject: z.string().nullish(),
  raw_subject: z.string().nullish(),
  /** The first comment, as plain text. */
  description: z.string().nullish(),
  /** With custom ticket statuses activated, this is the status category of `custom_status_id`. */
  status: z.string().nullish(),
  custom_status_id: z.number().nullish(),
  priority: z.string().nullish(),
  /** problem | incident | question | task */
  type: z.string().nullish(),
  /** Set on tasks. */
  due_at: z.string().nullish(),
  created_at: z.string(),
  requester_id: z.number().nullish(),
  result_type: z.string().nullish(),
});
export type ZendeskTicket = z.infer<typeof zendeskTicketSchema>;

/** `GET /api/v2/search`: offset pagination, `next_page` is null on the last page. */
export function zendeskSearchResponseSchema<T extends z.ZodType>(result: T) {
  return z.object({
    results: z.array(result),
    next_page: z.string().nullish(),
    count: z.number().nullish(),
  });
}

export const zendeskCustomStatusSchema = z.object({
  id: z.number(),
  agent_label: z.string().nullish(),
  end_user_label: z.string().nullish(),
  /** new | open | pending | hold | solved (closed tickets belong to solved). */
  status_category: z.string().nullish(),
});
export type ZendeskCustomStatus = z.infer<typeof zendeskCustomStatusSchema>;

export const zendeskCustomStatusesResponseSchema = z.object({
  custom_statuses: z.array(zendeskCustomStatusSchema),
});
