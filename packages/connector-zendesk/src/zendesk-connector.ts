import { BridgeError, collectPages, defineConnector, path, withoutTrailing } from '@talkbridge/core';
import { z } from 'zod';
import { createZendeskTicketMapper, ZENDESK_STATUS_MAP } from './map-zendesk-ticket.js';
import { zendeskActions } from './zendesk-actions.js';
import {
  type ZendeskCustomStatus,
  type ZendeskTicket,
  type ZendeskUser,
  zendeskCurrentUserResponseSchema,
  zendeskCustomStatusesResponseSchema,
  zendeskSearchResponseSchema,
  zendeskTicketSchema,
  zendeskUserResponseSchema,
  zendeskUserSchema,
} from './zendesk-api.js';
import {
  agentOriginOf,
  ZENDESK_HOSTS,
  type ZendeskAuth,
  type ZendeskContext,
  zendeskSettingsSchema,
} from './zendesk-context.js';
import { zendeskRateLimits } from './zendesk-rate-limits.js';
import { phoneSearchValues, searchQuery, searchTerm, storedPhoneMatches } from './zendesk-search-query.js';
import { syncZendeskAgents, syncZendeskContacts } from './zendesk-sync.js';

export { ZENDESK_HOSTS, type ZendeskAuth } from './zendesk-context.js';

/** The Search API returns at most 1,000 results per query, 100 per page; asking past it is a 422. */
export const ZENDESK_SEARCH_RESULT_CAP = 1_000;
export const ZENDESK_SEARCH_MAX_PER_PAGE = 100;
/** Requester ids OR'ed in one ticket search; more contacts are searched in parallel batches. */
export const ZENDESK_REQUESTERS_PER_SEARCH = 50;
const MAX_REQUESTERS = 200;
/** Emails or phones OR'ed in one user search (Talkdesk sends a handful; this bounds the query's length). */
const MAX_LOOKUP_VALUES = 20;

const text = (what: string) => z.string({ error: `expected ${what} as text` }).trim();

/**
 * The Talkdesk auth fields: `account` (the subdomain, as in Talkdesk's own Zendesk integration) and either
 * `email` + `token` (an API token) or `access_token` (OAuth). `access_token` wins when both are sent.
 */
