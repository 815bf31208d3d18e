// Minimal, tolerant schemas of the __DISPLAY__ answers this connector reads: only the fields it uses,
// `.nullish()` wherever the vendor may leave one out. TODO(__id__): trim these to the vendor's documented
// payloads (keep a realistic sample in src/__fixtures__/).
import { z } from 'zod';

/** A contact (`GET /contacts/{id}`, and the items of `GET /contacts?email=…` / `?phone=…`). */
export const __name__ContactSchema = z.object({
  id: z.union([z.number(), z.string()]),
  email: z.string().nullish(),
  phone: z.string().nullish(),
});
export type __Name__Contact = z.infer<typeof __name__ContactSchema>;

export const __name__ContactListSchema = z.object({ contacts: z.array(__name__ContactSchema) });

/** A ticket of `GET /contacts/{id}/tickets`, newest first. */
export const __name__TicketSchema = z.object({
  id: z.union([z.number(), z.string()]),
  subject: z.string().nullish(),
  description: z.string().nullish(),
  status: z.string().nullish(),
  priority: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type __Name__Ticket = z.infer<typeof __name__TicketSchema>;

export const __name__TicketListSchema = z.object({ tickets: z.array(__name__TicketSchema) });
