// The per-portal values every operation may use (UI links, ticket stages): read once per portal and
// credential and reused for PORTAL_CACHE_TTL_MS. Both are extras: without them the answer still stands.
import { createHash } from 'node:crypto';
import { BridgeError, createTtlCache, optionalLookup } from '@talkbridge/core';
import { hubspotAccountDetailsSchema, hubspotPipelinesResponseSchema } from './hubspot-api.js';
import { type HubspotContext, hubspotOriginOf } from './hubspot-context.js';
import { type HubspotPortal, safeUiDomain } from './hubspot-links.js';
import { type TicketStages, ticketStagesFrom } from './map-hubspot-ticket.js';

/** How long a portal's details and ticket pipelines are reused before they are read again. */
export const PORTAL_CACHE_TTL_MS = 10 * 60_000;
/** Tokens rotate (OAuth access tokens live 30 minutes): keep the caches from growing without bound. */
export const PORTAL_CACHE_MAX_ENTRIES = 500;

export const portalDetailsCache = createTtlCache<HubspotPortal>({
  ttlMs: PORTAL_CACHE_TTL_MS,
  max: PORTAL_CACHE_MAX_ENTRIES,
});
export const ticketStagesCache = createTtlCache<TicketStages>({
  ttlMs: PORTAL_CACHE_TTL_MS,
  max: PORTAL_CACHE_MAX_ENTRIES,
});

/**
 * The cache key of one portal as seen through one credential: a SHA-256 of the origin and the token, so
 * the raw token is never kept as a key (nor shows up in a heap dump of the cache's keys).
 */
export function portalCacheKey(origin: string, token: string): string {
  return createHash('sha256').update(`${origin}\n${token}`).digest('hex');
}

/** `GET /account-info/v3/details`: the portal id and UI domain. Also the cheapest proof that a token works. */
export async function loadPortalDetails(ctx: HubspotContext): Promise<HubspotPortal> {
  const details = await ctx.http.get('/account-info/v3/details', { schema: hubspotAccountDetailsSchema });
  return { portalId: details.portalId, uiDomain: safeUiDomain(details.uiDomain) };
}

async function loadTicketStages(ctx: HubspotContext): Promise<TicketStages> {
  return ticketStagesFrom(
    await ctx.http.get('/crm/v3/pipelines/tickets', { schema: hubspotPipelinesResponseSchema }),
  );
}

/**
 * A per-portal value from the cache, loaded with this request's client when missing. Concurrent
 * retrievals share one load; if that load died of another request's deadline, this one loads again.
 */
async function cachedLoad<T extends NonNullable<unknown>>(
  ctx: HubspotContext,
  cache: { get(key: string, load: () => Promise<T>): Promise<T> },
  load: (ctx: HubspotContext) => Promise<T>,
): Promise<T> {
  const key = portalCacheKey(hubspotOriginOf(ctx), ctx.auth.access_token);
  try {
    return await cache.get(key, () => load(ctx));
  } catch (error) {
    if (BridgeError.isInstance(error) && error.code === 'deadline_exceeded' && !ctx.signal.aborted)
      return cache.get(key, () => load(ctx));
    throw error;
  }
}

/** The portal's details for links, or undefined (logged) when HubSpot cannot give them right now. */
export function portalForLinks(ctx: HubspotContext): Promise<HubspotPortal | undefined> {
  return optionalLookup(
    ctx,
    'hubspot portal details',
    () => cachedLoad(ctx, portalDetailsCache, loadPortalDetails),
    undefined,
  );
}

/** The ticket stages for statuses, or undefined (logged) when the pipelines cannot be read right now. */
export function ticketStagesFor(ctx: HubspotContext): Promise<TicketStages | undefined> {
  return optionalLookup(
    ctx,
    'hubspot ticket pipelines',
    () => cachedLoad(ctx, ticketStagesCache, loadTicketStages),
    undefined,
  );
}
