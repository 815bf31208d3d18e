import { type ContactRef, defineConnector, path } from '@talkbridge/core';
import { createCaseMapping, mapSalesforceCase } from './map-salesforce-case.js';
import { createEventMapping, mapSalesforceEvent } from './map-salesforce-event.js';
import { createTaskMapping, mapSalesforceTask } from './map-salesforce-task.js';
import { salesforceActions } from './salesforce-actions.js';
import {
  caseRecordSchema,
  eventRecordSchema,
  resourcesByVersionSchema,
  salesforceErrorBodySchema,
  sobjectIdSchema,
  taskRecordSchema,
} from './salesforce-api.js';
import { orgCaseStatuses } from './salesforce-case-statuses.js';
import {
  agentOrigin,
  SALESFORCE_HOSTS,
  type SalesforceContext,
  salesforceAuth,
  salesforceOrigin,
  salesforceSettings,
} from './salesforce-context.js';
import {
  caseQuery,
  emailSearch,
  eventQuery,
  isSalesforceId,
  type PersonObject,
  personObjectOf,
  phoneSearch,
  SALESFORCE_BASE_PATH,
  taskQuery,
} from './salesforce-query.js';
import { salesforceRateLimits } from './salesforce-rate-limits.js';
import { queryRecords, searchPeople } from './salesforce-requests.js';
import { syncSalesforceAgents, syncSalesforceContacts } from './salesforce-sync.js';

/** A Contact or a Lead: both can be the person on the phone, and the objects own different activities. */
interface SalesforcePerson extends ContactRef {
  object: PersonObject;
}

export const salesforce = defineConnector({
  id: 'salesforce',
  displayName: 'Salesforce',
  description:
    'Shows the cases, tasks and events of the Salesforce Contact or Lead who is calling, synchronizes ' +
    'Contacts and users, and logs calls and notes on the contact.',
  auth: salesforceAuth,
  settings: salesforceSettings,
  // Salesforce's OAuth 2.0 web server flow ("OAuth 2.0 Web Server Flow for Web App Integration"), on the
  // login host (sandboxes: test.salesforce.com, or the org's My Domain). The token answer carries
  // `instance_url`, where the org's API lives. `api` for the REST calls, `refresh_token` so that Talkdesk
  // can refresh the token when Salesforce ends the session.
  oauth: {
    authorizationUrl: 'https://login.salesforce.com/services/oauth2/authorize',
    tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
    scopes: ['api', 'refresh_token'],
    docsUrl: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm&type=5',
  },
  interactions: {
    case: listCases,
    task: listTasks,
    event: listEvents,
  },
  hosts: SALESFORCE_HOSTS,
  http: {
    // The instance URL from the OAuth token response; the host guard holds it to SALESFORCE_HOSTS.
    origin: salesforceOrigin,
    basePath: SALESFORCE_BASE_PATH,
    authenticate: (auth) => ({ type: 'bearer', token: auth.access_token }),
    errorBody: salesforceErrorBodySchema,
    rateLimits: salesforceRateLimits,
    // Salesforce sends no reset header: `Sforce-Limit-Info` reports usage of the rolling 24-hour
    // allowance, not when it frees up.
    classifyFailure: ({ body }) => {
      const errors = salesforceErrorBodySchema.safeParse(body);
      if (!errors.success) return undefined;
      const codes = new Set(errors.data.map((error) => error.errorCode));
      // An expired or revoked session: Talkdesk refreshes the OAuth token on a 401 and retries.
      if (codes.has('INVALID_SESSION_ID')) return 'invalid_credentials';
      // The org's daily API allowance (or its concurrent long-request limit) is used up: a 403.
      if (codes.has('REQUEST_LIMIT_EXCEEDED')) return 'rate_limited';
      return undefined;
    },
  },

  async findContacts(ctx, lookup): Promise<SalesforcePerson[]> {
    switch (lookup.by) {
      case 'externalId':
        return findByExternalId(ctx, lookup.externalId);
      case 'email': {
        const found = await searchPeople(ctx, emailSearch(lookup.emails));
        // SOSL matches words, so "jane@example.com" can also hit "mary.jane@example.com": keep exact
        // matches of the standard Email (or records matched on another email field, Email left empty).
        const wanted = new Set(lookup.emails.map((email) => email.toLowerCase()));
        return found
          .filter((hit) => !hit.email || wanted.has(hit.email.toLowerCase()))
          .map(({ id, object }) => ({ id, object }));
      }
      case 'phone': {
        const sosl = phoneSearch(lookup.phones);
        if (!sosl) return [];
        return (await searchPeople(ctx, sosl)).map(({ id, object }) => ({ id, object }));
      }
    }
  },

  /**
   * "Resources by Version" (`GET /services/data/v66.0/`): the cheapest call any API-enabled session may
   * make, whatever its profile; it also proves the pinned API version is live on the instance.
   */
  async validateAuth(ctx) {
    await ctx.http.get('/', { schema: resourcesByVersionSchema });
    return undefined;
  },

  syncContacts: syncSalesforceContacts,
  syncAgents: syncSalesforceAgents,
  actions: salesforceActions,
});

