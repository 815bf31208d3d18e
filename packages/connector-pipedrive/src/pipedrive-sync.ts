// Contact and agent synchronization.
import {
  agentSync,
  BridgeError,
  chunk,
  contactSync,
  distinct,
  invalidOffset,
  refusalOf,
} from '@talkbridge/core';
import { z } from 'zod';
import { mapPipedrivePerson } from './map-pipedrive-person.js';
import {
  organizationsResponseSchema,
  PIPEDRIVE_MAX_PAGE_SIZE,
  type PipedriveErrorBody,
  type PipedriveSyncedPerson,
  personsResponseSchema,
  usersResponseSchema,
} from './pipedrive-api.js';
import { appOriginOf, type PipedriveContext } from './pipedrive-context.js';

/** `ids` of the v2 list endpoints takes at most 100 ids. */
const MAX_IDS_PER_CALL = 100;

/** RFC 3339 in whole seconds, as Pipedrive's examples write `updated_since`: `2025-01-01T10:20:00Z`. */
const RFC3339_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/**
 * Where a contact sync continues: the run's `updated_since` (fixed for the whole run, whatever checkpoint
 * the next request carries; absent for an initial sync) and Pipedrive's own `next_cursor`. Pipedrive's
 * cursor marks the first person of the next page, so persons sharing an update instant are neither
 * skipped nor repeated at a page boundary; base64 text is all Pipedrive has ever issued.
 */
const contactCursor = z.object({
  since: z
    .string()
    .length(20)
    .regex(RFC3339_SECONDS)
    .refine((since) => !Number.isNaN(Date.parse(since)))
    .optional(),
  next: z
    .string()
    .min(1)
    .max(2_048)
    .regex(/^[A-Za-z0-9+/=_-]+$/),
});
type ContactCursor = z.output<typeof contactCursor>;

/**
 * One page of persons updated at or after `updatedSince` (Pipedrive's `updated_since` is inclusive),
 * oldest update first: 1 call, plus 1 per 100 organizations named on the page (for `company`).
 */
export const syncPipedriveContacts = contactSync({
  cursor: contactCursor,
  async page(ctx: PipedriveContext, page: { updatedSince?: Date; cursor?: ContactCursor }) {
    const since = page.cursor ? page.cursor.since : page.updatedSince && rfc3339(page.updatedSince);
    const answer = await ctx.http
      .get('/v2/persons', {
        query: {
          updated_since: since,
          sort_by: 'update_time',
          sort_direction: 'asc',
          limit: Math.max(1, Math.min(ctx.limit, PIPEDRIVE_MAX_PAGE_SIZE)),
          cursor: page.cursor?.next,
        },
        schema: personsResponseSchema,
      })
      .catch((error: unknown) => {
        // Pipedrive refuses a cursor it no longer honours with a 400: Talkdesk must restart the run.
        if (page.cursor && refusalOf<PipedriveErrorBody>(error)?.status === 400) throw invalidOffset();
        throw error;
      });
    // A person marked deleted is not a contact to call.
    const persons = (answer.data ?? []).filter((person) => !person.is_deleted);
    const companies = await organizationNames(ctx, persons);
    const appOrigin = appOriginOf(ctx.auth);
    const contacts = persons.map((person) =>
      mapPipedrivePerson(person, {
        appOrigin,
        company:
          person.org_id === null || person.org_id === undefined ? undefined : companies.get(person.org_id),
      }),
    );
    const next = answer.additional_data?.next_cursor ?? undefined;
    if (next === undefined || next === '') return { contacts };
    const nextCursor = contactCursor.safeParse({ ...(since ? { since } : {}), next });
    if (!nextCursor.success) {
      // Issuing it would only fail on the next page, as a forged offset.
      throw new BridgeError(
        'upstream_invalid_response',
        'GET /api/v2/persons answered an unexpected next_cursor',
      );
    }
    return { contacts, nextCursor: nextCursor.data };
  },
});

/**
 * The names of the organizations the persons belong to, by id. Organizations Pipedrive hides are left out.
 * Not an optional lookup: a contact stored without its company would stay so until the person changes.
 */
async function organizationNames(
  ctx: PipedriveContext,
  persons: PipedriveSyncedPerson[],
): Promise<Map<number, string>> {
  const ids = distinct(
    persons.map((person) => (typeof person.org_id === 'number' ? String(person.org_id) : undefined)),
  );
  const answers = await Promise.all(
    chunk(ids, MAX_IDS_PER_CALL).map((group) =>
      ctx.http.get('/v2/organizations', {
        query: { ids: group.join(','), limit: MAX_IDS_PER_CALL },
        schema: organizationsResponseSchema,
      }),
    ),
  );
  const names = new Map<number, string>();
  for (const answer of answers)
    for (const organization of answer.data ?? []) {
      const name = organization.name?.trim();
      if (name) names.set(organization.id, name);
    }
  return names;
}

/**
 * Every active user with an email, in one call: `GET /api/v1/users` is not paged, so this sync never
 * issues a cursor and accepts none (core answers 400 for any offset).
 */
export const syncPipedriveAgents = agentSync({
  cursor: z.never(),
  async page(ctx: PipedriveContext) {
    const answer = await ctx.http.get('/v1/users', { schema: usersResponseSchema });
    const agents = (answer.data ?? []).flatMap((user) => {
      const email = user.email?.trim();
      // Deactivated users cannot be assigned anything; a user without an email cannot be matched.
      if (user.active_flag === false || !email) return [];
      return [{ id: String(user.id), name: user.name?.trim() || email, email }];
    });
    return { agents };
  },
});

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
