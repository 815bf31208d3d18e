import { defineConnector, fieldError } from '@talkbridge/core';
import { pipedriveActions } from './pipedrive-actions.js';
import { currentUserResponseSchema, pipedriveErrorBodySchema } from './pipedrive-api.js';
import {
  PIPEDRIVE_HOSTS,
  type PipedriveContext,
  pipedriveAuth,
  pipedriveSettings,
} from './pipedrive-context.js';
import { listPipedriveActivities, listPipedriveDeals, listPipedriveNotes } from './pipedrive-interactions.js';
import { findByEmails, findById, findByPhones, pipedrivePersonFromId } from './pipedrive-person-lookup.js';
import { pipedriveRateLimits } from './pipedrive-rate-limits.js';
import { syncPipedriveAgents, syncPipedriveContacts } from './pipedrive-sync.js';

export const pipedrive = defineConnector({
  id: 'pipedrive',
  displayName: 'Pipedrive',
  description: 'Pipedrive CRM: the activities, notes and deals of the person you are talking to.',
  auth: pipedriveAuth,
  settings: pipedriveSettings,
  // Pipedrive's OAuth 2.0 authorization-code flow (Marketplace apps), on oauth.pipedrive.com for every
  // company. The token answer carries `api_domain`, the company's API address (https://acme.pipedrive.com).
  // Scopes, least privilege: `base` (users/me), `users:read` (agent sync), `search:read` (person lookup),
  // `contacts:full` (persons, organizations, creating persons and notes), `deals:read` (deals and notes),
  // `activities:full` (listing and logging calls).
  oauth: {
    authorizationUrl: 'https://oauth.pipedrive.com/oauth/authorize',
    tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
    scopes: ['base', 'users:read', 'search:read', 'contacts:full', 'deals:read', 'activities:full'],
    docsUrl: 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization',
  },
  interactions: {
    activity: listPipedriveActivities,
    note: listPipedriveNotes,
    deal: listPipedriveDeals,
  },
  hosts: PIPEDRIVE_HOSTS,
  http: {
    origin: (auth) => auth.origin,
    // v2 endpoints live under /api/v2, the v1 ones still needed (notes, users) under /api/v1.
    basePath: '/api',
    // The token goes in a header, never in the URL (Pipedrive's documented `x-api-token`); an OAuth
    // access token is a bearer token.
    authenticate: (auth) =>
      auth.kind === 'oauth'
        ? { type: 'bearer', token: auth.accessToken }
        : { type: 'header', name: 'x-api-token', value: auth.apiToken },
    errorBody: pipedriveErrorBodySchema,
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

  contactFromExternalId: pipedrivePersonFromId,

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
    throw fieldError(
      'auth.company_domain',
      `the API token belongs to the Pipedrive company "${tokenCompany}", not "${configured}"`,
    );
  }
  return undefined;
}
