import { z } from 'zod';

// Minimal, tolerant schemas of the Pipedrive answers this connector reads: only the fields it uses, every
// one nullish, unknown keys ignored. Shapes from Pipedrive's OpenAPI-generated clients (pipedrive/client-nodejs,
// src/versions/v2/models and src/versions/v1/api) and developers.pipedrive.com.

const id = z.number().int();

/** Pipedrive's list endpoints return at most 500 items a page. */
export const PIPEDRIVE_MAX_PAGE_SIZE = 500;

/** v2 cursor pagination: `additional_data.next_cursor` is absent or null on the last page. */
const cursorPage = z.object({ next_cursor: z.string().nullish() }).nullish();

/** A value of `emails` / `phones`: plain text in search results, `{ value }` objects elsewhere. */
const contactValue = z.union([z.string(), z.object({ value: z.string().nullish() })]);

/** `GET /api/v2/persons/search` */
export const personSearchResponseSchema = z.object({
  data: z
    .object({
      items: z
        .array(
          z.object({
            item: z.object({
              id,
              name: z.string().nullish(),
              emails: z.array(contactValue).nullish(),
              phones: z.array(contactValue).nullish(),
            }),
          }),
        )
        .nullish(),
    })
    .nullish(),
  additional_data: cursorPage,
});
export type PipedrivePersonSearchResponse = z.infer<typeof personSearchResponseSchema>;

/** `GET /api/v2/persons/{id}` */
export const personResponseSchema = z.object({
  data: z.object({ id, is_deleted: z.boolean().nullish() }).nullish(),
});

/** An activity of `GET /api/v2/activities`. */
export const activitySchema = z.object({
  id,
  subject: z.string().nullish(),
  /** The activity type's key string: call, meeting, task, deadline, email, lunch, or a custom one. */
  type: z.string().nullish(),
  done: z.boolean().nullish(),
  /** `YYYY-MM-DD`, in UTC. */
  due_date: z.string().nullish(),
  /** `HH:MM` (or `HH:MM:SS`), in UTC. */
  due_time: z.string().nullish(),
  add_time: z.string().nullish(),
  deal_id: id.nullish(),
  person_id: id.nullish(),
  /** An option id of the company's activity priority field (activityFields), when set. */
  priority: z.union([z.number(), z.string()]).nullish(),
  /** HTML. */
  note: z.string().nullish(),
  public_description: z.string().nullish(),
});
export type PipedriveActivity = z.infer<typeof activitySchema>;

export const activitiesResponseSchema = z.object({
  data: z.array(activitySchema).nullish(),
  additional_data: cursorPage,
});

/** A deal of `GET /api/v2/deals`. */
export const dealSchema = z.object({
  id,
  title: z.string().nullish(),
  /** open, won, lost or deleted. */
  status: z.string().nullish(),
  value: z.number().nullish(),
  currency: z.string().nullish(),
  lost_reason: z.string().nullish(),
  add_time: z.string().nullish(),
});
export type PipedriveDeal = z.infer<typeof dealSchema>;

export const dealsResponseSchema = z.object({
  data: z.array(dealSchema).nullish(),
  additional_data: cursorPage,
});

/** A note of `GET /v1/notes` (notes have no v2 endpoint). */
export const noteSchema = z.object({
  id,
  /** HTML. */
  content: z.string().nullish(),
  /** `YYYY-MM-DD HH:MM:SS`, in UTC. */
  add_time: z.string().nullish(),
  deal_id: id.nullish(),
  person_id: id.nullish(),
  deal: z.object({ title: z.string().nullish() }).nullish(),
});
export type PipedriveNote = z.infer<typeof noteSchema>;

/** v1 offset pagination. */
export const notesResponseSchema = z.object({
  data: z.array(noteSchema).nullish(),
  additional_data: z
    .object({
      pagination: z
        .object({
          more_items_in_collection: z.boolean().nullish(),
          next_start: z.number().int().nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

/** The text of an `emails` / `phones` entry, whichever shape it came in. */
export function contactValueText(value: z.infer<typeof contactValue>): string | undefined {
  const text = typeof value === 'string' ? value : value.value;
  return text ?? undefined;
}

/** The texts of `emails` / `phones` entries, whichever shape they came in, without empty ones. */
export function textsOf(values: z.infer<typeof contactValue>[] | null | undefined): string[] {
  return (values ?? []).map(contactValueText).filter((text): text is string => !!text);
}

/** `GET /api/v1/users/me`: the user the credentials belong to, with their company. */
export const currentUserResponseSchema = z.object({
  data: z
    .object({
      id,
      /** The `acme` of https://acme.pipedrive.com. */
      company_domain: z.string().nullish(),
    })
    .nullish(),
});

/** A person of `GET /api/v2/persons` (contact synchronization). */
export const syncedPersonSchema = z.object({
  id,
  name: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  org_id: id.nullish(),
  /** RFC 3339, UTC, e.g. `2025-03-04T15:10:00Z`. */
  update_time: z.string().nullish(),
  add_time: z.string().nullish(),
  emails: z.array(contactValue).nullish(),
  phones: z.array(contactValue).nullish(),
  is_deleted: z.boolean().nullish(),
  /** Only when the company has contact sync enabled. */
  job_title: z.string().nullish(),
  /** Only when the company has contact sync enabled; `value` is the full address. */
  postal_address: z.object({ value: z.string().nullish() }).nullish(),
});
export type PipedriveSyncedPerson = z.infer<typeof syncedPersonSchema>;

export const personsResponseSchema = z.object({
  data: z.array(syncedPersonSchema).nullish(),
  additional_data: cursorPage,
});

/** `GET /api/v2/organizations?ids=…`: the names of the persons' organizations. */
export const organizationsResponseSchema = z.object({
  data: z.array(z.object({ id, name: z.string().nullish() })).nullish(),
  additional_data: cursorPage,
});

/** `GET /api/v1/users`: every user of the company, unpaged. */
export const usersResponseSchema = z.object({
  data: z
    .array(
      z.object({
        id,
        name: z.string().nullish(),
        email: z.string().nullish(),
        /** False for deactivated users. */
        active_flag: z.boolean().nullish(),
      }),
    )
    .nullish(),
});

/** What a create call (`POST /api/v2/activities`, `/api/v2/persons`, `/api/v1/notes`) answers: the new id. */
export const createdResponseSchema = z.object({ data: z.object({ id }) });

/**
 * What Pipedrive answers with a refusal (`{"success": false, "error": "Person not found", "error_info": …,
 * "errorCode": 404}`; validation errors carry a `code`). Personal data may be in `error`: never logged.
 */
export const pipedriveErrorBodySchema = z.object({
  success: z.boolean().nullish(),
  error: z.string().nullish(),
  error_info: z.string().nullish(),
  errorCode: z.union([z.number(), z.string()]).nullish(),
  code: z.string().nullish(),
});
export type PipedriveErrorBody = z.infer<typeof pipedriveErrorBodySchema>;
