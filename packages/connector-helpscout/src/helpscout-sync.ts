// Contact and agent synchronization: Help Scout customers by modification time, Help Scout users by page.
import { type Agent, BridgeError, type ConnectorContact } from '@talkbridge/core';
import {
  type HelpScoutCustomer,
  helpScoutCustomerListSchema,
  helpScoutUserListSchema,
} from './helpscout-api.js';
import type { HelpScoutContext } from './helpscout-settings.js';
import { customerUpdateTime, mapHelpScoutCustomer } from './map-helpscout-customer.js';

/** Customer-list reads one sync page may make (each answers at most 50 customers). */
const MAX_CUSTOMER_FETCHES_PER_PAGE = 10;
/** Ids of the last second the cursor remembers; beyond this, the page number alone moves past them. */
const MAX_SEEN_IDS = 400;
/** Room for those ids in the cursor (core's offsets hold cursors of at most 4,096 characters). */
const MAX_SEEN_TEXT = 4_000;

/**
 * Where a contact sync continues: the update second `t` (epoch seconds) of the last contact returned, the
 * ids already returned with that second, and the page of the list "modified since `t`" to read next.
 */
interface CustomerCursor {
  t: number;
  page: number;
  seen: Set<string>;
}

/**
 * Contacts updated at or after `updatedSince`, ascending, continuing from `cursor`.
 *
 * Help Scout lists customers `sortField=modifiedAt&sortOrder=asc` with `modifiedSince`, 50 a page, ordered
 * by modification time only (its order among customers modified in the same second is not documented).
 * So the sync is a keyset on the update second: each read asks for customers modified since the last
 * second returned, skips the ids already returned at that second, and starts again from page 1 whenever
 * the second moves on. A customer modified again during a sync moves to the end of the list and comes
 * back later with its new time; none is skipped. Page numbers are followed only through a run of more
 * than 50 customers sharing one second.
 */
export async function syncHelpScoutContacts(
  ctx: HelpScoutContext,
  request: { updatedSince?: Date; cursor?: string },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: string }> {
  const floor =
    request.updatedSince === undefined ? undefined : Math.floor(request.updatedSince.getTime() / 1000);
  const cursor = request.cursor === undefined ? undefined : parseCustomerCursor(request.cursor);
  // `t` undefined: an initial sync that has returned nobody yet (no `modifiedSince` at all).
  let t: number | undefined = cursor ? Math.max(cursor.t, floor ?? 0) : floor;
  let seen = cursor && t === cursor.t ? cursor.seen : new Set<string>();
  let page = cursor && t === cursor.t ? cursor.page : 1;
  const out: ConnectorContact[] = [];

  for (let fetches = 0; fetches < MAX_CUSTOMER_FETCHES_PER_PAGE; fetches += 1) {
    const answer = await ctx.http.get('/customers', {
      query: {
        // `modifiedSince` is "modified after": one second earlier makes it inclusive of second `t`
        // (Help Scout's times are whole seconds); what comes before `t` is dropped below.
        ...(t === undefined ? {} : { modifiedSince: isoSeconds(t - 1) }),
        sortField: 'modifiedAt',
        sortOrder: 'asc',
        page,
      },
      schema: helpScoutCustomerListSchema,
    });
    const customers = answer._embedded?.customers ?? [];
    const queried = t;
    let full = false;
    let consumed = 0;
    for (const customer of customers) {
      consumed += 1;
      const time = updateSecond(ctx, customer);
      if (time === undefined) continue;
      if (t !== undefined && (time < t || (time === t && seen.has(customer.id)))) continue;
      out.push(mapHelpScoutCustomer(customer, time * 1000));
      if (t === undefined || time > t) {
        t = time;
        seen = new Set([customer.id]);
      } else {
        seen.add(customer.id);
      }
      if (out.length >= ctx.limit) {
        full = true;
        break;
      }
    }
    const hasNextPage = nextPageExists(answer, page, customers.length);
    const advanced = t !== queried;
    if (full || !hasNextPage || fetches === MAX_CUSTOMER_FETCHES_PER_PAGE - 1) {
      const more = hasNextPage || consumed < customers.length;
      if (!more) return { contacts: out };
      // The second moved on: the next read lists "since t" from its first page. It did not (a long run
      // of one second): continue on this page, or the next one once this one is spent.
      const resumePage = advanced ? 1 : consumed < customers.length ? page : page + 1;
      // `t` is still unknown only if every customer read so far had no time at all: "since 1970".
      return { contacts: out, nextCursor: formatCustomerCursor({ t: t ?? 0, page: resumePage, seen }) };
    }
    page = advanced ? 1 : page + 1;
  }
  // Unreachable: the last iteration always returns.
  return { contacts: out };
}

