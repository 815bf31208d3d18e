import { defineConnector } from '@talkbridge/core';
import { hubspotActions } from './hubspot-actions.js';
import { type HubspotObject, hubspotErrorBodySchema, hubspotSearchResponseSchema } from './hubspot-api.js';
import {
  type HubspotContactRef,
  isPathSafeEmail,
  MAX_EMAIL_READS,
  readContactWithAssociations,
} from './hubspot-contact-read.js';
import {
  type ContactSearchRequest,
  contactsHoldingEmails,
  contactsHoldingPhones,
  emailSearchRequest,
  phoneSearchRequest,
} from './hubspot-contact-search.js';
import { HUBSPOT_ORIGIN, type HubspotContext, hubspotAuth, hubspotSettings } from './hubspot-context.js';
import { hubspotActivityLister, listHubspotTickets } from './hubspot-interactions.js';
import { loadPortalDetails } from './hubspot-portal.js';
import { hubspotRateLimits } from './hubspot-rate-limits.js';
import { syncHubspotAgents, syncHubspotContacts } from './hubspot-sync.js';

export const hubspot = defineConnector({
  id: 'hubspot',
  displayName: 'HubSpot',
  description:
    'HubSpot CRM: contacts, owners, and the tickets, notes, calls, emails, meetings and tasks associated with a contact; logs calls and notes.',
  auth: hubspotAuth,
  settings: hubspotSettings,
  // HubSpot's OAuth 2.0 for public apps: https://developers.hubspot.com/docs/apps/legacy-apps/authentication/working-with-oauth
  oauth: {
    authorizationUrl: 'https://app.hubspot.com/oauth/authorize',
    tokenUrl: 'https://api.hubapi.com/oauth/v1/token',
    // Contacts and their activities (read, and write for the actions), tickets and pipelines, email
    // bodies, owners (agent sync).
    scopes: [
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'tickets',
      'sales-email-read',
      'crm.objects.owners.read',
    ],
    docsUrl: 'https://developers.hubspot.com/docs/apps/legacy-apps/authentication/working-with-oauth',
  },
  interactions: {
    ticket: listHubspotTickets,
    note: hubspotActivityLister('note'),
    call: hubspotActivityLister('call'),
    email: hubspotActivityLister('email'),
    meeting: hubspotActivityLister('meeting'),
    task: hubspotActivityLister('task'),
  },
  http: {
    // One fixed origin; the API roots differ per endpoint (/crm/v3, /crm/v4, /account-info/v3), so the
    // paths carry them in full.
    origin: HUBSPOT_ORIGIN,
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    // HubSpot sends no reset time: its X-HubSpot-RateLimit-* headers give the window length in ms and
    // the calls remaining. Retry-After is honoured by core when present.
    resetHeaders: [],
    rateLimits: hubspotRateLimits,
    errorBody: hubspotErrorBodySchema,
    classifyFailure: ({ status, body }) =>
      // The daily quota clears at midnight in the portal's time zone: retrying within a request is futile.
      status === 429 && dailyLimitReached(body) ? 'rate_limited' : undefined,
  },

  async findContacts(ctx, lookup): Promise<HubspotContactRef[]> {
    if (lookup.by === 'externalId') {
      // HubSpot record ids are numeric; anything else cannot be one of its contacts.
      if (!/^\d+$/.test(lookup.externalId)) return [];
      // A merged contact answers under its surviving id: that is the one associations hang on.
      const read = await readContactWithAssociations(ctx, { id: lookup.externalId });
      return read ? [read.ref] : [];
    }
    if (lookup.by === 'email') return findContactsByEmail(ctx, lookup.emails);
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
});

/** A 429 of HubSpot's daily quota (`policyName: DAILY`), as opposed to its ten-second window. */
function dailyLimitReached(body: unknown): boolean {
  return hubspotErrorBodySchema.safeParse(body).data?.policyName?.toUpperCase() === 'DAILY';
}

/**
 * A few plain addresses are read by primary email, in parallel, each answer bringing the contact's
 * associations along (reads by id are not searches: no five-per-second search limit). When none of them is
 * anyone's primary address, or there are too many or unusual addresses to read one by one, one search finds
 * them as primary or additional addresses (HubSpot's read by email knows primary addresses only), and the
 * listers read those contacts' associations themselves.
 */
async function findContactsByEmail(
  ctx: HubspotContext,
  emails: readonly string[],
): Promise<HubspotContactRef[]> {
  if (emails.length <= MAX_EMAIL_READS && emails.every(isPathSafeEmail)) {
    const reads = await Promise.all(emails.map((email) => readContactWithAssociations(ctx, { email })));
    const found = reads.filter((read) => read !== undefined);
    const holding = new Set(
      contactsHoldingEmails(
        found.map((read) => read.contact),
        emails,
      ).map((contact) => contact.id),
    );
    const refs = found.filter((read) => holding.has(read.ref.id)).map((read) => read.ref);
    if (refs.length > 0) return refs;
  }
  const found = await searchContacts(ctx, emailSearchRequest(emails));
  return contactsHoldingEmails(found, emails).map((contact) => ({ id: contact.id }));
}

async function searchContacts(ctx: HubspotContext, request: ContactSearchRequest): Promise<HubspotObject[]> {
  const answer = await ctx.http.post('/crm/v3/objects/contacts/search', {
    json: request,
    readOnly: true,
    schema: hubspotSearchResponseSchema,
  });
  return answer.results;
}
