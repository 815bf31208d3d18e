// The `ticket` interaction type: the tickets the matched users requested, from the Search API.
import { type ConnectorInteraction, chunk, collectPages, optionalLookup } from '@talkbridge/core';
import { createZendeskTicketMapper, ZENDESK_STATUS_MAP } from './map-zendesk-ticket.js';
import {
  type ZendeskCustomStatus,
  type ZendeskTicket,
  zendeskCustomStatusesResponseSchema,
  zendeskSearchResponseSchema,
  zendeskTicketSchema,
} from './zendesk-api.js';
import { agentOriginOf, type ZendeskContext } from './zendesk-context.js';
import { searchQuery, searchTerm } from './zendesk-search-query.js';
import type { ZendeskContactRef } from './zendesk-users.js';

/** The Search API returns at most 1,000 results per query, 100 per page; asking past it is a 422. */
export const ZENDESK_SEARCH_RESULT_CAP = 1_000;
export const ZENDESK_SEARCH_MAX_PER_PAGE = 100;
/** Requester ids OR'ed in one ticket search; more contacts are searched in parallel batches. */
export const ZENDESK_REQUESTERS_PER_SEARCH = 50;
const MAX_REQUESTERS = 200;

/**
 * The newest tickets the contacts requested: one search per batch of requesters, beside the account's custom
 * statuses when a statusMap key names one by its label.
 */
export async function listZendeskTickets(
  ctx: ZendeskContext,
  contacts: ZendeskContactRef[],
): Promise<ConnectorInteraction[]> {
  if (ctx.limit <= 0) return [];
  const byId = contacts.filter((contact) => contact.requesterEmail === undefined);
  const requesterIds = [...new Set(byId.map((contact) => contact.id))].filter((id) => /^\d+$/.test(id));
  if (requesterIds.length > MAX_REQUESTERS) {
    ctx.log.warn({ contacts: requesterIds.length, searched: MAX_REQUESTERS }, 'too many matching users');
  }
  const batches = chunk(requesterIds.slice(0, MAX_REQUESTERS), ZENDESK_REQUESTERS_PER_SEARCH).map((ids) =>
    ids.map((id) => `requester_id:${id}`),
  );
  // The provisional contact of an email (freshly looked up beside it): one search naming the requester by it.
  for (const { requesterEmail } of contacts) {
    const term = requesterEmail === undefined ? undefined : searchTerm('requester', requesterEmail);
    if (term) batches.push([term]);
  }
  const [ticketLists, customStatuses] = await Promise.all([
    Promise.all(batches.map((terms) => searchTickets(ctx, terms))),
    statusMapNeedsLabels(ctx.settings.statusMap) ? loadCustomStatuses(ctx) : undefined,
  ]);
  const mapTicket = createZendeskTicketMapper({
    agentOrigin: agentOriginOf(ctx.auth),
    statusMap: ctx.settings.statusMap,
    priorityMap: ctx.settings.priorityMap,
    customStatuses,
    log: ctx.log,
  });
  return ticketLists
    .flat()
    .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
    .slice(0, ctx.limit)
    .map(mapTicket);
}

/**
 * The newest tickets these requesters (`requester_id:` terms, OR'ed, or one `requester:` term) requested:
 * one `type:ticket` search, newest first, paged until `ctx.limit`, never past the 1,000-result cap.
 */
function searchTickets(ctx: ZendeskContext, requesterTerms: string[]): Promise<ZendeskTicket[]> {
  const perPage = Math.min(ctx.limit, ZENDESK_SEARCH_MAX_PER_PAGE);
  const lastPage = Math.floor(ZENDESK_SEARCH_RESULT_CAP / perPage);
  const query = searchQuery('ticket', requesterTerms);
  return collectPages<ZendeskTicket, number>(
    async (cursor) => {
      const page = cursor ?? 1;
      const answer = await ctx.http.get('/search', {
        query: { query, sort_by: 'created_at', sort_order: 'desc', per_page: perPage, page },
        schema: zendeskSearchResponseSchema(zendeskTicketSchema),
      });
      return {
        items: answer.results.filter((ticket) => (ticket.result_type ?? 'ticket') === 'ticket'),
        next: answer.next_page && page < lastPage ? page + 1 : undefined,
      };
    },
    {
      limit: Math.min(ctx.limit, ZENDESK_SEARCH_RESULT_CAP),
      deadline: ctx.deadline,
      maxPages: lastPage,
      log: ctx.log,
    },
  );
}

/** Whether a statusMap key names a custom status by its label (neither a native status nor an id). */
function statusMapNeedsLabels(statusMap: Record<string, string> | undefined): boolean {
  return Object.keys(statusMap ?? {}).some((key) => {
    const normalised = key.trim().toLowerCase();
    return !(normalised in ZENDESK_STATUS_MAP) && !/^\d+$/.test(normalised);
  });
}

/**
 * The account's custom statuses, for statusMap keys that are labels. Optional: without them tickets are still
 * mapped, by status category (statusMap labels are then not applied to this answer).
 */
function loadCustomStatuses(ctx: ZendeskContext): Promise<ZendeskCustomStatus[] | undefined> {
  return optionalLookup(
    ctx,
    'custom ticket statuses',
    async () =>
      (await ctx.http.get('/custom_statuses', { schema: zendeskCustomStatusesResponseSchema }))
        .custom_statuses,
    undefined,
  );
}
