import {
  BridgeError,
  type ConnectorContext,
  type ConnectorInteraction,
  type ContactRef,
  collectPages,
  createValueMapper,
  defineConnector,
  mappingSettingsShape,
  path,
  withoutTrailing,
} from '@talkbridge/core';
import { z } from 'zod';
import {
  mapPipedriveActivity,
  PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS,
  PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS,
} from './map-pipedrive-activity.js';
import { mapPipedriveDeal, PIPEDRIVE_DEAL_STATUS_DEFAULTS } from './map-pipedrive-deal.js';
import { mapPipedriveNote } from './map-pipedrive-note.js';
import { pipedriveActions } from './pipedrive-actions.js';
import {
  activitiesResponseSchema,
  currentUserResponseSchema,
  dealsResponseSchema,
  notesResponseSchema,
  PIPEDRIVE_MAX_PAGE_SIZE,
} from './pipedrive-api.js';
import { appOriginOf, PIPEDRIVE_HOSTS } from './pipedrive-links.js';
import { findByEmails, findById, findByPhones } from './pipedrive-person-lookup.js';
import { pipedriveRateLimits } from './pipedrive-rate-limits.js';
import { syncPipedriveAgents, syncPipedriveContacts } from './pipedrive-sync.js';

/** A lookup matching more people than this (a shared mailbox, say) lists the first ones only. */
export const MAX_CONTACTS = 10;

