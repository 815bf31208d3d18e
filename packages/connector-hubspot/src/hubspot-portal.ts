// What every HubSpot operation shares: the request context type, the origin, and the per-portal values
// (UI links, ticket stages) read once per portal and credential and reused for PORTAL_CACHE_TTL_MS.
import { BridgeError, type ConnectorContext } from '@talkbridge/core';
import { hubspotAccountDetailsSchema, hubspotPipelinesResponseSchema } from './hubspot-api.js';
import type { HubspotAuth, HubspotSettings } from './hubspot-connector.js';
import { type HubspotPortal, safeUiDomain } from './hubspot-links.js';
import { createTtlCache, PORTAL_CACHE_TTL_MS, portalCacheKey } from './hubspot-portal-cache.js';
import { type TicketStages, ticketStagesFrom } from './map-hubspot-ticket.js';

export const HUBSPOT_ORIGIN = 'https://api.hubapi.com';

export type HubspotContext = ConnectorContext<HubspotAuth, HubspotSettings>;

export const portalDetailsCache = createTtlCache<HubspotPortal>(PORTAL_CACHE_TTL_MS);
export const ticketStagesCache = createTtlCache<TicketStages>(PORTAL_CACHE_TTL_MS);

/** `GET /account-info/v3/details`: the portal id and UI domain. Also the cheapest proof that a token works. */
export async function loadPortalDetails(ctx: HubspotContext): Promise<HubspotPortal> {
  const details = await ctx.http.get('/account-info/v3/details', { schema: hubspotAccountDetailsSchema });
  return { portalId: details.portalId, uiDomain: safeUiDomain(details.uiDomain) };
}

export async function loadTicketStages(ctx: HubspotContext): Promise<TicketStages> {
  return ticketStagesFrom(
    await ctx.http.get('/crm/v3/pipelines/tickets', { schema: hubspotPipelinesResponseSchema }),
  );
}

/**
 * A per-portal value from the cache, loaded with this request's client when missing. Concurrent
 * retrievals share one load; if that load died of another request's deadline, this one loads again.
 */
export async function cachedLoad<T>(
  ctx: HubspotContext,
  cache: { get(key: string, load: () => Promise<T>): Promise<T> },
  load: (ctx: HubspotContext) => Promise<T>,
): Promise<T> {
  const key = portalCacheKey(new URL(ctx.settings.baseUrl ?? HUBSPOT_ORIGIN).origin, ctx.auth.access_token);
  try {
    return await cache.get(key, () => load(ctx));
  } catch (error) {
    if (BridgeError.isInstance(error) && error.code === 'deadline_exceeded' && !ctx.signal.aborted)
      return cache.get(key, () => load(ctx));
    throw error;
  }
}

/** Links and stage labels are extras: an unavailable endpoint must not cost the agent the list. */
export async function optional<T>(
  ctx: HubspotContext,
  what: string,
  work: Promise<T>,
): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (
      BridgeError.isInstance(error) &&
      (error.code === 'upstream_unavailable' || error.code === 'upstream_invalid_response')
    ) {
      ctx.log.warn({ reason: error.message }, `hubspot ${what} unavailable: answered without them`);
      return undefined;
    }
    throw error;
  }
}

/** The portal's details for links, or undefined (logged) when HubSpot cannot give them right now. */
export function portalForLinks(ctx: HubspotContext): Promise<HubspotPortal | undefined> {
  return optional(ctx, 'portal details', cachedLoad(ctx, portalDetailsCache, loadPortalDetails));
}
