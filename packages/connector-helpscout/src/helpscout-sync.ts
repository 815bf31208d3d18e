// Contact and agent synchronization: Help Scout customers by modification time, Help Scout users by page.
import { type Agent, agentSync, type ConnectorContact, contactSync, fullName } from '@talkbridge/core';
import { z } from 'zod';
import {
  type HelpScoutCustomer,
  helpScoutCustomerListSchema,
  helpScoutUserListSchema,
} from './helpscout-api.js';
import type { HelpScoutContext } from './helpscout-context.js';
import { customerUpdateTime, mapHelpScoutCustomer } from './map-helpscout-customer.js';

/** Customer-list reads one sync page may make (each answers at most 50 customers). */
const MAX_CUSTOMER_FETCHES_PER_PAGE = 10;
/**
 * Ids of the last second the cursor remembers (the most recent ones); beyond this, the page number alone
 * moves past them. 300 ids of the largest size (16 digits) keep the offset within what core issues.
 */
export const MAX_SEEN_IDS = 300;
/** The furthest Help Scout page a sync continues from. */
const MAX_PAGE = 999_999;

/**
 * Where a contact sync continues: the update second `t` (epoch seconds) of the last contact returned, the
 * ids already returned with that second, and the page of the list "modified since `t`" to read next. Core
 * refuses an offset whose cursor is not of this shape before any call.
 */
const customerCursorSchema = z.strictObject({
  t: z.number().int().min(0).max(999_999_999_999),
  page: z.number().int().min(1).max(MAX_PAGE),
  seen: z.array(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)).max(MAX_SEEN_IDS),
});
type CustomerCursor = z.output<typeof customerCursorSchema>;

/** Where an agent sync continues: Help Scout's page, and how many users of it were already returned. */
const agentCursorSchema = z.strictObject({
  page: z.number().int().min(1).max(MAX_PAGE),
  skip: z.number().int().min(0).max(999),
});
type AgentCursor = z.output<typeof agentCursorSchema>;

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
export const helpScoutContactSync = contactSync({
  cursor: customerCursorSchema,
  page: syncHelpScoutContacts,
});

async function syncHelpScoutContacts(
  ctx: HelpScoutContext,
  request: { updatedSince?: Date; cursor?: CustomerCursor },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: CustomerCursor }> {
  const floor =
    request.updatedSince === undefined ? undefined : Math.floor(request.updatedSince.getTime() / 1000);
  const { cursor } = request;
  // `t` undefined: an initial sync that has returned nobody yet (no `modifiedSince` at all).
  let t: number | undefined = cursor ? Math.max(cursor.t, floor ?? 0) : floor;
  let seen = cursor && t === cursor.t ? new Set(cursor.seen.map(String)) : new Set<string>();
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
      return { contacts: out, nextCursor: customerCursor(t ?? 0, resumePage, seen) };
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
export const helpScoutAgentSync = agentSync({ cursor: agentCursorSchema, page: syncHelpScoutAgents });

async function syncHelpScoutAgents(
  ctx: HelpScoutContext,
  request: { cursor?: AgentCursor },
): Promise<{ agents: Agent[]; nextCursor?: AgentCursor }> {
  const { page, skip } = request.cursor ?? { page: 1, skip: 0 };
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
    agents.push({ id: user.id, name: fullName(user.firstName, user.lastName) ?? email, email });
  }
  const next: AgentCursor | undefined =
    skip + taken.length < users.length
      ? { page, skip: skip + taken.length }
      : nextPageExists(answer, page, users.length)
        ? { page: page + 1, skip: 0 }
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

/** The cursor to continue from: the second, the page, and the most recent ids already returned with it. */
export function customerCursor(t: number, page: number, seen: ReadonlySet<string>): CustomerCursor {
  return { t, page, seen: [...seen].slice(-MAX_SEEN_IDS).map(Number) };
}
