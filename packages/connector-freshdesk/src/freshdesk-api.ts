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
