import { type Agent, BridgeError, type ConnectorContact } from '@talkbridge/core';
import {
  type IntercomSyncedContact,
  intercomAdminListSchema,
  intercomSyncedContactListSchema,
  nextCursorOf,
} from './intercom-api.js';
import type { IntercomContext } from './intercom-context.js';
import { intercomAgentLinks } from './intercom-regions.js';
import { mapIntercomContact } from './map-intercom-contact.js';

/** Intercom's largest search page. */
const MAX_SEARCH_PAGE = 150;

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

/** Intercom's `starting_after`: base64 text (its documented examples wrap lines), at most 4 KiB. */
const INTERCOM_CURSOR_CHARACTERS = /^[A-Za-z0-9+/=_\-\r\n]+$/;
const MAX_INTERCOM_CURSOR_LENGTH = 4096;

function isIntercomCursor(text: string): boolean {
  // The length is checked apart: a bounded repeat of 4096 is what a ReDoS checker cannot decide quickly.
  return text.length <= MAX_INTERCOM_CURSOR_LENGTH && INTERCOM_CURSOR_CHARACTERS.test(text);
}

function badOffset(): BridgeError {
  return new BridgeError('invalid_request', 'meta.offset: not an offset this bridge issued');
}

/**
 * One page of contact synchronization: `POST /contacts/search`, users and leads, ascending by `updated_at`.
 * The cursor is Intercom's own `starting_after`, which continues after the last contact of the previous
 * page (by update time, then id), so contacts updated in the same second are neither skipped nor repeated.
 */
export async function syncIntercomContacts(
  ctx: IntercomContext,
  page: { updatedSince?: Date; cursor?: string },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: string }> {
  if (page.cursor !== undefined && !isIntercomCursor(page.cursor)) throw badOffset();
  const since =
    page.updatedSince === undefined
      ? undefined
      : Math.floor(page.updatedSince.getTime() / 1000) - SEARCH_INDEX_LAG_SECONDS;
  const perPage = Math.max(1, Math.min(ctx.limit, MAX_SEARCH_PAGE));
  let cursor = page.cursor;
  for (let calls = 1; ; calls += 1) {
    const answer = await ctx.http.post('/contacts/search', {
      json: {
        query: since === undefined ? EVERY_CONTACT : updatedAtOrAfter(since),
        sort: { field: 'updated_at', order: 'ascending' },
        pagination: { per_page: perPage, ...(cursor ? { starting_after: cursor } : {}) },
      },
      readOnly: true,
      schema: intercomSyncedContactListSchema,
    });
    const found = answer.data ?? [];
    const kept = since === undefined ? found : found.filter((contact) => contact.updated_at >= since);
    cursor = found.length > 0 ? nextCursorOf(answer.pages) : undefined;
    if (kept.length > 0 || !cursor || calls >= MAX_SEARCH_CALLS_PER_PAGE) {
      return { contacts: toContacts(ctx, kept), ...(cursor ? { nextCursor: cursor } : {}) };
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
export async function syncIntercomAgents(
  ctx: IntercomContext,
  page: { cursor?: string },
): Promise<{ agents: Agent[]; nextCursor?: string }> {
  if (page.cursor !== undefined && !/^[1-9]\d{0,5}$/.test(page.cursor)) throw badOffset();
  const start = page.cursor === undefined ? 0 : Number(page.cursor);
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
    ...(end < agents.length ? { nextCursor: String(end) } : {}),
  };
}

// Numeric ids in numeric order, others after them in text order.
function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  if (numeric.test(a) !== numeric.test(b)) return numeric.test(a) ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
