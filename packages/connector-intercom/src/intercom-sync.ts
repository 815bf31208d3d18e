import { agentSync, type ConnectorContact, contactSync, invalidOffset, refusalOf } from '@talkbridge/core';
import { z } from 'zod';
import {
  type IntercomSyncedContact,
  intercomAdminListSchema,
  intercomSyncedContactListSchema,
  nextCursorOf,
} from './intercom-api.js';
import type { IntercomContext } from './intercom-context.js';
import { MAX_SEARCH_PAGE } from './intercom-interactions.js';
import { intercomAgentLinks } from './intercom-regions.js';
import { mapIntercomContact } from './map-intercom-contact.js';

/**
 * Intercom documents that a contact may take "a few minutes" to appear in search. An incremental sync
 * therefore starts this long before the checkpoint: a contact updated just before the previous run but
 * indexed after it is picked up now (seeing a contact again is harmless to Talkdesk; missing one is not).
 */
export const SEARCH_INDEX_LAG_SECONDS = 600;

/**
 * Search calls one page may make while skipping contacts older than the start of an incremental sync.
 * Intercom matches dates by whole day in the workspace's timezone, so a search "since T" also returns the
 * contacts updated earlier that day; they come first (ascending order) and are dropped here.
 */
const MAX_SEARCH_CALLS_PER_PAGE = 4;

/**
 * Where a contact sync continues: Intercom's own `starting_after`, base64 text (its documented examples
 * wrap lines), at most 4 KiB. Core carries it in Talkdesk's offset and refuses any other shape.
 */
const contactCursor = z.object({
  startingAfter: z
    .string()
    .min(1)
    .max(4_096)
    .regex(/^[A-Za-z0-9+/=_\-\r\n]+$/, 'expected an Intercom search cursor'),
});
type ContactCursor = z.output<typeof contactCursor>;

/**
 * One page of contact synchronization: `POST /contacts/search`, users and leads, ascending by `updated_at`.
 * The cursor is Intercom's own `starting_after`, which continues after the last contact of the previous
 * page (by update time, then id), so contacts updated in the same second are neither skipped nor repeated.
 */
export const syncIntercomContacts = contactSync({ cursor: contactCursor, page: syncContactsPage });

async function syncContactsPage(
  ctx: IntercomContext,
  page: { updatedSince?: Date; cursor?: ContactCursor },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: ContactCursor }> {
  const since =
    page.updatedSince === undefined
      ? undefined
      : Math.floor(page.updatedSince.getTime() / 1000) - SEARCH_INDEX_LAG_SECONDS;
  const perPage = Math.max(1, Math.min(ctx.limit, MAX_SEARCH_PAGE));
  let cursor = page.cursor?.startingAfter;
  for (let calls = 1; ; calls += 1) {
    const answer = await ctx.http
      .post('/contacts/search', {
        json: {
          query: since === undefined ? EVERY_CONTACT : updatedAtOrAfter(since),
          sort: { field: 'updated_at', order: 'ascending' },
          pagination: { per_page: perPage, ...(cursor ? { starting_after: cursor } : {}) },
        },
        readOnly: true,
        schema: intercomSyncedContactListSchema,
      })
      .catch((error: unknown) => {
        // Intercom refuses a cursor it no longer knows with a 400: Talkdesk restarts the synchronization.
        if (cursor !== undefined && refusalOf(error)?.status === 400) throw invalidOffset();
        throw error;
      });
    const found = answer.data ?? [];
    const kept = since === undefined ? found : found.filter((contact) => contact.updated_at >= since);
    cursor = found.length > 0 ? nextCursorOf(answer.pages) : undefined;
    if (kept.length > 0 || !cursor || calls >= MAX_SEARCH_CALLS_PER_PAGE) {
      return {
        contacts: toContacts(ctx, kept),
        ...(cursor ? { nextCursor: { startingAfter: cursor } } : {}),
      };
    }
  }
}

/** Users and leads: every contact the Contacts API has. */
const EVERY_CONTACT = { field: 'role', operator: 'IN', value: ['user', 'lead'] };

/**
 * `updated_at` at or after `since`, as closely as Intercom's search allows. It compares dates by day and
 * accepts only `=`, `<` and `>` on them: `= since` is since's whole day, `> since` every later day, so the
 * union starts at the beginning of since's day (in the workspace's timezone, which the bridge need not
 * know). The contacts before `since` in that first day are dropped after the search.
 */
function updatedAtOrAfter(since: number) {
  return {
    operator: 'OR',
    value: [
      { field: 'updated_at', operator: '=', value: since },
      { field: 'updated_at', operator: '>', value: since },
    ],
  };
}

function toContacts(ctx: IntercomContext, contacts: IntercomSyncedContact[]): ConnectorContact[] {
  return contacts.map((contact) =>
    mapIntercomContact(contact, intercomAgentLinks(ctx.auth.region, contact.workspace_id)),
  );
}

/**
 * One page of agent synchronization: the workspace's teammates from `GET /admins`, which answers all of
 * them at once. Pages of `ctx.limit` are cut from that list, ordered by id so that the cut is stable from
 * one call to the next; the cursor is the index of the page's first teammate.
 */
export const syncIntercomAgents = agentSync({
  // The index of the page's first teammate (the first page has none).
  cursor: z.object({ start: z.number().int().min(1).max(999_999) }),
  async page(ctx: IntercomContext, page) {
    const start = page.cursor?.start ?? 0;
    const answer = await ctx.http.get('/admins', { schema: intercomAdminListSchema });
    const admins = answer.admins ?? [];
    const agents = admins
      .flatMap((admin) => {
        const email = admin.email?.trim();
        return email ? [{ id: admin.id, name: admin.name?.trim() || email, email }] : [];
      })
      .sort((a, b) => compareIds(a.id, b.id));
    if (agents.length < admins.length) {
      // Talkdesk needs an email for every agent.
      ctx.log.info({ skipped: admins.length - agents.length }, 'intercom admins without an email left out');
    }
    const end = start + ctx.limit;
    return {
      agents: agents.slice(start, end),
      ...(end < agents.length ? { nextCursor: { start: end } } : {}),
    };
  },
});

// Numeric ids in numeric order, others after them in text order.
function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (numeric.test(a) !== numeric.test(b)) return numeric.test(a) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