/** The synced id names its object by its prefix; a 404 (deleted, merged away) means stale. */
async function findByExternalId(ctx: SalesforceContext, externalId: string): Promise<SalesforcePerson[]> {
  const object = personObjectOf(externalId);
  if (!object) {
    ctx.log.debug({}, 'external id is not a Salesforce Contact or Lead id: skipped');
    return [];
  }
  const target =
    object === 'Contact' ? path`/sobjects/Contact/${externalId}` : path`/sobjects/Lead/${externalId}`;
  const record = await ctx.http.getIfExists(target, { query: { fields: 'Id' }, schema: sobjectIdSchema });
  return record ? [{ id: record.Id, object }] : [];
}

/** The people whose ids can go into SOQL (the lookup only ever finds such ids; this keeps it so). */
function queryable(people: SalesforcePerson[]): SalesforcePerson[] {
  return people.filter((person) => isSalesforceId(person.id));
}

/** Leads cannot own cases: only Contacts are asked about. */
async function listCases(ctx: SalesforceContext, people: SalesforcePerson[]) {
  const contactIds = queryable(people)
    .filter((person) => person.object === 'Contact')
    .map((person) => person.id);
  if (contactIds.length === 0) return [];
  // The cases and the org's statuses do not depend on each other: one round trip, not two.
  const [cases, orgStatuses] = await Promise.all([
    queryRecords(ctx, caseQuery(contactIds, ctx.limit), caseRecordSchema, ctx.limit),
    orgCaseStatuses(ctx),
  ]);
  const mapping = createCaseMapping({
    log: ctx.log,
    overrides: ctx.settings,
    orgStatuses,
    agentOrigin: agentOrigin(ctx),
  });
  return cases.map((record) => mapSalesforceCase(record, mapping));
}

async function listTasks(ctx: SalesforceContext, people: SalesforcePerson[]) {
  const whoIds = queryable(people).map((person) => person.id);
  if (whoIds.length === 0) return [];
  const tasks = await queryRecords(ctx, taskQuery(whoIds, ctx.limit), taskRecordSchema, ctx.limit);
  const mapping = createTaskMapping({ log: ctx.log, overrides: ctx.settings, agentOrigin: agentOrigin(ctx) });
  return tasks.map((record) => mapSalesforceTask(record, mapping));
}

async function listEvents(ctx: SalesforceContext, people: SalesforcePerson[]) {
  const whoIds = queryable(people).map((person) => person.id);
  if (whoIds.length === 0) return [];
  const events = await queryRecords(ctx, eventQuery(whoIds, ctx.limit), eventRecordSchema, ctx.limit);
  const mapping = createEventMapping({
    log: ctx.log,
    overrides: ctx.settings,
    agentOrigin: agentOrigin(ctx),
  });
  return events.map((record) => mapSalesforceEvent(record, mapping));
}
