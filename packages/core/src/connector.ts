import { z } from 'zod';
import type { ActionExecutionResponse } from './contract/action-execution.js';
import type { Agent } from './contract/agent-synchronization.js';
import type { SyncedContact } from './contract/contact-synchronization.js';
import type { InteractionPriority, InteractionStatus } from './contract/interaction-retrieval.js';
import type { ConnectorHttp, HttpClient } from './http/http-client.js';
import type { BridgeLogger } from './logger.js';
import type { DateInput } from './talkdesk-date.js';

/** What a connector knows about a contact it found: at least its id, plus whatever it needs later. */
export interface ContactRef {
  id: string;
}

/**
 * One step of contact resolution. The pipeline owns the order (external id, then emails, then phones) and
 * stops at the first step that finds someone; the connector answers each step with as few upstream calls
 * as its API allows (one search over all emails beats one call per email).
 */
export type ContactLookup =
  | { by: 'externalId'; externalId: string }
  /** Trimmed, lower-cased, de-duplicated. */
  | { by: 'email'; emails: string[] }
  /** Normalised to E.164 (`+15555555555`), de-duplicated. */
  | { by: 'phone'; phones: string[] };

/** The data of the request that says who the contact is, as the connector sees it. */
export interface ContactQuery {
  externalId?: string;
  name?: string;
  emails: string[];
  phones: string[];
}

/** An interaction as a connector returns it; the pipeline adds `type` and formats `date`. */
export interface ConnectorInteraction {
  id: string;
  subject: string;
  description?: string;
  /** Created date, or the due date of a future item (task, event). Any ISO 8601 text, epoch ms or Date. */
  date: DateInput;
  url?: string;
  priority: InteractionPriority;
  status: InteractionStatus;
}

export interface ConnectorContext<TAuth, TSettings> {
  /** The request's credentials, validated by the connector's `auth` schema. */
  auth: TAuth;
  /** The integration's options from the gateway config, validated by the connector's `settings` schema. */
  settings: TSettings;
  /** Aborted when the request's deadline passes or the caller goes away. */
  signal: AbortSignal;
  /** Epoch milliseconds after which the answer is no longer wanted. */
  deadline: number;
  /** The most interactions the answer may hold: stop paging once a type has this many. */
  limit: number;
  log: BridgeLogger;
  /**
   * A client already pointed at the service (the operator's `baseUrl`, or the origin from the auth fields
   * through the host guard) and authenticated, with the deadline, retries and error mapping built in.
   */
  http: HttpClient;
  /** Who the request is about, for connectors that use more than the current lookup (e.g. the name). */
  query: ContactQuery;
}

/** Lists one interaction type for the contacts a lookup found: newest first, at most `ctx.limit`. */
// Declared as a method (the "bivariance hack"): a registry of connectors with different contexts and contact
// types must still hold each one's listers, as it does their other methods.
export type InteractionLister<TContext, TContact extends ContactRef = ContactRef> = {
  list(ctx: TContext, contacts: TContact[]): Promise<ConnectorInteraction[]>;
}['list'];

/**
 * Listing by email in the lookup's round (`listingByEmail`). Core starts it only when the email step of the
 * lookup goes to the connector (not on a contact-cache hit, which needs no call: listing by the cached
 * contact is one round anyway), for a request with exactly one email (with several, a listing per email
 * would spend calls the search does not need), and not for an email lookup started beside the external
 * id's (`lookupAlongsideExternalId`): the id usually holds, and a second thrown-away call per view is too
 * dear. It keeps the listing when the lookup resolves exactly one contact for which `holdsFor` says the
 * listing by that email is that contact's listing; otherwise the listing is thrown away (its calls still in
 * flight end with the operation, their failures unseen) and the found contacts are listed as usual.
 */
export interface EmailListing<TContact extends ContactRef = ContactRef> {
  /**
   * The provisional contact the listers receive, built without a call: it names the email to list by (its
   * `id` is never the vendor's). Every lister of the connector must list by the email for it. Undefined
   * for an email the vendor's filter cannot take: nothing is started.
   */
  contactFromEmail(email: string): TContact | undefined;
  /**
   * Whether what the listers found by `email` is everything they would find for `found`, the one contact
   * the lookup resolved: e.g. `email` is that contact's primary address, the one the vendor's filter
   * matches. When unsure, false: the contact is listed again by its id (one more round, never a wrong answer).
   */
  holdsFor(found: TContact, email: string): boolean;
}

