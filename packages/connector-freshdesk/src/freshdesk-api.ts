import { z } from 'zod';

// Minimal, tolerant schemas of the Freshdesk API v2 answers this connector reads
// (developers.freshdesk.com/api): only the fields it uses, nullable wherever Freshdesk may send null.

/** Freshdesk sends numeric enums; a string is tolerated so a future change does not fail every request. */
const nativeValue = z.union([z.number(), z.string()]).nullish();

/** A contact (`GET /contacts/{id}`, `GET /contacts?email=`, and the items of `GET /search/contacts`). */
export const freshdeskContactSchema = z.object({
  id: z.number(),
  email: z.string().nullish(),
  /** Secondary emails of the contact. */
  other_emails: z.array(z.string()).nullish(),
  phone: z.string().nullish(),
  mobile: z.string().nullish(),
  /** A deleted contact (e.g. the secondary side of a merge) can still be read by id. */
  deleted: z.boolean().nullish(),
});
export type FreshdeskContact = z.infer<typeof freshdeskContactSchema>;

/** `GET /contacts?email=…` answers a bare array. */
export const freshdeskContactListSchema = z.array(freshdeskContactSchema);

/** `GET /search/contacts?query="…"` answers `{ results, total }`, 30 per page. */
export const freshdeskContactSearchSchema = z.object({
  results: z.array(freshdeskContactSchema),
  total: z.number().nullish(),
});

/** A ticket of `GET /tickets?requester_id=…&include=description`. */
export const freshdeskTicketSchema = z.object({
  id: z.number(),
  subject: z.string().nullish(),
  /** HTML; only present with `include=description` (accounts created after 2018-11-30). */
  description: z.string().nullish(),
  description_text: z.string().nullish(),
  /** 2 Open, 3 Pending, 4 Resolved, 5 Closed, 6+ custom statuses of the account. */
  status: nativeValue,
  /** 1 Low, 2 Medium, 3 High, 4 Urgent. */
  priority: nativeValue,
  created_at: z.string().nullish(),
  requester_id: z.number().nullish(),
});
export type FreshdeskTicket = z.infer<typeof freshdeskTicketSchema>;

export const freshdeskTicketListSchema = z.array(freshdeskTicketSchema);

/**
 * A contact of `GET /contacts` (the list): the fields contact synchronization maps. The list answer leaves
 * out some fields of `GET /contacts/{id}` (secondary emails and the avatar, by the vendor's examples); they
 * are read when present.
 */
export const freshdeskListedContactSchema = freshdeskContactSchema.extend({
  name: z.string().nullish(),
  job_title: z.string().nullish(),
  company_id: z.number().nullish(),
  address: z.string().nullish(),
  /** The contact's Twitter handle (a number is tolerated: some answers have carried one). */
  twitter_id: z.union([z.string(), z.number()]).nullish(),
  avatar: z.object({ avatar_url: z.string().nullish() }).nullish(),
  updated_at: z.string(),
});
export type FreshdeskListedContact = z.infer<typeof freshdeskListedContactSchema>;

/** `GET /contacts?_updated_since=…&per_page=…&page=…` answers a bare array. */
export const freshdeskListedContactListSchema = z.array(freshdeskListedContactSchema);

/** `GET /companies/{id}`: only the name is read. */
export const freshdeskCompanySchema = z.object({ id: z.number(), name: z.string().nullish() });

/** `GET /agents/me`, and each item of `GET /agents`: the person is in `contact`. */
export const freshdeskAgentSchema = z.object({
  id: z.number(),
  contact: z.object({ name: z.string().nullish(), email: z.string().nullish() }).nullish(),
});
export type FreshdeskAgent = z.infer<typeof freshdeskAgentSchema>;

export const freshdeskAgentListSchema = z.array(freshdeskAgentSchema);

/** `POST /tickets` answers the created ticket (201). */
export const freshdeskCreatedTicketSchema = z.object({
  id: z.number(),
  requester_id: z.number().nullish(),
});

/**
 * Freshdesk's failure body: `{"description": "Validation failed", "errors": [{"field": "requester_id",
 * "message": "There is no contact matching the given requester_id", "code": "invalid_value"}]}`; other
 * failures carry `{"code", "message"}` alone.
 */
export const freshdeskErrorBodySchema = z.object({
  description: z.string().nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  errors: z
    .array(
      z.object({
        field: z.string().nullish(),
        message: z.string().nullish(),
        code: z.string().nullish(),
      }),
    )
    .nullish(),
});
export type FreshdeskErrorBody = z.infer<typeof freshdeskErrorBodySchema>;
