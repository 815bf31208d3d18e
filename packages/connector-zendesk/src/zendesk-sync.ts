// Contact and agent synchronization for Zendesk.
import { type Agent, agentSync, BridgeError, contactSync, invalidOffset, refusalOf } from '@talkbridge/core';
import { z } from 'zod';
import { createZendeskContactMapper, mapZendeskAgent } from './map-zendesk-user.js';
import {
  type ZendeskErrorBody,
  zendeskIncrementalUsersResponseSchema,
  zendeskUserListResponseSchema,
} from './zendesk-api.js';
import { agentUserUrl, type ZendeskContext } from './zendesk-context.js';

/** Users per incremental export page: Zendesk's maximum (and default). */
export const ZENDESK_EXPORT_MAX_PER_PAGE = 1_000;
/** Users per page of `GET /api/v2/users` with cursor pagination. */
export const ZENDESK_LIST_MAX_PAGE_SIZE = 100;
/**
 * An incremental export's `start_time` must be at least a minute in the past (Zendesk leaves out the most
 * recent minute); one more second keeps clear of the boundary.
 */
const EXPORT_LAG_SECONDS = 61;
/**
 * Zendesk's own cursor (`after_cursor`, opaque base64 text), carried in Talkdesk's offset. Core refuses an
 * offset whose cursor is not such text without calling Zendesk; one Zendesk no longer accepts, Zendesk
 * refuses (400/422), and that is the same 400.
 */
const zendeskCursorSchema = z
  .string()
  .max(1024)
  .regex(/^[A-Za-z0-9+/=_-]+$/, 'expected a Zendesk cursor');

/**
 * One page of contacts: the end users changed at or after `updatedSince`, from the cursor-based Incremental
 * User Export, which walks the users in the order they changed and continues after the last one with its
 * own cursor, so users changed in the same second are neither skipped nor repeated. One upstream call.
 */
export const zendeskContactSync = contactSync({
  cursor: zendeskCursorSchema,
  page: syncZendeskContacts,
});

async function syncZendeskContacts(ctx: ZendeskContext, page: { updatedSince?: Date; cursor?: string }) {
  const perPage = Math.max(1, Math.min(ctx.limit, ZENDESK_EXPORT_MAX_PER_PAGE));
  const query: Record<string, string | number> = page.cursor
    ? { cursor: page.cursor }
    : { start_time: exportStartTime(page.updatedSince) };
  let answer: Awaited<ReturnType<typeof readExport>>;
  try {
    answer = await readExport(ctx, { ...query, per_page: perPage, include: 'identities,organizations' });
  } catch (error) {
    throw explainExportFailure(error, page.cursor !== undefined);
  }

  const since = page.updatedSince?.getTime();
  const mapContact = createZendeskContactMapper(answer, (id) => agentUserUrl(ctx.auth, id));
  const contacts = answer.users
    .filter((user) => isContact(user) && !changedBefore(user.updated_at, since))
    .map(mapContact);
  const skipped = answer.users.length - contacts.length;
  if (skipped > 0) ctx.log.debug({ skipped }, 'agents, deleted users and older changes left out of the page');
  const next = answer.end_of_stream === false && answer.after_cursor ? answer.after_cursor : undefined;
  return { contacts, ...(next ? { nextCursor: next } : {}) };
}

/** One page of agents and admins, with Zendesk's cursor pagination. One upstream call. */
export const zendeskAgentSync = agentSync({ cursor: zendeskCursorSchema, page: syncZendeskAgents });

async function syncZendeskAgents(ctx: ZendeskContext, page: { cursor?: string }) {
  let answer: Awaited<ReturnType<typeof listAgents>>;
  try {
    answer = await listAgents(ctx, page.cursor);
  } catch (error) {
    throw page.cursor !== undefined && isRefusal(error) ? invalidOffset() : error;
  }
  const agents: Agent[] = [];
  for (const user of answer.users) {
    if (user.active === false) continue;
    const agent = mapZendeskAgent(user);
    if (agent) agents.push(agent);
    else ctx.log.warn({ user_id: user.id }, 'an agent without an email was left out');
  }
  const next = answer.meta?.has_more && answer.meta.after_cursor ? answer.meta.after_cursor : undefined;
  return { agents, ...(next ? { nextCursor: next } : {}) };
}

function readExport(ctx: ZendeskContext, query: Record<string, string | number>) {
  return ctx.http.get('/incremental/users/cursor', {
    query,
    schema: zendeskIncrementalUsersResponseSchema,
  });
}

function listAgents(ctx: ZendeskContext, cursor: string | undefined) {
  return ctx.http.get('/users', {
    query: {
      'role[]': ['agent', 'admin'],
      'page[size]': Math.max(1, Math.min(ctx.limit, ZENDESK_LIST_MAX_PAGE_SIZE)),
      ...(cursor ? { 'page[after]': cursor } : {}),
    },
    schema: zendeskUserListResponseSchema,
  });
}

/**
 * Unix seconds to start the export from: the checkpoint's second (Zendesk returns changes ON or after it),
 * or 0 for everything; never later than Zendesk accepts (a minute ago). An earlier start only re-reads
 * changes, which are then filtered out by time.
 */
function exportStartTime(updatedSince: Date | undefined): number {
  const latest = Math.floor(Date.now() / 1000) - EXPORT_LAG_SECONDS;
  if (!updatedSince) return 0;
  return Math.max(0, Math.min(Math.floor(updatedSince.getTime() / 1000), latest));
}

/** End users who are not deleted: agents and admins are synchronized as agents. */
function isContact(user: { role?: string | null | undefined; active?: boolean | null | undefined }): boolean {
  return user.active !== false && (user.role ?? 'end-user') === 'end-user';
}

function changedBefore(updatedAt: string | null | undefined, since: number | undefined): boolean {
  if (since === undefined || !updatedAt) return false;
  const time = Date.parse(updatedAt);
  // Whole seconds, as the checkpoint is: a change in the checkpoint's second is at or after it.
  return !Number.isNaN(time) && Math.floor(time / 1000) * 1000 < since;
}

/** Zendesk refusing the request itself (a cursor it does not know answers 400 or 422). */
function isRefusal(error: unknown): boolean {
  const status = refusalOf<ZendeskErrorBody>(error)?.status;
  return status === 400 || status === 422;
}

function explainExportFailure(error: unknown, withCursor: boolean): unknown {
  if (withCursor && isRefusal(error)) return invalidOffset();
  if (refusalOf<ZendeskErrorBody>(error)?.status === 403) {
    return new BridgeError(
      'upstream_unavailable',
      'GET /api/v2/incremental/users/cursor answered 403: the Incremental User Export is for admins; ' +
        'contact synchronization needs an admin’s credentials',
    );
  }
  return error;
}