/**
 * One page of Help Scout users as agents. The cursor is Help Scout's page number, plus how many users of
 * that page were already returned when Talkdesk's page size is smaller than Help Scout's (50).
 */
export async function syncHelpScoutAgents(
  ctx: HelpScoutContext,
  request: { cursor?: string },
): Promise<{ agents: Agent[]; nextCursor?: string }> {
  const { page, skip } =
    request.cursor === undefined ? { page: 1, skip: 0 } : parseAgentCursor(request.cursor);
  const answer = await ctx.http.get('/users', { query: { page }, schema: helpScoutUserListSchema });
  const users = answer._embedded?.users ?? [];
  const taken = users.slice(skip, skip + ctx.limit);
  const agents: Agent[] = [];
  for (const user of taken) {
    // A team (should one be listed) is not an agent; an agent without an email cannot be matched.
    if (user.type && user.type !== 'user') continue;
    const email = user.email?.trim();
    if (!email) {
      ctx.log.warn({ user_id: user.id }, 'Help Scout user without an email left out of the agent sync');
      continue;
    }
    const name = [user.firstName, user.lastName]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(' ');
    agents.push({ id: user.id, name: name || email, email });
  }
  const next =
    skip + taken.length < users.length
      ? `${page}:${skip + taken.length}`
      : nextPageExists(answer, page, users.length)
        ? String(page + 1)
        : undefined;
  return next === undefined ? { agents } : { agents, nextCursor: next };
}

function updateSecond(ctx: HelpScoutContext, customer: HelpScoutCustomer): number | undefined {
  const time = customerUpdateTime(customer);
  if (time === undefined) {
    ctx.log.warn({ customer_id: customer.id }, 'Help Scout customer without an update time left out');
    return undefined;
  }
  return Math.floor(time / 1000);
}

function nextPageExists(
  answer: { page?: { number?: number | null; totalPages?: number | null } | null; _links?: unknown },
  requested: number,
  received: number,
): boolean {
  if (received === 0) return false;
  const current = answer.page?.number ?? requested;
  const total = answer.page?.totalPages;
  if (typeof total === 'number') return current < total;
  const links = answer._links as { next?: unknown } | null | undefined;
  return !!links?.next;
}

/** `2024-05-03T09:15:11Z`: the format Help Scout's date parameters take (no fraction). */
function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function badOffset(): BridgeError {
  return new BridgeError('invalid_request', 'meta.offset: not an offset this bridge issued', {
    issues: [{ path: 'meta.offset', message: 'not an offset this bridge issued' }],
  });
}

/** `<t>.<page>.<id,id,…>`, the ids in base 36 to keep long runs of one second within the offset's size. */
export function formatCustomerCursor(cursor: CustomerCursor): string {
  // The most recent ids, as many as fit: core refuses offsets whose cursor exceeds 4,096 characters.
  const ids: string[] = [];
  let length = 0;
  for (const id of [...cursor.seen].reverse()) {
    const encoded = Number(id).toString(36);
    if (ids.length >= MAX_SEEN_IDS || length + encoded.length + 1 > MAX_SEEN_TEXT) break;
    ids.unshift(encoded);
    length += encoded.length + 1;
  }
  return `${cursor.t}.${cursor.page}.${ids.join(',')}`;
}

export function parseCustomerCursor(text: string): CustomerCursor {
  const match = /^(\d{1,12})\.(\d{1,6})\.([0-9a-z]{1,11}(?:,[0-9a-z]{1,11})*)?$/.exec(text);
  if (!match || text.length > 4096) throw badOffset();
  const page = Number(match[2]);
  const ids = match[3] ? match[3].split(',') : [];
  if (page < 1 || ids.length > MAX_SEEN_IDS) throw badOffset();
  const seen = new Set<string>();
  for (const id of ids) {
    const value = Number.parseInt(id, 36);
    if (!Number.isSafeInteger(value)) throw badOffset();
    seen.add(String(value));
  }
  return { t: Number(match[1]), page, seen };
}

function parseAgentCursor(text: string): { page: number; skip: number } {
  const match = /^(\d{1,6})(?::(\d{1,3}))?$/.exec(text);
  const page = Number(match?.[1]);
  const skip = Number(match?.[2] ?? '0');
  if (!match || page < 1) throw badOffset();
  return { page, skip };
}
