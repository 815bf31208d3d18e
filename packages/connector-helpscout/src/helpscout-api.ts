// Help Scout Inbox (Mailbox) API 2.0 answers, as far as this connector reads them. Responses are HAL:
// lists put their items under `_embedded.<name>` (the key is absent when the list is empty) and the paging
// state under `page`. Only the fields read are declared; everything else is ignored.
import { z } from 'zod';

/** Help Scout ids are integers (sent as numbers; digits in text are accepted too), kept as text. */
const helpScoutId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected a numeric id')])
  .transform(String);

/** One entry of a customer's `emails`, `phones`, `websites` or `social_profiles`: `{ id, value, type }`. */
const customerEntrySchema = z.object({ value: z.string().nullish(), type: z.string().nullish() });

export const helpScoutCustomerSchema = z.object({
  id: helpScoutId,
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  jobTitle: z.string().nullish(),
  /** The customer's company, as free text. */
  organization: z.string().nullish(),
  /** Free text such as "Dallas, TX" (the structured address is a separate resource). */
  location: z.string().nullish(),
  photoUrl: z.string().nullish(),
  createdAt: z.string().nullish(),
  /** When the customer last changed: what `sortField=modifiedAt` and `modifiedSince` work on. */
  updatedAt: z.string().nullish(),
  /** The list and get endpoints embed these collections (the address is only a link). */
  _embedded: z
    .object({
      emails: z.array(customerEntrySchema).nullish(),
      phones: z.array(customerEntrySchema).nullish(),
      websites: z.array(customerEntrySchema).nullish(),
      social_profiles: z.array(customerEntrySchema).nullish(),
    })
    .nullish(),
});
export type HelpScoutCustomer = z.output<typeof helpScoutCustomerSchema>;

/** `page` of a HAL list: `number` is 1-based. */
const halPageSchema = z.object({
  number: z.number().int().nullish(),
  totalPages: z.number().int().nullish(),
});

const halLinksSchema = z.object({ next: z.object({ href: z.string() }).nullish() });

/** `GET /v2/customers` */
export const helpScoutCustomerListSchema = z.object({
  _embedded: z.object({ customers: z.array(helpScoutCustomerSchema).nullish() }).nullish(),
  page: halPageSchema.nullish(),
});

export const helpScoutConversationSchema = z.object({
  id: helpScoutId,
  /** The number agents see; the agent UI's URL needs it with the id. */
  number: z.number().int().nullish(),
  /** `email`, `chat` or `phone`. */
  type: z.string().nullish(),
  /** `active`, `pending`, `closed` or `spam`. */
  status: z.string().nullish(),
  subject: z.string().nullish(),
  /** Text of the latest thread; may hold markup or entities. */
  preview: z.string().nullish(),
  createdAt: z.string().nullish(),
});
export type HelpScoutConversation = z.output<typeof helpScoutConversationSchema>;

/** `GET /v2/conversations` */
export const helpScoutConversationListSchema = z.object({
  _embedded: z.object({ conversations: z.array(helpScoutConversationSchema).nullish() }).nullish(),
  page: halPageSchema.nullish(),
  _links: halLinksSchema.nullish(),
});
export type HelpScoutConversationList = z.output<typeof helpScoutConversationListSchema>;

/** `GET /v2/users/me`: the user the token belongs to. */
export const helpScoutResourceOwnerSchema = z.object({ id: helpScoutId });

export const helpScoutUserSchema = z.object({
  id: helpScoutId,
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  /** `user`; anything else (a team, should one be listed) is not an agent. */
  type: z.string().nullish(),
});
export type HelpScoutUser = z.output<typeof helpScoutUserSchema>;

/** `GET /v2/users` */
export const helpScoutUserListSchema = z.object({
  _embedded: z.object({ users: z.array(helpScoutUserSchema).nullish() }).nullish(),
  page: halPageSchema.nullish(),
  _links: halLinksSchema.nullish(),
});
export type HelpScoutUserList = z.output<typeof helpScoutUserListSchema>;

/** `GET /v2/mailboxes` */
export const helpScoutMailboxListSchema = z.object({
  _embedded: z
    .object({
      mailboxes: z.array(z.object({ id: helpScoutId, name: z.string().nullish() })).nullish(),
    })
    .nullish(),
  page: halPageSchema.nullish(),
});

/** `GET /v2/conversations/{id}`, for the customer Help Scout attached (or created) on creation. */
export const helpScoutCreatedConversationSchema = z.object({
  id: helpScoutId,
  number: z.number().int().nullish(),
  primaryCustomer: z.object({ id: helpScoutId }).nullish(),
});

/**
 * Help Scout's error body (`application/vnd.error+json`): `_embedded.errors[]` names each field it refused
 * with `path` and `message` (it also has `rejectedValue`, which is never read: it echoes request data).
 */
export const helpScoutErrorBodySchema = z.object({
  message: z.string().nullish(),
  _embedded: z
    .object({
      errors: z.array(z.object({ path: z.string().nullish(), message: z.string().nullish() })).nullish(),
    })
    .nullish(),
});
export type HelpScoutErrorBody = z.infer<typeof helpScoutErrorBodySchema>;
