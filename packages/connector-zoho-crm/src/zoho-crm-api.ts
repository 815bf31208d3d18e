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

/**
 * A Contact as contact synchronization reads it through COQL. A lookup's own fields come back under the
 * dotted name they were selected with (`Account_Name.Account_Name`); the lookup itself is `{ id }` only.
 */
export const zohoSyncedContactSchema = z.object({
  id: zohoId,
  Full_Name: text,
  First_Name: text,
  Last_Name: text,
  Title: text,
  Email: text,
  Secondary_Email: text,
  Phone: text,
  Mobile: text,
  Home_Phone: text,
  Other_Phone: text,
  Asst_Phone: text,
  Mailing_Street: text,
  Mailing_City: text,
  Mailing_State: text,
  Mailing_Zip: text,
  Mailing_Country: text,
  Twitter: text,
  Account_Name: lookup,
  'Account_Name.Account_Name': text,
  'Account_Name.Website': text,
  /** The update time the sync is ordered by: without it a record cannot be placed. */
  Modified_Time: z.string().min(1),
});
export type ZohoSyncedContact = z.output<typeof zohoSyncedContactSchema>;

/** A CRM user (`GET /users`), as far as agent synchronization goes. */
export const zohoUserSchema = z.object({
  id: zohoId,
  full_name: text,
  first_name: text,
  last_name: text,
  email: text,
});
export type ZohoUser = z.output<typeof zohoUserSchema>;

/** `{ users: [...], info: {...} }`, or nothing at all for 204. */
export const zohoUsersSchema = z
  .object({ users: z.array(zohoUserSchema).nullish(), info: zohoInfoSchema })
  .optional();

/**
 * One record's outcome in a write answer (`POST /Calls`, `POST /Notes`): `SUCCESS` with the new id in
 * `details.id`, or an error code with the field it is about in `details.api_name`.
 */
export const zohoWriteOutcomeSchema = z.object({
  status: z.unknown().optional(),
  code: z.unknown().optional(),
  details: z
    .object({
      id: zohoId.nullish(),
      // Read only to name the problem, and checked there: any shape is tolerated.
      api_name: z.unknown().optional(),
      expected_data_type: z.unknown().optional(),
      maximum_length: z.unknown().optional(),
    })
    .nullish(),
});
export type ZohoWriteOutcome = z.output<typeof zohoWriteOutcomeSchema>;

export const zohoWriteAnswerSchema = z.object({ data: z.array(zohoWriteOutcomeSchema).min(1) });

/**
 * What Zoho answers when it refuses a call (`http.errorBody`): a read's top-level `{code, message, status,
 * details}` (`INVALID_TOKEN`, `OAUTH_SCOPE_MISMATCH`, `TOO_MANY_REQUESTS`…), or a write's per-record
 * outcomes in `data` (`{"data":[{"status":"error","code":"MANDATORY_NOT_FOUND",…}]}`).
 */
export const zohoErrorBodySchema = z.object({
  code: z.string().nullish(),
  status: z.string().nullish(),
  data: z.array(zohoWriteOutcomeSchema).nullish(),
});
export type ZohoErrorBody = z.output<typeof zohoErrorBodySchema>;
