// Minimal, tolerant schemas of the HubSpot answers this connector reads: only the fields it uses, and
// generous about nulls and shapes HubSpot adds later.
import type { DateInput } from '@talkbridge/core';
import { z } from 'zod';

/** HubSpot ids are strings in v3 bodies and numbers in some v4 ones (`toObjectId`). */
const hubspotId = z.union([z.string().min(1), z.number().int().nonnegative()]).transform(String);

/** Every CRM property value is text in v3 answers; tolerate numbers, booleans and nulls all the same. */
export const hubspotProperties = z.record(z.string(), z.unknown()).nullish();

/** A CRM record as read by id, batch read or search: `GET /crm/v3/objects/{type}/{id}` and friends. */
export const hubspotObjectSchema = z.object({
  id: hubspotId,
  properties: hubspotProperties,
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
export type HubspotObject = z.infer<typeof hubspotObjectSchema>;

/**
 * `GET /crm/v3/objects/{type}/{id}?associations=…`: the record plus, per associated object type it has any
 * of, a page of `{id, type}` (up to 100; `paging.next` when there are more). One record can appear once per
 * association label.
 */
export const hubspotObjectWithAssociationsSchema = hubspotObjectSchema.extend({
  associations: z
    .record(
      z.string(),
      z.object({
        results: z.array(z.object({ id: hubspotId })).nullish(),
        paging: z.object({ next: z.object({ after: z.string().nullish() }).nullish() }).nullish(),
      }),
    )
    .nullish(),
});
export type HubspotObjectWithAssociations = z.infer<typeof hubspotObjectWithAssociationsSchema>;

/** `POST /crm/v3/objects/contacts/search`. */
export const hubspotSearchResponseSchema = z.object({
  total: z.number().nullish(),
  results: z.array(hubspotObjectSchema),
});

/** `GET /crm/v3/owners`: the portal's users (and queues) that records can be assigned to. */
export const hubspotOwnersResponseSchema = z.object({
  results: z.array(
    z.object({
      /** The owner id: what `hubspot_owner_id` takes (not `userId`). */
      id: hubspotId,
      email: z.string().nullish(),
      firstName: z.string().nullish(),
      lastName: z.string().nullish(),
      /** `PERSON` or `QUEUE`. */
      type: z.string().nullish(),
      archived: z.boolean().nullish(),
    }),
  ),
  paging: z.object({ next: z.object({ after: z.string().nullish() }).nullish() }).nullish(),
});

/** `POST /crm/v3/objects/{type}/batch/read`: 200, or 207 with `errors` for ids that no longer exist. */
export const hubspotBatchReadResponseSchema = z.object({
  results: z.array(hubspotObjectSchema),
});

/** `POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read`. */
export const hubspotAssociationsResponseSchema = z.object({
  results: z
    .array(
      z.object({
        from: z.object({ id: hubspotId }),
        to: z.array(z.object({ toObjectId: hubspotId })).nullish(),
        /** Present only when this record has more associations than the page held. */
        paging: z.object({ next: z.object({ after: z.string().nullish() }).nullish() }).nullish(),
      }),
    )
    .nullish(),
});
export type HubspotAssociationsResponse = z.infer<typeof hubspotAssociationsResponseSchema>;

/** `GET /crm/v3/pipelines/tickets`: stage ids are per portal, their open/closed state is in `metadata`. */
export const hubspotPipelinesResponseSchema = z.object({
  results: z.array(
    z.object({
      id: hubspotId,
      label: z.string().nullish(),
      stages: z
        .array(
          z.object({
            id: hubspotId,
            label: z.string().nullish(),
            metadata: z
              .object({
                ticketState: z.string().nullish(),
                isClosed: z.union([z.boolean(), z.string()]).nullish(),
              })
              .nullish(),
          }),
        )
        .nullish(),
    }),
  ),
});
export type HubspotPipelinesResponse = z.infer<typeof hubspotPipelinesResponseSchema>;

/** `GET /account-info/v3/details`: the portal (Hub) id and the UI domain (`app-eu1.hubspot.com` …). */
export const hubspotAccountDetailsSchema = z.object({
  portalId: hubspotId,
  uiDomain: z.string().nullish(),
});

/**
 * HubSpot's error body (`{"status":"error","message":…,"category":…,"correlationId":…}`); a 429 adds
 * `policyName` (`DAILY`, `TEN_SECONDLY_ROLLING`, …). The message may echo request data: never logged.
 */
export const hubspotErrorBodySchema = z.object({
  status: z.string().nullish(),
  message: z.string().nullish(),
  category: z.string().nullish(),
  policyName: z.string().nullish(),
});
export type HubspotErrorBody = z.infer<typeof hubspotErrorBodySchema>;

/** A property of a record as text, or undefined when missing or blank. */
export function propertyOf(record: HubspotObject, name: string): string | undefined {
  const value = record.properties?.[name];
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'string' ? value : String(value);
  return text.trim() === '' ? undefined : text;
}

/** HubSpot datetimes are ISO 8601 text in v3 answers; older data can hold epoch milliseconds as text. */
export function hubspotDate(value: string | undefined): DateInput | undefined {
  if (value === undefined) return undefined;
  return /^\d{10,}$/.test(value.trim()) ? Number(value.trim()) : value;
}
