// Minimal, tolerant schemas of the Zoho CRM v8 answers this connector reads: only the fields it uses,
// everything else ignored. Zoho answers `204 No Content` (an empty body) when a search, a related list or a
// COQL query finds nothing, so every list answer is optional.
import { z } from 'zod';

/** Record ids are 64-bit numbers that Zoho sends as strings; accept a number too. */
const zohoId = z.union([z.string().min(1), z.number()]).transform(String);
const text = z.string().nullish();
/** A lookup field as Zoho sends it: `{ "name": "Patricia Boyle", "id": "3652397000000624001" }`. */
const lookup = z.object({ id: zohoId.nullish(), name: text }).nullish();

export const zohoInfoSchema = z
  .object({
    more_records: z.boolean().nullish(),
    page: z.number().nullish(),
    per_page: z.number().nullish(),
  })
  .nullish();

/** `{ data: [...], info: {...} }`, or nothing at all for 204. */
export function zohoListSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item).nullish(), info: zohoInfoSchema }).optional();
}

/** A Contact or a Lead, as far as finding one goes. */
export const zohoPersonSchema = z.object({
  id: zohoId,
  Email: text,
  Secondary_Email: text,
});
export type ZohoPerson = z.output<typeof zohoPersonSchema>;

export const zohoCaseSchema = z.object({
  id: zohoId,
  Subject: text,
  Description: text,
  Status: text,
  Priority: text,
  Case_Number: z.union([z.string(), z.number()]).nullish(),
  Created_Time: text,
});
export type ZohoCase = z.output<typeof zohoCaseSchema>;

export const zohoNoteSchema = z.object({
  id: zohoId,
  Note_Title: text,
  Note_Content: text,
  Created_Time: text,
  Parent_Id: lookup,
});
export type ZohoNote = z.output<typeof zohoNoteSchema>;

export const zohoTaskSchema = z.object({
  id: zohoId,
  Subject: text,
  Description: text,
  Status: text,
  Priority: text,
  /** A date without time, `2025-06-20`. */
  Due_Date: text,
  Created_Time: text,
});
export type ZohoTask = z.output<typeof zohoTaskSchema>;

export const zohoCallSchema = z.object({
  id: zohoId,
  Subject: text,
  Description: text,
  /** Outbound, Inbound or Missed. */
  Call_Type: text,
  Call_Start_Time: text,
  /** `mm:ss` or `hh:mm:ss`. */
  Call_Duration: text,
  Created_Time: text,
});
export type ZohoCall = z.output<typeof zohoCallSchema>;

export const zohoEventSchema = z.object({
  id: zohoId,
  Event_Title: text,
  Description: text,
  Start_DateTime: text,
  End_DateTime: text,
  Venue: text,
  Created_Time: text,
});
export type ZohoEvent = z.output<typeof zohoEventSchema>;
