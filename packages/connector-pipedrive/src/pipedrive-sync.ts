import { type Agent, BridgeError, type ConnectorContact } from '@talkbridge/core';
import { mapPipedrivePerson } from './map-pipedrive-person.js';
import {
  organizationsResponseSchema,
  PIPEDRIVE_MAX_PAGE_SIZE,
  type PipedriveSyncedPerson,
  personsResponseSchema,
  usersResponseSchema,
} from './pipedrive-api.js';
import type { PipedriveContext } from './pipedrive-connector.js';
import { appOriginOf } from './pipedrive-links.js';

/** `ids` of the v2 list endpoints takes at most 100 ids. */
const MAX_IDS_PER_CALL = 100;

/**
 * The cursor this connector hands the pipeline between pages: the run's `updated_since` (fixed for the
 * whole run, whatever checkpoint the next request carries) and Pipedrive's own `next_cursor`, joined by
 * `~`: `2025-03-04T15:10:00Z~eyJpZCI6MTA0M30` (or `~eyJ…` for an initial sync). Pipedrive's cursor marks
 * the first person of the next page, so persons sharing an update instant are neither skipped nor
 * repeated at a page boundary; base64 text is all Pipedrive has ever issued.
 */
const SYNC_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)?~([A-Za-z0-9+/=_-]{1,2048})$/;
const VENDOR_CURSOR = /^[A-Za-z0-9+/=_-]{1,2048}$/;

interface SyncRun {
  /** RFC 3339 without fractions, as Pipedrive's examples: `2025-01-01T10:20:00Z`. */
  since: string | undefined;
  next: string | undefined;
}

/**
 * One page of persons updated at or after `updatedSince` (Pipedrive's `updated_since` is inclusive),
 * oldest update first: 1 call, plus 1 per 100 organizations named on the page (for `company`).
 */
export async function syncPipedriveContacts(
  ctx: PipedriveContext,
  page: { updatedSince?: Date; cursor?: string },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: string }> {
  const run: SyncRun =
    page.cursor === undefined
      ? { since: page.updatedSince ? rfc3339(page.updatedSince) : undefined, next: undefined }
      : parseSyncCursor(page.cursor);
  const answer = await ctx.http.get('/v2/persons', {
    query: {
      updated_since: run.since,
      sort_by: 'update_time',
      sort_direction: 'asc',
      limit: Math.max(1, Math.min(ctx.limit, PIPEDRIVE_MAX_PAGE_SIZE)),
      cursor: run.next,
    },
    schema: personsResponseSchema,
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
  if (!VENDOR_CURSOR.test(next)) {
    // Issuing it would only fail on the next page, as a forged offset.
    throw new BridgeError(
      'upstream_invalid_response',
      'GET /api/v2/persons answered an unexpected next_cursor',
    );
  }
  return { contacts, nextCursor: `${run.since ?? ''}~${next}` };
}

/** The names of the organizations the persons belong to, by id. Organizations Pipedrive hides are left out. */
async function organizationNames(
  ctx: PipedriveContext,
  persons: PipedriveSyncedPerson[],
): Promise<Map<number, string>> {
  const ids = [
    ...new Set(persons.flatMap((person) => (typeof person.org_id === 'number' ? [person.org_id] : []))),
  ];
  const chunks: number[][] = [];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_CALL)
    chunks.push(ids.slice(start, start + MAX_IDS_PER_CALL));
  const answers = await Promise.all(
    chunks.map((chunk) =>
      ctx.http.get('/v2/organizations', {
        query: { ids: chunk.join(','), limit: MAX_IDS_PER_CALL },
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

/** Every active user with an email, in one call: `GET /api/v1/users` is not paged. */
export async function syncPipedriveAgents(
  ctx: PipedriveContext,
  page: { cursor?: string },
): Promise<{ agents: Agent[] }> {
  // This connector never issues an agent offset: one arriving was not ours.
  if (page.cursor !== undefined) throw notOurOffset();
  const answer = await ctx.http.get('/v1/users', { schema: usersResponseSchema });
  const agents = (answer.data ?? []).flatMap((user) => {
    const email = user.email?.trim();
    // Deactivated users cannot be assigned anything; a user without an email cannot be matched.
    if (user.active_flag === false || !email) return [];
    return [{ id: String(user.id), name: user.name?.trim() || email, email }];
  });
  return { agents };
}

function parseSyncCursor(cursor: string): SyncRun {
  const match = SYNC_CURSOR.exec(cursor);
  const since = match?.[1];
  if (!match || (since !== undefined && Number.isNaN(Date.parse(since)))) throw notOurOffset();
  return { since, next: match[2] };
}

function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function notOurOffset(): BridgeError {
  return new BridgeError('invalid_request', 'meta.offset: not an offset this bridge issued', {
    issues: [{ path: 'meta.offset', message: 'not an offset this bridge issued' }],
  });
}