/**
 * Contact synchronization: one page of the contacts updated at or after `updatedSince` (all of them when
 * absent), ascending by update time, at most `ctx.limit`, continuing from `cursor`. The connector says what
 * its cursor holds with a zod schema (bound every string and number in it): core carries the cursor inside
 * Talkdesk's opaque offset and validates it on the way back, so `page` only ever sees a cursor of that
 * shape, and a forged or stale offset is core's 400. Declare it with `contactSync()`.
 */
export interface ContactSync<TContext, TCursor> {
  cursor: z.ZodType<TCursor>;
  page(
    ctx: TContext,
    page: { updatedSince?: Date; cursor?: TCursor },
  ): Promise<{ contacts: ConnectorContact[]; nextCursor?: TCursor | undefined }>;
}

/** Agent synchronization: one page of the service's agents, continuing from `cursor` (see `ContactSync`). */
export interface AgentSync<TContext, TCursor> {
  cursor: z.ZodType<TCursor>;
  page(
    ctx: TContext,
    page: { cursor?: TCursor },
  ): Promise<{ agents: Agent[]; nextCursor?: TCursor | undefined }>;
}

/** A contact synchronization whose cursor type is inferred from its schema. */
export function contactSync<TContext, TCursor>(
  sync: ContactSync<TContext, TCursor>,
): ContactSync<TContext, TCursor> {
  return sync;
}

/** An agent synchronization whose cursor type is inferred from its schema. */
export function agentSync<TContext, TCursor>(
  sync: AgentSync<TContext, TCursor>,
): AgentSync<TContext, TCursor> {
  return sync;
}

/**
 * A service's OAuth 2.0 authorization-code flow, as Talkdesk runs it: Talkdesk sends the user to
 * `authorizationUrl`, trades the code at `tokenUrl`, stores the token (and refresh token) and sends it in
 * `auth`; on a 401 from the bridge it refreshes the token and replays the request. The connector's auth
 * schema marks the fields the authority provides with `.meta({ type: 'oauth' })`.
 */
export interface OAuth2Declaration {
  /** Where the user grants access. `{field}` is replaced by an auth field the user types (`{subdomain}`). */
  authorizationUrl: string;
  /** Where Talkdesk trades the code for a token. `{field}` as above. */
  tokenUrl: string;
  /** The scopes the connector's calls need, least privilege. */
  scopes: readonly string[];
  /** Auth fields the user still types with OAuth 2.0 (a subdomain): everything else comes from the authority. */
  inputFields?: readonly string[];
  /** The vendor's page on registering an OAuth app, for the operator. */
  docsUrl?: string;
}

/** What an action's `run` receives besides the context: Talkdesk's inputs and the ids it knows. */
export interface ActionRequest {
  data: Record<string, string>;
  contactExternalId?: string;
  agentExternalId?: string;
}

/**
 * The context a connector's functions receive, from its auth and settings schemas: what `<id>-context.ts`
 * exports as the connector's context type (`type ZendeskContext = ContextOf<typeof zendeskAuth, typeof
 * zendeskSettings>`), so no file needs the connector definition to know it.
 */
export type ContextOf<
  TAuthSchema extends z.ZodType,
  TSettingsSchema extends AnyObjectSchema = z.ZodObject<Record<never, never>>,
> = ConnectorContext<z.output<TAuthSchema>, ConnectorSettings<TSettingsSchema>>;

/**
 * The options an operator writes for a connector (its settings schema's input, plus `baseUrl`): what each
 * connector package exports as `<Service>Settings`.
 */
export type SettingsInputOf<TSettingsSchema extends AnyObjectSchema = z.ZodObject<Record<never, never>>> =
  z.input<TSettingsSchema> & { baseUrl?: string };

/** Settings every connector accepts from the operator, whatever else it declares. */
export const baseSettingsShape = {
  /**
   * Replaces the origin (scheme, host, port) the tenant's auth fields would give; the connector still
   * appends its API path. Trusted: it comes from the operator, not from the request.
   */
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://acme.zendesk.com' })
    .optional(),
};

type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

// biome-ignore lint/suspicious/noExplicitAny: a cursor is each connector's own type; contactSync() and agentSync() check it against its schema.
type AnyCursor = any;

export interface ConnectorDefinition<
  TAuthSchema extends z.ZodType,
  TSettingsSchema extends AnyObjectSchema,
  TContact extends ContactRef,
