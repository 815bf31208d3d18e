// Contact and agent synchronization.
//
// Contacts come from the CRM search API, which (per HubSpot's docs) takes ONE sort rule, at most 200
// results per request, and never more than 10,000 results per query, `after` paging included. So the sync
// never pages with `after`: every page is a fresh search that restarts from the last position seen,
// a keyset over (lastmodifieddate, hs_object_id) built from two kinds of search:
//
//   later: lastmodifieddate > T (>= updatedSince on the first page), sorted by lastmodifieddate
//   ties:  lastmodifieddate = T and hs_object_id > id, sorted by hs_object_id
//
// HubSpot orders contacts that share an update instant arbitrarily, so a `later` page whose last instant
// may continue past the page hands that instant over to `ties` rather than guess which of its contacts
// were seen. Each search asks for one contact more than it keeps, which tells whether more follow.
import { agentSync, BridgeError, contactSync, fullName } from '@talkbridge/core';
import { z } from 'zod';
import {
  type HubspotObject,
  hubspotOwnersResponseSchema,
  hubspotSearchResponseSchema,
} from './hubspot-api.js';
import type { HubspotContext } from './hubspot-context.js';
import { portalForLinks } from './hubspot-portal.js';
import {
  contactUpdateTime,
  HUBSPOT_CONTACT_SYNC_PROPERTIES,
  mapHubspotContact,
} from './map-hubspot-contact.js';

/** HubSpot's most results per search request. */
export const MAX_SEARCH_LIMIT = 200;
/** Contacts per sync page at most: one search result is kept back to see whether more follow. */
export const MAX_CONTACT_PAGE = MAX_SEARCH_LIMIT - 1;
/** Searches one page may take (the search API allows about five per second per portal). */
export const MAX_SEARCHES_PER_PAGE = 3;
/** HubSpot's most owners per `GET /crm/v3/owners`. */
export const MAX_OWNER_PAGE = 500;

/** An update instant in epoch milliseconds: up to the year 33658, far past any real one. */
const instant = z.number().int().nonnegative().max(999_999_999_999_999);

/**
 * Where a contact sync continues: strictly after instant `time`, or after contact `afterId` within `time`.
 * Core carries it in Talkdesk's offset and refuses any other shape before a search is built from it.
 */
const contactCursor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('later'), time: instant }),
  z.object({
    kind: z.literal('ties'),
    time: instant,
    afterId: z.string().min(1).max(20).regex(/^\d+$/, 'expected a HubSpot record id'),
  }),
]);
type ContactCursor = z.output<typeof contactCursor>;
type Position = { kind: 'start'; since?: number } | ContactCursor;

interface SearchFilter {
  propertyName: string;
  operator: 'GT' | 'GTE' | 'LTE';
  value: string;
}

export const syncHubspotContacts = contactSync({
  cursor: contactCursor,
  page: syncContactsPage,
});

async function syncContactsPage(ctx: HubspotContext, page: { updatedSince?: Date; cursor?: ContactCursor }) {
  const size = Math.max(1, Math.min(ctx.limit, MAX_CONTACT_PAGE));
  let position: Position | undefined = page.cursor ?? {
    kind: 'start',
    ...(page.updatedSince ? { since: page.updatedSince.getTime() } : {}),
  };
  // Read alongside the searches; awaited (and its failure reported) once they are done.
  const portal = portalForLinks(ctx);
  portal.catch(() => {});
  const rows: HubspotObject[] = [];

  for (let searches = 0; position && rows.length < size && searches < MAX_SEARCHES_PER_PAGE; searches++) {
    const room = size - rows.length;
    if (position.kind === 'ties') {
      const found = byId(await searchContacts(ctx, tiesSearch(position, room + 1)));
      rows.push(...found.slice(0, room));
      const last = found[room - 1];
      position =
        found.length > room && last
          ? { kind: 'ties', time: position.time, afterId: last.id }
          : { kind: 'later', time: position.time };
      continue;
    }
    const found = byTimeThenId(await searchContacts(ctx, laterSearch(position, room + 1)));
    if (found.length <= room) {
      rows.push(...found);
      position = undefined;
      break;
    }
    const kept = found.slice(0, room);
    const boundary = contactUpdateTime(kept[room - 1] as HubspotObject);
    if (contactUpdateTime(found[room] as HubspotObject) > boundary) {
      // The next contact is later: every contact of the boundary instant is on this page.
      rows.push(...kept);
      position = { kind: 'later', time: boundary };
    } else {
      // The boundary instant continues past the page in an order HubSpot does not define: read it by id.
      rows.push(...kept.filter((row) => contactUpdateTime(row) < boundary));
      position = { kind: 'ties', time: boundary, afterId: '0' };
    }
  }

  const links = await portal;
  return {
    contacts: rows.map((row) => mapHubspotContact(row, links)),
    ...(position ? { nextCursor: continuation(position) } : {}),
  };
}

