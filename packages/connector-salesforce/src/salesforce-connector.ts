import { type ContactRef, defineConnector } from '@talkbridge/core';
import { createCaseMapping, mapSalesforceCase } from './map-salesforce-case.js';
import { createEventMapping, mapSalesforceEvent } from './map-salesforce-event.js';
import { createTaskMapping, mapSalesforceTask } from './map-salesforce-task.js';
import { salesforceActions } from './salesforce-actions.js';
import {
  activitiesOf,
  failedOnItsOwn,
  queryActivities,
  rememberActivities,
} from './salesforce-activities.js';
import {
  resourcesByVersionSchema,
  type SalesforcePersonActivities,
  salesforceErrorBodySchema,
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
  emailSearch,
  isSalesforceId,
  type PersonObject,
  personObjectOf,
  phoneSearch,
  RELATIONSHIPS_OF,
  SALESFORCE_BASE_PATH,
} from './salesforce-query.js';
import { salesforceRateLimits } from './salesforce-rate-limits.js';
import { searchPeople } from './salesforce-requests.js';
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
      case 'email':
        return findByEmails(ctx, lookup.emails);
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

/**
 * The synced id names its object by its prefix. One query reads the person and, in the same answer, their
 * cases, tasks and events (kept for this retrieval's listers): no row means stale (deleted, merged away).
 * The org's case statuses are read alongside. (Searching the emails in the same round, so a stale id costs
 * no extra round trip, is the integration's `lookupAlongsideExternalId`: it spends a SOSL call on every
 * good id, so it is the operator's choice, not this connector's.)
 */
async function findByExternalId(ctx: SalesforceContext, externalId: string): Promise<SalesforcePerson[]> {
  const object = personObjectOf(externalId);
  if (!object) {
    ctx.log.debug({}, 'external id is not a Salesforce Contact or Lead id: skipped');
    return [];
  }
  if (object === 'Contact') void caseStatusesOf(ctx);
  let people: SalesforcePersonActivities[];
  let complete = true;
  try {
    people = await queryActivities(ctx, object, [externalId], RELATIONSHIPS_OF[object]);
  } catch (error) {
    // Refused for one subquery's sake (a profile that cannot read Case, say): the person alone, and each
    // lister then asks for its own type, so the types that can be read still answer.
    if (!failedOnItsOwn(error)) throw error;
    ctx.log.debug({}, 'salesforce person query with activities failed: looking the person up alone');
    people = await queryActivities(ctx, object, [externalId], []);
    complete = false;
  }
  const person = people.find((record) => isSalesforceId(record.Id));
  if (!person) return [];
  if (complete) rememberActivities(ctx, object, [person]);
  return [{ id: person.Id, object }];
}

async function findByEmails(ctx: SalesforceContext, emails: string[]): Promise<SalesforcePerson[]> {
  const found = await searchPeople(ctx, emailSearch(emails));
  // SOSL matches words, so "jane@example.com" can also hit "mary.jane@example.com": keep exact
  // matches of the standard Email (or records matched on another email field, Email left empty).
  const wanted = new Set(emails.map((email) => email.toLowerCase()));
  return found
    .filter((hit) => !hit.email || wanted.has(hit.email.toLowerCase()))
    .map(({ id, object }) => ({ id, object }));
}

const caseStatusReads = new WeakMap<SalesforceContext, ReturnType<typeof orgCaseStatuses>>();

/** The org's case statuses, read at most once per retrieval (even with a cache TTL of 0). */
function caseStatusesOf(ctx: SalesforceContext): ReturnType<typeof orgCaseStatuses> {
  let read = caseStatusReads.get(ctx);
  if (!read) {
    read = orgCaseStatuses(ctx);
    read.catch(() => undefined);
    caseStatusReads.set(ctx, read);
  }
  return read;
}

/** The ids of these people of one object that can go into SOQL (the lookup only finds such ids). */
function idsOf(people: SalesforcePerson[], object: PersonObject): string[] {
  return people
    .filter((person) => person.object === object && isSalesforceId(person.id))
    .map((person) => person.id);
}

/**
 * The children of one relationship of every person found: one shared query per object, in parallel,
 * merged newest first (each person brings at most the limit) and cut to the limit.
 */
async function childrenOf<K extends 'Cases' | 'Tasks' | 'Events'>(
  ctx: SalesforceContext,
  people: SalesforcePerson[],
  relationship: K,
  dateOf: (record: SalesforcePersonActivities[K]['records'][number]) => string | null | undefined,
): Promise<SalesforcePersonActivities[K]['records']> {
  const objects = (['Contact', 'Lead'] as const).filter((object) =>
    RELATIONSHIPS_OF[object].includes(relationship),
  );
  const answers = await Promise.all(
    objects.map((object) => {
      const ids = idsOf(people, object);
      return ids.length === 0 ? [] : activitiesOf(ctx, object, ids, relationship);
    }),
  );
  const records = answers.flat().flatMap((person) => {
    const children = person[relationship];
    if (children.more) {
      ctx.log.debug({ relationship }, 'salesforce subquery kept records back: the newest were read');
    }
    return children.records;
  });
  const time = (record: (typeof records)[number]) => Date.parse(dateOf(record) ?? '') || 0;
  return records.sort((a, b) => time(b) - time(a)).slice(0, Math.max(1, Math.floor(ctx.limit)));
}

/** Leads cannot own cases: only Contacts are asked about. */
async function listCases(ctx: SalesforceContext, people: SalesforcePerson[]) {
  if (idsOf(people, 'Contact').length === 0) return [];
  // The cases and the org's statuses do not depend on each other: one round trip, not two.
  const [cases, orgStatuses] = await Promise.all([
    childrenOf(ctx, people, 'Cases', (record) => record.CreatedDate),
    caseStatusesOf(ctx),
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
  const tasks = await childrenOf(ctx, people, 'Tasks', (record) => record.CreatedDate);
  const mapping = createTaskMapping({ log: ctx.log, overrides: ctx.settings, agentOrigin: agentOrigin(ctx) });
  return tasks.map((record) => mapSalesforceTask(record, mapping));
}

async function listEvents(ctx: SalesforceContext, people: SalesforcePerson[]) {
  const events = await childrenOf(ctx, people, 'Events', (record) => record.StartDateTime);
  const mapping = createEventMapping({
    log: ctx.log,
    overrides: ctx.settings,
    agentOrigin: agentOrigin(ctx),
  });
  return events.map((record) => mapSalesforceEvent(record, mapping));
}
