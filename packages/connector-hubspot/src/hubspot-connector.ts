import {
  type ConnectorInteraction,
  type ConnectorSettings,
  collectPages,
  defineConnector,
  mappingSettingsShape,
  path,
} from '@talkbridge/core';
import { z } from 'zod';
import { hubspotActions } from './hubspot-actions.js';
import {
  type HubspotObject,
  hubspotAssociationsResponseSchema,
  hubspotBatchReadResponseSchema,
  hubspotObjectSchema,
  hubspotSearchResponseSchema,
} from './hubspot-api.js';
import {
  type ContactSearchRequest,
  contactsHoldingEmails,
  contactsHoldingPhones,
  emailSearchRequest,
  phoneSearchRequest,
} from './hubspot-contact-search.js';
import {
  cachedLoad,
  HUBSPOT_ORIGIN,
  type HubspotContext,
  loadPortalDetails,
  loadTicketStages,
  optional,
  portalDetailsCache,
  ticketStagesCache,
} from './hubspot-portal.js';
import { hubspotRateLimits } from './hubspot-rate-limits.js';
import { syncHubspotAgents, syncHubspotContacts } from './hubspot-sync.js';
import {
  createEngagementValueMappers,
  HUBSPOT_ENGAGEMENT_PROPERTIES,
  mapHubspotEngagement,
  millisOf,
} from './map-hubspot-engagement.js';
import {
  createTicketValueMappers,
  HUBSPOT_TICKET_PROPERTIES,
  mapHubspotTicket,
  ticketStagesFrom,
} from './map-hubspot-ticket.js';

export { HUBSPOT_ORIGIN, portalDetailsCache, ticketStagesCache };

export const HUBSPOT_INTERACTION_TYPES = ['ticket', 'note', 'call', 'email', 'meeting', 'task'] as const;
type HubspotInteractionType = (typeof HUBSPOT_INTERACTION_TYPES)[number];

/** The CRM object type behind each Talkdesk interaction type, as the v3/v4 paths spell it. */
const OBJECT_TYPES: Record<HubspotInteractionType, string> = {
  ticket: 'tickets',
  note: 'notes',
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  task: 'tasks',
};

/** Ids per `POST /crm/v3/objects/{type}/batch/read`. */
export const OBJECT_BATCH_SIZE = 100;
/** Most objects of one type read per retrieval (the newest ids first), however large `ctx.limit`. */
export const MAX_OBJECTS_READ = 1_000;
/** Contacts per associations batch read (HubSpot accepts up to 1,000). */
const MAX_ASSOCIATION_INPUTS = 1_000;
/** Association pages followed for a record with more associations than one page holds. */
export const MAX_ASSOCIATION_PAGES = 3;

const hubspotAuthSchema = z.object({
  access_token: z
    .string({ error: 'expected the HubSpot private app access token or OAuth access token' })
    .trim()
    .min(1, 'expected the HubSpot private app access token or OAuth access token')
    .meta({
      title: 'HubSpot access token',
      description:
        'A private app access token (Settings › Integrations › Private apps) or an OAuth access token, with the CRM read scopes (and crm.objects.contacts.write for the actions)',
    }),
});
export type HubspotAuth = z.output<typeof hubspotAuthSchema>;

const hubspotSettingsSchema = z.object({ ...mappingSettingsShape });
export type HubspotSettings = ConnectorSettings<typeof hubspotSettingsSchema>;

export const hubspot = defineConnector({
  id: 'hubspot',
  displayName: 'HubSpot',
  description:
    'HubSpot CRM: contacts, owners, and the tickets, notes, calls, emails, meetings and tasks associated with a contact; logs calls and notes.',
  auth: hubspotAuthSchema,
  settings: hubspotSettingsSchema,
  interactionTypes: HUBSPOT_INTERACTION_TYPES,
  http: {
    // One fixed origin; the API roots differ per endpoint (/crm/v3, /crm/v4, /account-info/v3), so the
    // paths carry them in full.
    origin: HUBSPOT_ORIGIN,
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    // HubSpot sends no reset time: its X-HubSpot-RateLimit-* headers give the window length in ms and
    // the calls remaining. Retry-After is honoured by core when present.
    resetHeaders: [],
    rateLimits: hubspotRateLimits,
    classifyFailure: ({ status, body }) =>
      // The daily quota clears at midnight in the portal's time zone: retrying within a request is futile.
      status === 429 && policyNameOf(body) === 'DAILY' ? 'rate_limited' : undefined,
  },

  async findContacts(ctx, lookup) {
    if (lookup.by === 'externalId') {
      // HubSpot record ids are numeric; anything else cannot be one of its contacts.
      if (!/^\d+$/.test(lookup.externalId)) return [];
      const contact = await ctx.http.getIfExists(path`/crm/v3/objects/contacts/${lookup.externalId}`, {
        query: { properties: 'email' },
        schema: hubspotObjectSchema,
      });
      // A merged contact answers under its surviving id: that is the one associations hang on.
      return contact ? [{ id: contact.id }] : [];
    }
    if (lookup.by === 'email') {
      const found = await searchContacts(ctx, emailSearchRequest(lookup.emails));
      return contactsHoldingEmails(found, lookup.emails).map((contact) => ({ id: contact.id }));
    }
    const found = await searchContacts(ctx, phoneSearchRequest(lookup.phones));
    return contactsHoldingPhones(found, lookup.phones).map((contact) => ({ id: contact.id }));
  },

  async validateAuth(ctx) {
    // One cheap read that any valid token may make. Nothing in it is a Talkdesk auth field to store.
    await loadPortalDetails(ctx);
    return undefined;
  },

  syncContacts: syncHubspotContacts,
  syncAgents: syncHubspotAgents,
  actions: hubspotActions,

  async listInteractions(ctx, contacts, type) {
    if (!isInteractionType(type)) return [];
    const objectType = OBJECT_TYPES[type];
    const owners = await associatedObjects(ctx, contacts, objectType);
    if (owners.size === 0) return [];
    const ids = newestIdsFirst([...owners.keys()]).slice(
      0,
      Math.min(MAX_OBJECTS_READ, Math.max(ctx.limit, OBJECT_BATCH_SIZE)),
    );
    const properties = type === 'ticket' ? HUBSPOT_TICKET_PROPERTIES : HUBSPOT_ENGAGEMENT_PROPERTIES[type];
    const [records, portal, stages] = await Promise.all([
      readObjects(ctx, objectType, ids, properties),
      optional(ctx, 'portal details', cachedLoad(ctx, portalDetailsCache, loadPortalDetails)),
      type === 'ticket'
        ? optional(ctx, 'ticket pipelines', cachedLoad(ctx, ticketStagesCache, loadTicketStages))
        : undefined,
    ]);

    let interactions: ConnectorInteraction[];
    if (type === 'ticket') {
      const context = {
        stages: stages ?? ticketStagesFrom({ results: [] }),
        values: createTicketValueMappers(ctx.settings, ctx.log),
        portal,
      };
      interactions = records.map((record) => mapHubspotTicket(record, context));
    } else {
      const values = createEngagementValueMappers(type, ctx.settings, ctx.log);
      const now = Date.now();
      interactions = records.map((record) =>
        mapHubspotEngagement(type, record, { values, portal, contactId: owners.get(record.id), now }),
      );
    }
    return newestFirst(interactions).slice(0, ctx.limit);
  },
});

