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

/** `GET /api/v2/users/me`: the user the credentials belong to. Zendesk allows anonymous callers here. */
export const zendeskCurrentUserResponseSchema = z.object({
  user: z.object({
    /** null for the anonymous user Zendesk answers with when no one is signed in. */
    id: z.number().nullish(),
    /** end-user | agent | admin */
    role: z.string().nullish(),
  }),
});

/** A user with the fields contact and agent synchronization read. */
export const zendeskSyncUserSchema = zendeskUserSchema.extend({
  name: z.string().nullish(),
  /** end-user | agent | admin */
  role: z.string().nullish(),
  organization_id: z.number().nullish(),
  /** Free text; Zendesk suggests it for "details … such as an address". */
  details: z.string().nullish(),
  photo: z.object({ content_url: z.string().nullish() }).nullish(),
  updated_at: z.string().nullish(),
});
export type ZendeskSyncUser = z.infer<typeof zendeskSyncUserSchema>;

/** A user identity (sideloaded with `include=identities`): every email, phone and X/Twitter handle. */
export const zendeskIdentitySchema = z.object({
  user_id: z.number(),
  /** email | twitter | facebook | google | phone_number | agent_forwarding | any_channel | foreign | sdk */
  type: z.string(),
  value: z.string().nullish(),
  primary: z.boolean().nullish(),
});
export type ZendeskIdentity = z.infer<typeof zendeskIdentitySchema>;

/** An organization (sideloaded with `include=organizations`). */
export const zendeskOrganizationSchema = z.object({ id: z.number(), name: z.string().nullish() });

/**
 * `GET /api/v2/incremental/users/cursor`: users changed since `start_time`, in the order they changed,
 * `after_cursor` continuing after the last one; `end_of_stream` once the export has reached the present.
 */
export const zendeskIncrementalUsersResponseSchema = z.object({
  users: z.array(zendeskSyncUserSchema),
  identities: z.array(zendeskIdentitySchema).nullish(),
  organizations: z.array(zendeskOrganizationSchema).nullish(),
  after_cursor: z.string().nullish(),
  end_of_stream: z.boolean().nullish(),
});
export type ZendeskIncrementalUsersResponse = z.infer<typeof zendeskIncrementalUsersResponseSchema>;

/** `GET /api/v2/users` with cursor pagination (`page[size]`, `page[after]`). */
export const zendeskUserListResponseSchema = z.object({
  users: z.array(zendeskSyncUserSchema),
  meta: z.object({ has_more: z.boolean().nullish(), after_cursor: z.string().nullish() }).nullish(),
});

/** `POST /api/v2/tickets` → 201. */
export const zendeskCreatedTicketResponseSchema = z.object({
  ticket: z.object({
    id: z.number(),
    requester_id: z.number().nullish(),
    created_at: z.string().nullish(),
  }),
});

/** `GET /api/v2/users/{id}`, for when the requester of a new ticket was created. */
export const zendeskUserCreatedResponseSchema = z.object({
  user: z.object({ id: z.number(), created_at: z.string().nullish() }),
});

/**
 * Zendesk's error body: `{"error": "RecordInvalid", "description": "…", "details": {…}}`, or
 * `{"error": {"title": "…", "message": "…"}}` from some endpoints. `details` can echo the request's data: the
 * connector reads only the error's name.
 */
export const zendeskErrorBodySchema = z.object({
  error: z.union([z.string().max(200), z.object({ title: z.string().max(200).nullish() })]).nullish(),
  description: z.string().nullish(),
});
export type ZendeskErrorBody = z.infer<typeof zendeskErrorBodySchema>;
