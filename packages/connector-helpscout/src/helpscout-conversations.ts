// The `conversation` interaction type: the matched customers' conversations, newest first, spam left out.
import { type ConnectorInteraction, type ContactRef, collectPages } from '@talkbridge/core';
import {
  type HelpScoutConversation,
  type HelpScoutConversationList,
  helpScoutConversationListSchema,
} from './helpscout-api.js';
import type { HelpScoutContext } from './helpscout-context.js';
import { anyOfIds } from './helpscout-query.js';
import {
  createHelpScoutStatusMapper,
  isHiddenConversation,
  mapHelpScoutConversation,
} from './map-helpscout-conversation.js';

/** The most conversation pages one retrieval reads (Help Scout decides the page size, 25 by default). */
const MAX_CONVERSATION_PAGES = 10;

export async function listHelpScoutConversations(
  ctx: HelpScoutContext,
  contacts: ContactRef[],
): Promise<ConnectorInteraction[]> {
  const mapStatus = createHelpScoutStatusMapper(ctx.settings.statusMap, ctx.log);
  // One search covers every matched customer: `(customerIds:1 OR customerIds:2)`, newest first.
  const query = anyOfIds(
    'customerIds',
    contacts.map((contact) => contact.id),
  );
  if (query === undefined) return [];
  const conversations = await collectPages<HelpScoutConversation, number>(
    (page) => fetchConversations(ctx, query, page ?? 1),
    { limit: ctx.limit, deadline: ctx.deadline, log: ctx.log, maxPages: MAX_CONVERSATION_PAGES },
  );
  return conversations.map((conversation) => mapHelpScoutConversation(conversation, mapStatus));
}

/**
 * One page of the customers' conversations, spam left out. `status=all`: Help Scout lists only `active`
 * ones by default. A page that was all spam is followed by the next one here, so that the pager (which
 * stops at an empty page) keeps going.
 */
async function fetchConversations(
  ctx: HelpScoutContext,
  query: string,
  firstPage: number,
): Promise<{ items: HelpScoutConversation[]; next?: number }> {
  let page = firstPage;
  for (;;) {
    const answer = await ctx.http.get('/conversations', {
      query: { query, status: 'all', sortField: 'createdAt', sortOrder: 'desc', page },
      schema: helpScoutConversationListSchema,
    });
    const all = answer._embedded?.conversations ?? [];
    const items = all.filter((conversation) => !isHiddenConversation(conversation));
    // Pages are read in order from 1, so the page number bounds the pages read in all.
    const next = page < MAX_CONVERSATION_PAGES ? nextPage(answer, page, all.length) : undefined;
    if (items.length > 0 || next === undefined) return next === undefined ? { items } : { items, next };
    page = next;
  }
}

function nextPage(
  answer: HelpScoutConversationList,
  requested: number,
  received: number,
): number | undefined {
  if (received === 0) return undefined;
  const current = answer.page?.number ?? requested;
  const total = answer.page?.totalPages;
  if (typeof total === 'number') return current < total ? current + 1 : undefined;
  return answer._links?.next ? current + 1 : undefined;
}
