import { z } from 'zod';

// Minimal, tolerant schemas of the Salesforce REST API answers this connector reads (REST API Developer
// Guide: Query, Search, sObject Rows). Only the fields read; zod objects ignore the rest.

/** `attributes` on every record: the object's API name, e.g. `Contact`. */
const recordAttributesSchema = z.object({ type: z.string().nullish() }).nullish();

/** One hit of a SOSL search: `RETURNING Contact(Id, Email …), Lead(Id, Email …)`. */
export const searchRecordSchema = z.object({
  attributes: recordAttributesSchema,
  Id: z.string(),
  Email: z.string().nullish(),
});
export type SalesforceSearchRecord = z.infer<typeof searchRecordSchema>;

/** GET /search/?q=… — `{searchRecords: […]}`; older API versions answered a bare array. */
export const searchResultSchema = z
  .union([z.object({ searchRecords: z.array(searchRecordSchema).nullish() }), z.array(searchRecordSchema)])
  .transform((result) => (Array.isArray(result) ? result : (result.searchRecords ?? [])));

/** GET /query?q=… and GET /query/{locator}: one batch of records and where the next one is. */
export function queryResultSchema<T extends z.ZodType>(record: T) {
  return z.object({
    done: z.boolean().nullish(),
    nextRecordsUrl: z.string().nullish(),
    records: z.array(record),
  });
}

export const caseRecordSchema = z.object({
  Id: z.string(),
  CaseNumber: z.string().nullish(),
  Subject: z.string().nullish(),
  Description: z.string().nullish(),
  Status: z.string().nullish(),
  Priority: z.string().nullish(),
  IsClosed: z.boolean().nullish(),
  CreatedDate: z.string().nullish(),
});
export type SalesforceCase = z.infer<typeof caseRecordSchema>;

export const taskRecordSchema = z.object({
  Id: z.string(),
  Subject: z.string().nullish(),
  Description: z.string().nullish(),
  Status: z.string().nullish(),
  Priority: z.string().nullish(),
  IsClosed: z.boolean().nullish(),
  /** The due date, a date without time (`2024-06-15`). */
  ActivityDate: z.string().nullish(),
  /** Task, Email, Call, ListEmail, Cadence, LinkedIn… */
  TaskSubtype: z.string().nullish(),
  CreatedDate: z.string().nullish(),
});
export type SalesforceTask = z.infer<typeof taskRecordSchema>;

export const eventRecordSchema = z.object({
  Id: z.string(),
  Subject: z.string().nullish(),
  Description: z.string().nullish(),
  Location: z.string().nullish(),
  StartDateTime: z.string().nullish(),
  EndDateTime: z.string().nullish(),
  IsAllDayEvent: z.boolean().nullish(),
  /** All-day events: the day, without time. */
  ActivityDate: z.string().nullish(),
  CreatedDate: z.string().nullish(),
});
export type SalesforceEvent = z.infer<typeof eventRecordSchema>;

/** `SELECT ApiName, MasterLabel, IsClosed, IsDefault FROM CaseStatus`: the org's case status picklist. */
export const caseStatusRecordSchema = z.object({
  ApiName: z.string().nullish(),
  MasterLabel: z.string().nullish(),
  IsClosed: z.boolean().nullish(),
  IsDefault: z.boolean().nullish(),
});
export type SalesforceCaseStatus = z.infer<typeof caseStatusRecordSchema>;

/**
 * A refused request's body (`http.errorBody`): `[{"message": "…", "errorCode": "INVALID_SESSION_ID",
 * "fields": []}]`. Bounded: a refusal names a few errors.
 */
export const salesforceErrorBodySchema = z
  .array(
    z.object({
      errorCode: z.string().nullish(),
      message: z.string().nullish(),
      fields: z.array(z.string()).nullish(),
    }),
  )
  .max(100);
export type SalesforceErrorBody = z.infer<typeof salesforceErrorBodySchema>;

/** GET /services/data/v66.0/ ("Resources by Version"): the REST resources of the version, by name. */
export const resourcesByVersionSchema = z.object({ query: z.string().nullish() });

/** One Contact of the contact sync query (`CONTACT_SYNC_FIELDS`). */
export const contactRecordSchema = z.object({
  Id: z.string(),
  Name: z.string().nullish(),
  Title: z.string().nullish(),
  Email: z.string().nullish(),
  Phone: z.string().nullish(),
  MobilePhone: z.string().nullish(),
  HomePhone: z.string().nullish(),
  OtherPhone: z.string().nullish(),
  /** The parent Account (null for a private contact): the company. */
  Account: z.object({ Name: z.string().nullish(), Website: z.string().nullish() }).nullish(),
  MailingStreet: z.string().nullish(),
  MailingCity: z.string().nullish(),
  MailingState: z.string().nullish(),
  MailingPostalCode: z.string().nullish(),
  MailingCountry: z.string().nullish(),
  /** A path on the instance (`/services/images/photo/003…`), empty unless the org has contact photos. */
  PhotoUrl: z.string().nullish(),
  /** Last change by a user or by Salesforce itself: the sync's ordering and checkpoint. */
  SystemModstamp: z.string(),
});
export type SalesforceContact = z.infer<typeof contactRecordSchema>;

/** One User of the agent sync query. */
export const userRecordSchema = z.object({
  Id: z.string(),
  Name: z.string().nullish(),
  Email: z.string().nullish(),
});
export type SalesforceUser = z.infer<typeof userRecordSchema>;

/**
 * POST /composite: HTTP 200 whatever the subrequests did; each one's own status and body (the created
 * record `{id, success, errors}`, or an error array like any REST failure) is in `compositeResponse`.
 */
export const compositeResponseSchema = z.object({
  compositeResponse: z.array(
    z.object({
      body: z.unknown(),
      httpStatusCode: z.number(),
      referenceId: z.string().nullish(),
    }),
  ),
});
export type SalesforceCompositeResult = z.infer<typeof compositeResponseSchema>['compositeResponse'][number];

/** The body of a successful sObject create: `{"id": "00T…", "success": true, "errors": []}`. */
export const createdRecordSchema = z.object({ id: z.string(), success: z.boolean().nullish() });

/** A failure body with the fields it names: `[{"errorCode": "…", "message": "…", "fields": ["WhoId"]}]`. */
export const fieldErrorsSchema = z.array(
  z.object({
    errorCode: z.string().nullish(),
    message: z.string().nullish(),
    fields: z.array(z.string()).nullish(),
  }),
);
export type SalesforceFieldError = z.infer<typeof fieldErrorsSchema>[number];

/**
 * One parent-to-child subquery's rows inside a parent record: `null` when the person has none, else a
 * query result of its own (`done: false` when Salesforce kept some back).
 */
function childRowsSchema<T extends z.ZodType>(record: T) {
  return z
    .object({ done: z.boolean().nullish(), records: z.array(record) })
    .nullish()
    .transform((rows) => ({ records: rows?.records ?? [], more: rows?.done === false }));
}

/** A Contact or Lead with its cases, tasks and events (`activitiesQuery`); a Lead has no `Cases`. */
export const personActivitiesSchema = z.object({
  Id: z.string(),
  Cases: childRowsSchema(caseRecordSchema),
  Tasks: childRowsSchema(taskRecordSchema),
  Events: childRowsSchema(eventRecordSchema),
});
export type SalesforcePersonActivities = z.infer<typeof personActivitiesSchema>;
