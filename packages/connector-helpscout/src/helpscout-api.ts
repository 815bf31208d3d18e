// Help Scout Inbox (Mailbox) API 2.0 answers, as far as this connector reads them. Responses are HAL:
// lists put their items under `_embedded.<name>` (the key is absent when the list is empty) and the paging
// state under `page`. Only the fields read are declared; everything else is ignored.
import { z } from 'zod';

/** Help Scout ids are integers (sent as numbers; digits in text are accepted too), kept as text. */
const helpScoutId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, 'expected a numeric id')])
  .transform(String);

/** One entry of a customer's `emails` or `phones`: `{ id, value, type }`. */
const customerEntrySchema = z.object({ value: z.string().nullish() });

export const helpScoutCustomerSchema = z.object({
  id: helpScoutId,
  /** The list and get endpoints embed the customer's emails and phones. */
  _embedded: z
    .object({
      emails: z.array(customerEntrySchema).nullish(),
      phones: z.array(customerEntrySchema).nullish(),
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