function isInteractionType(type: string): type is HubspotInteractionType {
  return (HUBSPOT_INTERACTION_TYPES as readonly string[]).includes(type);
}

function policyNameOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const policy = (body as { policyName?: unknown }).policyName;
  return typeof policy === 'string' ? policy.toUpperCase() : undefined;
}

async function searchContacts(ctx: HubspotContext, request: ContactSearchRequest): Promise<HubspotObject[]> {
  const answer = await ctx.http.post('/crm/v3/objects/contacts/search', {
    json: request,
    readOnly: true,
    schema: hubspotSearchResponseSchema,
  });
  return answer.results;
}

/**
 * Every object of this type associated with the contacts, in one batch call (more only when a contact
 * has more associations than a page holds): object id → the first contact it was found on.
 */
async function associatedObjects(
  ctx: HubspotContext,
  contacts: { id: string }[],
  objectType: string,
): Promise<Map<string, string>> {
  type Input = { id: string; after?: string };
  const pairs = await collectPages<[string, string], Input[]>(
    async (cursor) => {
      const inputs =
        cursor ?? contacts.slice(0, MAX_ASSOCIATION_INPUTS).map((contact) => ({ id: contact.id }));
      const answer = await ctx.http.post(path`/crm/v4/associations/contacts/${objectType}/batch/read`, {
        json: { inputs },
        readOnly: true,
        schema: hubspotAssociationsResponseSchema,
      });
      const items: [string, string][] = [];
      const next: Input[] = [];
      for (const result of answer.results ?? []) {
        for (const to of result.to ?? []) items.push([to.toObjectId, result.from.id]);
        const after = result.paging?.next?.after;
        if (after) next.push({ id: result.from.id, after });
      }
      return { items, next: next.length > 0 ? next : undefined };
    },
    { limit: Number.MAX_SAFE_INTEGER, deadline: ctx.deadline, maxPages: MAX_ASSOCIATION_PAGES, log: ctx.log },
  );
  const owners = new Map<string, string>();
  for (const [objectId, contactId] of pairs) if (!owners.has(objectId)) owners.set(objectId, contactId);
  return owners;
}

/** The objects by id, in batches of 100 read in parallel. Ids that no longer exist are just absent. */
async function readObjects(
  ctx: HubspotContext,
  objectType: string,
  ids: string[],
  properties: readonly string[],
): Promise<HubspotObject[]> {
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += OBJECT_BATCH_SIZE)
    batches.push(ids.slice(start, start + OBJECT_BATCH_SIZE));
  const answers = await Promise.all(
    batches.map((batch) =>
      ctx.http.post(path`/crm/v3/objects/${objectType}/batch/read`, {
        json: { properties, propertiesWithHistory: [], inputs: batch.map((id) => ({ id })) },
        readOnly: true,
        schema: hubspotBatchReadResponseSchema,
      }),
    ),
  );
  return answers.flatMap((answer) => answer.results);
}

/** HubSpot ids grow over time: the highest ids are the likeliest newest when not all can be read. */
function newestIdsFirst(ids: string[]): string[] {
  return [...ids].sort((a, b) => b.length - a.length || (a < b ? 1 : a > b ? -1 : 0));
}

function newestFirst(interactions: ConnectorInteraction[]): ConnectorInteraction[] {
  const time = (item: ConnectorInteraction) => {
    const millis = millisOf(item.date);
    return Number.isNaN(millis) ? Number.NEGATIVE_INFINITY : millis;
  };
  return [...interactions].sort((a, b) => time(b) - time(a));
}