const zendeskAuthSchema = z
  .object({
    account: text('the Zendesk account')
      .min(1, 'expected the Zendesk account: the subdomain of https://{account}.zendesk.com')
      // Tolerate the full address being pasted (https://acme.zendesk.com/ → acme); the host guard still
      // checks whatever origin results.
      .transform((account) =>
        withoutTrailing(account.toLowerCase().replace(/^https?:\/\//, ''), '/').replace(
          /\.zendesk\.com$/,
          '',
        ),
      )
      .meta({
        title: 'Account',
        description: 'Your Zendesk subdomain: acme for https://acme.zendesk.com',
        format: 'https://{{account}}.zendesk.com',
      }),
    email: text('the agent email')
      .meta({
        title: 'Agent Email',
        description: 'The email of the agent (or admin) the API token belongs to',
      })
      .optional(),
    token: text('the API token')
      .meta({ title: 'API Token', description: 'Admin Center > Apps and integrations > APIs > Zendesk API' })
      .optional(),
    access_token: text('the OAuth access token')
      .meta({
        title: 'OAuth Access Token',
        description: 'For an OAuth integration, instead of the agent email and API token',
      })
      .optional(),
  })
  .superRefine(
    (auth, ctx) => {
      if (auth.access_token) return;
      const missing = 'with an API token; or send an OAuth access_token instead';
      if (!auth.email)
        ctx.addIssue({ code: 'custom', path: ['email'], message: `expected the agent email ${missing}` });
      if (!auth.token)
        ctx.addIssue({ code: 'custom', path: ['token'], message: `expected the API token ${missing}` });
    },
    // Also when `account` is missing, so one answer names every missing field.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )
  .transform((auth): ZendeskAuth => {
    if (auth.access_token) return { account: auth.account, kind: 'oauth', accessToken: auth.access_token };
    return { account: auth.account, kind: 'token', email: auth.email ?? '', token: auth.token ?? '' };
  });

export type ZendeskSettings = z.input<typeof zendeskSettingsSchema> & { baseUrl?: string };

export const zendesk = defineConnector({
  id: 'zendesk',
  displayName: 'Zendesk',
  description: 'Zendesk Support: finds the contact among Zendesk users and shows the tickets they requested.',
  auth: zendeskAuthSchema,
  settings: zendeskSettingsSchema,
  interactionTypes: ['ticket'],
  hosts: ZENDESK_HOSTS,
  http: {
    origin: (auth) => `https://${auth.account}.zendesk.com`,
    basePath: '/api/v2',
    authenticate: (auth) =>
      auth.kind === 'oauth'
        ? { type: 'bearer', token: auth.accessToken }
        : { type: 'basic', username: `${auth.email}/token`, password: auth.token },
    // 429s carry Retry-After (seconds, handled by core); list and search answers also say when the
    // minute's budget resets.
    resetHeaders: [{ name: 'ratelimit-reset', kind: 'seconds' }],
    rateLimits: zendeskRateLimits,
  },

  async findContacts(ctx, lookup) {
    switch (lookup.by) {
      case 'externalId':
        return findUserById(ctx, lookup.externalId);
      case 'email': {
        const emails = bounded(ctx, lookup.emails, 'emails');
        const users = await searchUsers(
          ctx,
          emails.map((email) => searchTerm('email', email)),
        );
        return users.map(contactRef);
      }
      case 'phone': {
        const phones = bounded(ctx, lookup.phones, 'phones');
        const users = await searchUsers(
          ctx,
          phones.flatMap((phone) => phoneSearchValues(phone).map((value) => searchTerm('phone', value))),
        );
        // The national-number variants can hit the same digits in another country: a user whose primary
        // phone is another number is dropped; one without a primary phone matched another identity.
        return users
          .filter(
            (user) => !user.phone || phones.some((phone) => storedPhoneMatches(user.phone ?? '', phone)),
          )
          .map(contactRef);
      }
    }
  },

  /** One `GET /api/v2/users/me`: a 401 is `invalid_credentials` (core); so is an anonymous or end-user answer. */
  async validateAuth(ctx) {
    const { user } = await ctx.http.get('/users/me', { schema: zendeskCurrentUserResponseSchema });
    // `/users/me` allows anonymous callers: Zendesk may answer 200 with an anonymous user (no id) rather
    // than refuse credentials it did not take.
    if (user.id === null || user.id === undefined) {
      throw new BridgeError(
        'invalid_credentials',
        'Zendesk answered for an anonymous user: the credentials were not accepted',
      );
    }
    if (user.role === 'end-user') {
      throw new BridgeError(
        'invalid_credentials',
        'The credentials belong to a Zendesk end user: an agent’s or admin’s are needed',
      );
    }
    return undefined;
  },

  syncContacts: syncZendeskContacts,
  syncAgents: syncZendeskAgents,
  actions: zendeskActions,

  async listInteractions(ctx, contacts, type) {
    if (type !== 'ticket' || ctx.limit <= 0) return [];
    const requesterIds = [...new Set(contacts.map((contact) => contact.id))].filter((id) => /^\d+$/.test(id));
    if (requesterIds.length > MAX_REQUESTERS) {
      ctx.log.warn({ contacts: requesterIds.length, searched: MAX_REQUESTERS }, 'too many matching users');
    }
    const batches = chunk(requesterIds.slice(0, MAX_REQUESTERS), ZENDESK_REQUESTERS_PER_SEARCH);
    const [ticketLists, customStatuses] = await Promise.all([
      Promise.all(batches.map((ids) => searchTickets(ctx, ids))),
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
  },
});

/** Zendesk user ids are integers: anything else cannot be one, so it is stale without asking. */
async function findUserById(ctx: ZendeskContext, externalId: string): Promise<{ id: string }[]> {
  if (!/^\d{1,19}$/.test(externalId)) return [];
  const found = await ctx.http.getIfExists(path`/users/${externalId}`, { schema: zendeskUserResponseSchema });
  // A deleted user (merged ones are deleted) is stale too: the pipeline falls back to emails and phones.
  if (!found || found.user.active === false) return [];
  return [contactRef(found.user)];
}

/** One `type:user` search whose terms are OR'ed; no terms, no call. */
async function searchUsers(ctx: ZendeskContext, terms: (string | undefined)[]): Promise<ZendeskUser[]> {
  if (terms.every((term) => term === undefined)) return [];
  const answer = await ctx.http.get('/search', {
    query: { query: searchQuery('user', terms), per_page: ZENDESK_SEARCH_MAX_PER_PAGE },
    schema: zendeskSearchResponseSchema(zendeskUserSchema),
  });
  return answer.results.filter((user) => (user.result_type ?? 'user') === 'user' && user.active !== false);
}

/**
 * The newest tickets these users requested: one `type:ticket` search, newest first, paged until
 * `ctx.limit`, and never past the Search API's 1,000-result cap.
 */
function searchTickets(ctx: ZendeskContext, requesterIds: string[]): Promise<ZendeskTicket[]> {
  const perPage = Math.min(ctx.limit, ZENDESK_SEARCH_MAX_PER_PAGE);
  const lastPage = Math.floor(ZENDESK_SEARCH_RESULT_CAP / perPage);
  const query = searchQuery(
    'ticket',
    requesterIds.map((id) => `requester_id:${id}`),
  );
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
 * The account's custom statuses, for statusMap keys that are labels. Runs beside the ticket search; when it
 * fails for any reason but the credentials or the deadline, tickets are still mapped, by status category.
 */
async function loadCustomStatuses(ctx: ZendeskContext): Promise<ZendeskCustomStatus[] | undefined> {
  try {
    const answer = await ctx.http.get('/custom_statuses', { schema: zendeskCustomStatusesResponseSchema });
    return answer.custom_statuses;
  } catch (error) {
    if (
      !BridgeError.isInstance(error) ||
      error.code === 'invalid_credentials' ||
      error.code === 'deadline_exceeded'
    ) {
      throw error;
    }
    ctx.log.warn(
      { code: error.code },
      'custom ticket statuses could not be loaded: statusMap labels are not applied to this answer',
    );
    return undefined;
  }
}

function contactRef(user: ZendeskUser): { id: string } {
  return { id: String(user.id) };
}

function bounded(ctx: ZendeskContext, values: string[], what: string): string[] {
  if (values.length > MAX_LOOKUP_VALUES) {
    ctx.log.warn(
      { [what]: values.length, searched: MAX_LOOKUP_VALUES },
      `only the first ${what} are searched`,
    );
  }
  return values.slice(0, MAX_LOOKUP_VALUES);
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}