async function searchContacts(ctx: HubspotContext, body: Record<string, unknown>): Promise<HubspotObject[]> {
  const answer = await ctx.http.post('/crm/v3/objects/contacts/search', {
    json: body,
    readOnly: true,
    schema: hubspotSearchResponseSchema,
  });
  for (const row of answer.results) {
    if (Number.isNaN(contactUpdateTime(row)) || !/^\d+$/.test(row.id)) {
      throw new BridgeError(
        'upstream_invalid_response',
        'POST /crm/v3/objects/contacts/search answered a contact without a numeric id and lastmodifieddate',
      );
    }
  }
  return answer.results;
}

function laterSearch(position: Exclude<Position, { kind: 'ties' }>, limit: number): Record<string, unknown> {
  const filter: SearchFilter | undefined =
    position.kind === 'later'
      ? { propertyName: 'lastmodifieddate', operator: 'GT', value: String(position.time) }
      : position.since !== undefined
        ? { propertyName: 'lastmodifieddate', operator: 'GTE', value: String(position.since) }
        : undefined;
  return {
    ...(filter ? { filterGroups: [{ filters: [filter] }] } : {}),
    sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
    properties: [...HUBSPOT_CONTACT_SYNC_PROPERTIES],
    limit,
  };
}

function tiesSearch(position: Extract<Position, { kind: 'ties' }>, limit: number): Record<string, unknown> {
  const time = String(position.time);
  const filters: SearchFilter[] = [
    { propertyName: 'lastmodifieddate', operator: 'GTE', value: time },
    { propertyName: 'lastmodifieddate', operator: 'LTE', value: time },
    { propertyName: 'hs_object_id', operator: 'GT', value: position.afterId },
  ];
  return {
    filterGroups: [{ filters }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: [...HUBSPOT_CONTACT_SYNC_PROPERTIES],
    limit,
  };
}

/** HubSpot record ids are numeric text: compare them as numbers without losing precision. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function byId(rows: HubspotObject[]): HubspotObject[] {
  return [...rows].sort((a, b) => compareIds(a.id, b.id));
}

function byTimeThenId(rows: HubspotObject[]): HubspotObject[] {
  return [...rows].sort((a, b) => contactUpdateTime(a) - contactUpdateTime(b) || compareIds(a.id, b.id));
}

function continuation(position: Position): ContactCursor {
  if (position.kind === 'start') {
    // Unreachable: a page always runs its first search, which moves the position on.
    throw new BridgeError('internal', 'HubSpot contact sync ended a page without searching');
  }
  return position;
}

/**
 * HubSpot's own `after` token for owners: short, digits or base64 that may come URL-encoded (it is sent as
 * a query parameter, which encodes it: it is decoded first so it is not encoded twice).
 */
const ownerCursor = z.object({
  after: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9%=_.-]+$/, 'expected a HubSpot paging token')
    .refine(decodes, 'expected a HubSpot paging token'),
});

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The portal's owners, the people records are assigned to: `GET /crm/v3/owners`, one page per call,
 * continued with HubSpot's own `after` cursor. Queues and owners without an email are not agents.
 */
export const syncHubspotAgents = agentSync({
  cursor: ownerCursor,
  async page(ctx: HubspotContext, page) {
    const after = page.cursor === undefined ? undefined : decodeURIComponent(page.cursor.after);
    const answer = await ctx.http.get('/crm/v3/owners', {
      query: { limit: Math.max(1, Math.min(ctx.limit, MAX_OWNER_PAGE)), after, archived: false },
      schema: hubspotOwnersResponseSchema,
    });
    const agents = answer.results.flatMap((owner) => {
      const email = owner.email?.trim();
      if (!email || (owner.type && owner.type.toUpperCase() !== 'PERSON') || owner.archived) return [];
      return [{ id: owner.id, name: fullName(owner.firstName, owner.lastName) ?? email, email }];
    });
    const next = answer.paging?.next?.after;
    return { agents, ...(next ? { nextCursor: { after: next } } : {}) };
  },
});