// Talkdesk may send the fields of the shape a user did not choose as empty strings: treat them as absent.
// The metadata names the fields in the integration's Talkdesk configuration (authentication_configuration).
const authField = (meta: { title: string; description: string; format?: string }) =>
  z
    .preprocess(
      (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
      z.string().trim().optional(),
    )
    .meta(meta);

/**
 * Either an API token with the company domain (`acme` of https://acme.pipedrive.com), or an OAuth access
 * token with the `api_domain` of its token response. Missing fields are named in the error.
 */
const pipedriveAuth = z
  .object({
    api_token: authField({
      title: 'API token',
      description: 'Personal preferences > API in Pipedrive. Leave empty when using OAuth.',
    }),
    company_domain: authField({
      title: 'Company domain',
      description: 'The "acme" of https://acme.pipedrive.com. Leave empty when using OAuth.',
      format: 'https://{{company_domain}}.pipedrive.com',
    }),
    access_token: authField({
      title: 'OAuth access token',
      description: 'Only for OAuth apps, instead of the API token.',
    }),
    api_domain: authField({
      title: 'OAuth API domain',
      description: 'The api_domain of the OAuth token response, e.g. https://acme.pipedrive.com.',
    }),
  })
  .superRefine((auth, ctx) => {
    const missing = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    if (auth.access_token !== undefined || (auth.api_domain !== undefined && auth.api_token === undefined)) {
      if (auth.access_token === undefined)
        missing('access_token', 'expected the OAuth access token that goes with api_domain');
      if (auth.api_domain === undefined)
        missing(
          'api_domain',
          'expected the api_domain of the OAuth token response, e.g. https://acme.pipedrive.com',
        );
      return;
    }
    if (auth.api_token === undefined)
      missing('api_token', 'expected the Pipedrive API token (or access_token and api_domain for OAuth)');
    if (auth.company_domain === undefined)
      missing('company_domain', 'expected the company domain, the "acme" of https://acme.pipedrive.com');
  })
  .transform(
    (auth): PipedriveCredentials =>
      auth.access_token !== undefined
        ? { kind: 'oauth', accessToken: auth.access_token, origin: oauthOrigin(auth.api_domain ?? '') }
        : {
            kind: 'api_token',
            apiToken: auth.api_token ?? '',
            origin: companyOrigin(auth.company_domain ?? ''),
          },
  );

export type PipedriveCredentials =
  | { kind: 'api_token'; apiToken: string; origin: string }
  | { kind: 'oauth'; accessToken: string; origin: string };

/** `acme`, `acme.pipedrive.com` or `https://acme.pipedrive.com/` → `https://acme.pipedrive.com`. */
function companyOrigin(companyDomain: string): string {
  const host = withoutTrailing(companyDomain.toLowerCase().replace(/^https?:\/\//, ''), '/');
  // The host guard checks the result: anything that is not a pipedrive.com host never gets a request.
  return `https://${host.endsWith('.pipedrive.com') ? host : `${host}.pipedrive.com`}`;
}

function oauthOrigin(apiDomain: string): string {
  return withoutTrailing(apiDomain, '/');
}

const pipedriveSettings = z.object({
  /**
   * Operator overrides of the status and priority tables, keyed by Pipedrive's native values: activity
   * states `done`, `undone`, `overdue`; deal statuses `open`, `won`, `lost`, `deleted`; activity priority
   * option ids.
   */
  ...mappingSettingsShape,
});

export type PipedriveSettings = z.input<typeof pipedriveSettings>;
export type PipedriveContext = ConnectorContext<PipedriveCredentials, z.output<typeof pipedriveSettings>>;

export const PIPEDRIVE_INTERACTION_TYPES = ['activity', 'note', 'deal'] as const;

export const pipedrive = defineConnector({
  id: 'pipedrive',
  displayName: 'Pipedrive',
  description: 'Pipedrive CRM: the activities, notes and deals of the person you are talking to.',
  auth: pipedriveAuth,
  settings: pipedriveSettings,
  interactionTypes: PIPEDRIVE_INTERACTION_TYPES,
  hosts: PIPEDRIVE_HOSTS,
  http: {
    origin: (auth) => auth.origin,
    // v2 endpoints live under /api/v2, the v1 ones still needed (notes) under /api/v1.
    basePath: '/api',
    // The token goes in a header, never in the URL (Pipedrive's documented `x-api-token`).
    authenticate: (auth) =>
      auth.kind === 'oauth'
        ? { type: 'bearer', token: auth.accessToken }
        : { type: 'header', name: 'x-api-token', value: auth.apiToken },
    // Besides Retry-After on a 429: the seconds left in the current rate-limit window.
    resetHeaders: [{ name: 'x-ratelimit-reset', kind: 'seconds' }],
    rateLimits: pipedriveRateLimits,
  },

  async findContacts(ctx, lookup) {
    switch (lookup.by) {
      case 'externalId':
        return findById(ctx, lookup.externalId);
      case 'email':
        return findByEmails(ctx, lookup.emails);
      case 'phone':
        return findByPhones(ctx, lookup.phones);
    }
  },

  async listInteractions(ctx, contacts, type) {
    const people = contacts.slice(0, MAX_CONTACTS);
    if (contacts.length > people.length) {
      ctx.log.warn(
        { matches: contacts.length, listed: people.length },
        'many people matched: listing the first',
      );
    }
    const appOrigin = appOriginOf(ctx.auth);
    const lists = await Promise.all(people.map((person) => listForPerson(ctx, person, type, appOrigin)));
    return lists.flat();
  },

  validateAuth: validatePipedriveAuth,
  syncContacts: syncPipedriveContacts,
  syncAgents: syncPipedriveAgents,
  actions: pipedriveActions,
});

/**
 * One call: the current user (`GET /api/v1/users/me`), which any valid token or OAuth grant may read. An
 * API token also names its company: a `company_domain` of another company is refused, since every link
 * would open the wrong Pipedrive. Nothing is returned for Talkdesk to store.
 */
async function validatePipedriveAuth(ctx: PipedriveContext): Promise<undefined> {
  const me = await ctx.http.get('/v1/users/me', { schema: currentUserResponseSchema });
  const tokenCompany = me.data?.company_domain?.trim().toLowerCase();
  if (ctx.auth.kind !== 'api_token' || !tokenCompany) return undefined;
  const configured = URL.parse(ctx.auth.origin)?.hostname.replace(/\.pipedrive\.com$/, '');
  if (configured !== undefined && configured !== tokenCompany) {
    const message = `the API token belongs to the Pipedrive company "${tokenCompany}", not "${configured}"`;
    throw new BridgeError('invalid_request', `auth.company_domain: ${message}`, {
      issues: [{ path: 'auth.company_domain', message }],
    });
  }
  return undefined;
}

/** One person's items of one type: newest first, paged until `ctx.limit`. One call unless more pages. */
async function listForPerson(
  ctx: PipedriveContext,
  person: ContactRef,
  type: string,
  appOrigin: string | undefined,
): Promise<ConnectorInteraction[]> {
  const pageSize = Math.max(1, Math.min(ctx.limit, PIPEDRIVE_MAX_PAGE_SIZE));
  const paging = { limit: ctx.limit, deadline: ctx.deadline, log: ctx.log };
  const overrides = ctx.settings;
  switch (type) {
    case 'activity': {
      const status = createValueMapper({
        name: 'pipedrive.activity.status',
        defaults: PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS,
        overrides: overrides.statusMap,
        fallback: 'open',
        log: ctx.log,
      });
      const priority = createValueMapper({
        name: 'pipedrive.activity.priority',
        defaults: PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS,
        overrides: overrides.priorityMap,
        fallback: 'none',
        missing: 'none',
        log: ctx.log,
      });
      const activities = await collectPages(async (cursor: string | undefined) => {
        const page = await ctx.http.get(path`/v2/activities`, {
          query: {
            person_id: person.id,
            sort_by: 'add_time',
            sort_direction: 'desc',
            limit: pageSize,
            cursor,
          },
          schema: activitiesResponseSchema,
        });
        return { items: page.data ?? [], next: page.additional_data?.next_cursor ?? undefined };
      }, paging);
      const now = Date.now();
      return activities.map((activity) =>
        mapPipedriveActivity(activity, { appOrigin, contactId: person.id, status, priority, now }),
      );
    }
    case 'deal': {
      const status = createValueMapper({
        name: 'pipedrive.deal.status',
        defaults: PIPEDRIVE_DEAL_STATUS_DEFAULTS,
        overrides: overrides.statusMap,
        fallback: 'open',
        log: ctx.log,
      });
      const deals = await collectPages(async (cursor: string | undefined) => {
        const page = await ctx.http.get(path`/v2/deals`, {
          query: {
            person_id: person.id,
            sort_by: 'add_time',
            sort_direction: 'desc',
            limit: pageSize,
            cursor,
          },
          schema: dealsResponseSchema,
        });
        return { items: page.data ?? [], next: page.additional_data?.next_cursor ?? undefined };
      }, paging);
      return deals.map((deal) => mapPipedriveDeal(deal, { appOrigin, status }));
    }
    case 'note': {
      const notes = await collectPages(async (start: number | undefined) => {
        const page = await ctx.http.get(path`/v1/notes`, {
          query: { person_id: person.id, sort: 'add_time DESC', start: start ?? 0, limit: pageSize },
          schema: notesResponseSchema,
        });
        const pagination = page.additional_data?.pagination;
        return {
          items: page.data ?? [],
          next: pagination?.more_items_in_collection ? (pagination.next_start ?? undefined) : undefined,
        };
      }, paging);
      return notes.map((note) => mapPipedriveNote(note, { appOrigin, contactId: person.id }));
    }
    default:
      // The pipeline only asks for declared types.
      return [];
  }
}