> {
  /** The connector's id: the integration id it is served under by default, and its package suffix. */
  id: string;
  displayName: string;
  /** One sentence about the service, used in the integration's Talkdesk configuration. */
  description: string;
  /** Logo and icon for Talkdesk's integration list; the gateway serves a generated one otherwise. */
  logoUrl?: string;
  iconUrl?: string;
  /** The Talkdesk auth fields this connector needs. */
  auth: TAuthSchema;
  /** Operator options from the gateway config; `baseUrl` is always accepted on top of these. */
  settings?: TSettingsSchema;
  /**
   * One lister per Talkdesk interaction type this connector returns, keyed by the type's name
   * (`{ ticket: listTickets }`); the integration's interaction types are these keys, in this order.
   */
  interactions: Readonly<
    Record<
      string,
      InteractionLister<ConnectorContext<z.output<TAuthSchema>, ConnectorSettings<TSettingsSchema>>, TContact>
    >
  >;
  /**
   * How Talkdesk may connect users with OAuth 2.0 instead of typed-in credentials (the operator chooses per
   * integration): the vendor's authorization and token endpoints and the scopes the connector needs.
   */
  oauth?: OAuth2Declaration;
  /** Host patterns (`*.zendesk.com`) that an origin built from the auth fields may point to. */
  hosts?: readonly string[];
  /** How to reach and authenticate to the service; `ctx.http` is built from it. */
  http?: ConnectorHttp<z.output<TAuthSchema>>;
  findContacts(
    ctx: ConnectorContext<z.output<TAuthSchema>, ConnectorSettings<TSettingsSchema>>,
    lookup: ContactLookup,
  ): Promise<TContact[]>;

  /**
   * The contact a synced external id names, built without a call, for a connector whose listers need
   * nothing of a contact but its id (the vendor filters interactions by it: `?requester_id=`). Core then
   * starts the listers in the same round as `findContacts` checks the id, and keeps what they found when the
   * id is confirmed: one vendor round trip by external id instead of two, with the same calls. When the id
   * is stale (merged, deleted) that listing is thrown away and the lookup goes on as without it. Return the
   * ref exactly as `findContacts` returns it for that id (the listing is kept only when every field matches),
   * or undefined for an id that cannot be one of the service's (not numeric, say): nothing is started.
   */
  contactFromExternalId?(externalId: string): TContact | undefined;

  /**
   * For a connector whose listers can list by the requester's email alone (the vendor filters interactions
   * by it: `GET /tickets?email=`): core then starts the listers for a provisional contact named by the
   * request's email in the same round as `findContacts` looks that email up, and keeps what they found when
   * the lookup confirms it. One vendor round trip for a first view by email instead of two, with the same
   * calls. See `EmailListing` for when it is started, kept and dropped.
   */
  listingByEmail?: EmailListing<TContact>;

  /**
   * Auth validation: checks the credentials with one cheap upstream call (a refusal throws
   * `invalid_credentials`). May return auth fields for Talkdesk to store (keys configured with source
   * `auth_validation`).
   */
  validateAuth?(
    ctx: ConnectorContext<z.output<TAuthSchema>, ConnectorSettings<TSettingsSchema>>,
  ): Promise<Record<string, string> | undefined>;

  /** Contact synchronization, one page at a time (see `ContactSync`); declare it with `contactSync()`. */
  syncContacts?: ContactSync<
    ConnectorContext<z.output<TAuthSchema>, ConnectorSettings<TSettingsSchema>>,
    AnyCursor
  >;

  /** Agent synchronization, one page of the service's agents (users); declare it with `agentSync()`. */
  syncAgents?: AgentSync<
    ConnectorContext<z.output<TAuthSchema>, ConnectorSettings<TSettingsSchema>>,
    AnyCursor
  >;

  /**
   * Readiness: resolves when the service this integration depends on answers (a database the connector
   * keeps state in), throws otherwise. The gateway's `/readyz` calls it for every integration whose
   * connector has it, bounded in time by `signal`. Connectors that only call a vendor on a user's behalf
   * leave it out: a vendor outage must not take the gateway out of its load balancer.
   */
  checkReadiness?(settings: ConnectorSettings<TSettingsSchema>, signal: AbortSignal): Promise<void>;

  /**
   * Called by the gateway at start, once per integration, before it listens: checks what can be checked
   * before the first request (e.g. that each configured query describes against the database). Throws
   * when the integration cannot work; when a dependency is merely unreachable it logs and checks later.
   */
  prepare?(settings: ConnectorSettings<TSettingsSchema>, log: BridgeLogger): Promise<void>;

  /** Called by the gateway on shutdown, once per integration: releases pools and timers. */
  close?(settings: ConnectorSettings<TSettingsSchema>): Promise<void>;

  /** Actions Talkdesk can execute, by action name (`create_ticket`, `log_call`, `create_note`…). */
  actions?: Readonly<
    Record<
      string,
      ConnectorAction<ConnectorContext<z.output<TAuthSchema>, ConnectorSettings<TSettingsSchema>>>
    >
  >;

  /**
   * For a connector whose auth fields, interaction types or hooks come from the integration's options
   * (a declarative connector): called once per integration, when the gateway starts, with the options
   * its settings schema validated; returns the connector that serves that integration. That connector's
   * own settings schema then checks the same options on every request, so it should be cheap. A connector
   * with `forIntegration` may declare no interaction types of its own: it is never served unbound.
   */
  forIntegration?(settings: ConnectorSettings<TSettingsSchema>, integration: { id: string }): AnyConnector;
}

/** A contact for contact synchronization: Talkdesk's fields plus when it last changed. */
export interface ConnectorContact extends SyncedContact {
  updatedAt: DateInput;
}

export interface ActionInput {
  key: string;
  name: string;
  mandatory: boolean;
}

export interface ConnectorAction<TContext> {
  /** Lower case, fits "Then …": `create a ticket`. */
  display: string;
  /** Lower case, fits "Then …": `create a new ticket in Zendesk`. */
  description: string;
  inputs: readonly ActionInput[];
  /**
   * Runs the action once. Never retried blindly: it creates things (the HTTP client retries a POST only
   * when the connector passes an idempotency key the service honours).
   */
  run(ctx: TContext, request: ActionRequest): Promise<ActionExecutionResponse>;
}

export type ConnectorSettings<TSettingsSchema extends AnyObjectSchema> = z.output<TSettingsSchema> & {
  baseUrl?: string;
};

/** A defined connector: its definition plus what is derived from it. */
export interface Connector<
  TAuthSchema extends z.ZodType = z.ZodType,
  TSettingsSchema extends AnyObjectSchema = AnyObjectSchema,
  TContact extends ContactRef = ContactRef,
> extends ConnectorDefinition<TAuthSchema, TSettingsSchema, TContact> {
  /** The interaction types, in declaration order: the keys of `interactions`. */
  interactionTypes: readonly string[];
  /** The connector's settings plus `baseUrl`; unknown keys are rejected so typos surface at start. */
  settingsSchema: z.ZodType<ConnectorSettings<TSettingsSchema>>;
}

// biome-ignore lint/suspicious/noExplicitAny: a registry holds connectors of every auth and contact shape.
export type AnyConnector = Connector<any, any, any>;

export function defineConnector<
  TAuthSchema extends z.ZodType,
  TSettingsSchema extends AnyObjectSchema = z.ZodObject<Record<never, never>>,
  TContact extends ContactRef = ContactRef,
>(
  definition: ConnectorDefinition<TAuthSchema, TSettingsSchema, TContact>,
): Connector<TAuthSchema, TSettingsSchema, TContact> {
  if (!/^[a-z][a-z0-9-]*$/.test(definition.id)) {
    throw new TypeError(`Connector id "${definition.id}" must be lower-case letters, digits and dashes`);
  }
  // A defined connector spread into a new definition brings its derived fields along: they are derived again.
  const {
    interactionTypes: _derived,
    settingsSchema: _alsoDerived,
    ...rest
  } = definition as Partial<Connector<TAuthSchema, TSettingsSchema, TContact>> &
    ConnectorDefinition<TAuthSchema, TSettingsSchema, TContact>;
  const interactions = { ...definition.interactions };
  const interactionTypes = Object.keys(interactions);
  for (const type of interactionTypes) {
    if (!/^[a-z][a-z0-9_]*$/.test(type)) {
      throw new TypeError(
        `Connector "${definition.id}": interaction type "${type}" must be lower-case letters, digits and underscores`,
      );
    }
  }
  if (interactionTypes.length === 0 && !definition.forIntegration) {
    throw new TypeError(`Connector "${definition.id}" must declare at least one interaction type`);
  }
  const settings = definition.settings ?? z.object({});
  // safeExtend keeps the connector's own refinements; strict makes a mistyped option an error at start.
  const settingsSchema = settings.safeExtend(baseSettingsShape).strict() as unknown as z.ZodType<
    ConnectorSettings<TSettingsSchema>
  >;
  return { ...rest, interactions, interactionTypes, settingsSchema };
}

/**
 * The connector that serves an integration with these (validated) options: the connector itself, or what
 * its `forIntegration` builds from them.
 */
export function connectorForIntegration(
  connector: AnyConnector,
  settings: unknown,
  integration: { id: string },
): AnyConnector {
  return connector.forIntegration ? connector.forIntegration(settings, integration) : connector;
}
