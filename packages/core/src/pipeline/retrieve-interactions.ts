import type {
  AnyConnector,
  ConnectorContext,
  ConnectorInteraction,
  ContactQuery,
  ContactRef,
} from '../connector.js';
import {
  type Interaction,
  interactionRetrievalRequestSchema,
  interactionRetrievalResponseSchema,
} from '../contract/interaction-retrieval.js';
import { BridgeError, type BridgeErrorCode, toBridgeError } from '../errors.js';
import type { BridgeLogger } from '../logger.js';
import type { CountryCode } from '../phone.js';
import { toTalkdeskDate } from '../talkdesk-date.js';
import { zodIssues } from '../zod-issues.js';
import type { PipelineOptions } from './connector-context.js';
import { toContactQuery } from './contact-query.js';
import { deadlineExceeded, withinDeadline } from './deadline.js';
import { listingForEmail } from './list-for-email.js';
import { parseAuth, parseRequest } from './parse-request.js';
import { resolveContacts } from './resolve-contacts.js';
import { runOperation } from './run-operation.js';
import { contactCacheUse, integrationIdOf } from './runtime-scope.js';

export const DEFAULT_INTERACTION_LIMIT = 50;

export interface RetrieveInteractionsOptions extends PipelineOptions {
  /** The most interactions in the answer (newest kept). Default 50. */
  limit?: number;
  /** Country assumed for phone numbers written without a country code. Default US. */
  defaultCountry?: CountryCode;
  /**
   * When some types fail and others load, answer with the ones that loaded (default true): an agent sees
   * the tickets even when the notes' service is down. Refused credentials still fail the whole answer (so
   * Talkdesk refreshes an OAuth token), and so does every type failing. `false`: any failing type fails it.
   */
  partialAnswers?: boolean;
  /**
   * Start the email (or phone) lookup in the same round as the external id's instead of after it: a stale
   * id then costs no extra round trip, and a good one costs one lookup call that is thrown away. Default false.
   */
  lookupAlongsideExternalId?: boolean;
  /** Told which requested types a partial answer left out, and why (for a response header and metrics). */
  onOmittedTypes?: (omitted: readonly OmittedType[]) => void;
}

/** A requested type a partial answer leaves out: its lister failed, or had not finished by the deadline. */
export interface OmittedType {
  type: string;
  code: BridgeErrorCode;
}

/**
 * Failures that are the request's, not one type's: every type would fail the same way, and Talkdesk must see
 * them as they are (a 401 makes it refresh an OAuth token and replay).
 */
const WHOLE_ANSWER_CODES: ReadonlySet<BridgeErrorCode> = new Set([
  'invalid_credentials',
  'host_not_allowed',
  'invalid_request',
  'not_configured',
]);

/** Time kept back from the deadline to assemble a partial answer once slow types are given up on. */
export function answerMarginMs(deadlineMs: number): number {
  return Math.min(250, Math.max(20, Math.floor(deadlineMs / 20)));
}

/**
 * The interaction retriever: Talkdesk's request in, Talkdesk's answer out. Validates the request and the
 * connector's auth fields, resolves the contact, fetches every requested type in parallel, formats dates,
 * de-duplicates by id, sorts newest first, caps the list and validates the answer before returning it.
 */
export async function retrieveInteractions(
  connector: AnyConnector,
  body: unknown,
  options: RetrieveInteractionsOptions = {},
): Promise<Interaction[]> {
  const request = parseRequest(interactionRetrievalRequestSchema, body);
  // The auth fields first: nothing else is read for a request without this connector's credentials.
  const auth = parseAuth(connector, request.auth);
  const limit = options.limit ?? DEFAULT_INTERACTION_LIMIT;
  const types = selectTypes(connector, request.meta?.interaction_types);
  if (types.length === 0) return [];
  const query = toContactQuery(request.data, options.defaultCountry);

  const partial = options.partialAnswers ?? true;
  const retrieve = (runOptions: RetrieveInteractionsOptions): Promise<RetrievalOutcome> =>
    runOperation(connector, auth, runOptions, { limit, query }, async (ctx) => {
      const cache = contactCacheUse(connector, runOptions, ctx.auth, ctx.signal);
      const early = listForExternalId(connector, ctx, query, types, partial);
      const byEmail = listingForEmail(connector, (contacts) =>
        listEveryType(connector, ctx, contacts, types, partial),
      );
      const contacts = await resolveContacts(connector, ctx, query, cache, {
        alongsideExternalId: runOptions.lookupAlongsideExternalId ?? false,
        ...(byEmail ? { onLookup: byEmail.startBeside } : {}),
      });
      const keptByEmail = byEmail?.keptFor(contacts);
      let listed: ListedTypes;
      if (early && isOnly(contacts, early.contact)) listed = await early.listed;
      else {
        // A stale id, or an email listing the lookup does not confirm (a contact found by another address,
        // several contacts, none): what was listed is not (all) this contact's. Its calls still in flight
        // end with the operation (everything it started is aborted then).
        if (early)
          ctx.log.debug({ matches: contacts.length }, 'external id not confirmed: early listing dropped');
        if (keptByEmail) listed = await keptByEmail;
        else {
          if (byEmail?.started)
            ctx.log.debug({ matches: contacts.length }, 'email not confirmed: early listing dropped');
          if (contacts.length === 0) return { interactions: [], omitted: [] };
          listed = await listEveryType(connector, ctx, contacts, types, partial);
        }
      }
      logOmittedTypes(ctx.log, listed.omitted);
      return { interactions: finaliseAnswer(listed.interactions, limit), omitted: listed.omitted };
    });
  const answer = (outcome: RetrievalOutcome): Interaction[] => {
    if (outcome.omitted.length > 0) options.onOmittedTypes?.(outcome.omitted);
    return outcome.interactions;
  };

  const state = options.runtimeState;
  if (!state) return answer(await retrieve(options));
  // Identical retrievals in flight (same integration, credentials, contact, types and cap) share one run.
  // The shared run is not tied to the first caller's connection: each caller stops waiting when its own
  // request goes away, and the run itself stays bounded by the deadline.
  const integrationId = integrationIdOf(connector, options);
  // A key of this process's own map of work in flight, never stored or sent: the parts as they are (with the
  // credentials' identity, not the credentials) rather than an HMAC of them, which only keys a shared store need.
  const key = JSON.stringify([integrationId, state.keys.credentialIdentity(auth), types, query, limit]);
  const { signal, onOmittedTypes: _own, ...shared } = options;
  const run = state.flights.run(
    key,
    () => retrieve(shared),
    () => state.emit({ type: 'coalesced', what: 'retrieval', integrationId }),
  );
  return answer(await (signal ? withinDeadline(run, signal) : run));
}

/** What the listers found (or, once finalised, the answer) and the requested types left out. */
interface ListedTypes {
  interactions: Interaction[];
  omitted: OmittedType[];
}

/** A retrieval's result: the finalised answer and the types it left out. */
type RetrievalOutcome = ListedTypes;

/**
 * For a connector that can name the contact of a synced external id without a call
 * (`contactFromExternalId`), starts every requested type's lister for that contact now, in the same round
 * as the id's lookup rather than after it. Undefined when there is no id or the connector cannot.
 */
function listForExternalId(
  connector: AnyConnector,
  ctx: ConnectorContext<unknown, unknown>,
  query: ContactQuery,
  types: readonly string[],
  partial: boolean,
): { contact: ContactRef; listed: Promise<ListedTypes> } | undefined {
  if (query.externalId === undefined || !connector.contactFromExternalId) return undefined;
  const contact: ContactRef | undefined = connector.contactFromExternalId(query.externalId);
  if (!contact) return undefined;
  const listed = listEveryType(connector, ctx, [contact], types, partial);
  // Not awaited when the id turns out stale (or the lookup fails first): its failure must not surface unhandled.
  listed.catch(() => {});
  return { contact, listed };
}

/**
 * Whether the lookup found exactly the contact the early listing was for: one contact, with the same fields
 * (a connector's ref can say more than the id, e.g. which module the record is in). Compared field by field;
 * a nested value counts as different, so the listing is redone rather than trusted.
 */
function isOnly(contacts: readonly ContactRef[], contact: ContactRef): boolean {
  const [found] = contacts;
  if (contacts.length !== 1 || !found) return false;
  const expected = Object.entries(contact);
  const actual = new Map(Object.entries(found));
  return expected.length === actual.size && expected.every(([field, value]) => actual.get(field) === value);
}

/**
 * Every requested type's lister, in parallel. With partial answers on, a type that fails (other than in a
 * way that is the whole request's) is left out and named, and types still running when the answer must be
 * assembled (just before the deadline) are left out too; when no type loaded, the first failure is the
 * answer. With them off, the first failure fails the answer.
 */
async function listEveryType(
  connector: AnyConnector,
  ctx: ConnectorContext<unknown, unknown>,
  contacts: ContactRef[],
  types: readonly string[],
  partial: boolean,
): Promise<ListedTypes> {
  const listOne = async (type: string): Promise<Interaction[]> => {
    const list = connector.interactions[type];
    const items: ConnectorInteraction[] = list ? await list(ctx, contacts) : [];
    return toTalkdeskInteractions(items, type, ctx.log);
  };
  if (!partial) return { interactions: (await Promise.all(types.map(listOne))).flat(), omitted: [] };

  const results: ({ ok: true; items: Interaction[] } | { ok: false; error: BridgeError } | undefined)[] =
    types.map(() => undefined);
  const settled = Promise.all(
    types.map((type, index) =>
      listOne(type).then(
        (items) => {
          results[index] = { ok: true, items };
        },
        (error: unknown) => {
          results[index] = { ok: false, error: toBridgeError(error) };
        },
      ),
    ),
  );
  // Give up on slow types a little before the deadline, so the ones that finished still make the answer.
  let timer: NodeJS.Timeout | undefined;
  const cutOff = new Promise<void>((resolve) => {
    const remaining = ctx.deadline - Date.now();
    timer = setTimeout(resolve, Math.max(0, remaining - answerMarginMs(remaining)));
    timer.unref?.();
  });
  try {
    await Promise.race([settled, cutOff]);
  } finally {
    clearTimeout(timer);
  }

  const interactions: Interaction[] = [];
  const omitted: OmittedType[] = [];
  let firstFailure: BridgeError | undefined;
  for (const [index, type] of types.entries()) {
    const result = results[index];
    if (result?.ok) {
      interactions.push(...result.items);
      continue;
    }
    const error = result?.error ?? deadlineExceeded();
    if (WHOLE_ANSWER_CODES.has(error.code)) throw error;
    firstFailure ??= error;
    omitted.push({ type, code: error.code });
  }
  if (omitted.length === types.length && firstFailure) throw firstFailure;
  return { interactions, omitted };
}

/** Logged once the answer is settled (not for an early listing that is thrown away). */
function logOmittedTypes(log: BridgeLogger, omitted: readonly OmittedType[]): void {
  for (const { type, code } of omitted) {
    // A bug in a lister is ours to fix: said louder than a vendor's bad moment.
    const level = code === 'internal' ? 'error' : 'warn';
    log[level]({ type, code }, 'interaction type left out of the answer');
  }
}

/** The requested types this connector supports, in the connector's order; none requested means all. */
export function selectTypes(connector: AnyConnector, requested: readonly string[] | undefined): string[] {
  if (!requested || requested.length === 0) return [...connector.interactionTypes];
  const wanted = new Set(requested);
  return connector.interactionTypes.filter((type: string) => wanted.has(type));
}

function toTalkdeskInteractions(
  items: ConnectorInteraction[],
  type: string,
  log: BridgeLogger,
): Interaction[] {
  const out: Interaction[] = [];
  for (const item of items) {
    const date = toTalkdeskDate(item.date);
    if (date === undefined) {
      // One unreadable date should not blank the agent's screen; say so where an operator will see it.
      log.warn({ type, interactionId: String(item.id) }, 'interaction skipped: its date is not a valid date');
      continue;
    }
    out.push({
      id: String(item.id),
      subject: item.subject,
      ...(item.description ? { description: item.description } : {}),
      date,
      ...(item.url ? { url: item.url } : {}),
      type,
      priority: item.priority,
      status: item.status,
    });
  }
  return out;
}

/** De-duplicate by id (first seen wins), newest first, at most `limit`, then check the contract. */
function finaliseAnswer(interactions: Interaction[], limit: number): Interaction[] {
  const byId = new Map<string, Interaction>();
  for (const interaction of interactions)
    if (!byId.has(interaction.id)) byId.set(interaction.id, interaction);
  // Every date here came from toTalkdeskDate: `YYYY-MM-DD HH:MM:SS UTC`, fixed width with a four-digit year,
  // so text order is time order and no date is parsed a second time. The sort is stable: ties keep their order.
  const sorted = [...byId.values()]
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
    .slice(0, Math.max(0, limit));

  const checked = interactionRetrievalResponseSchema.safeParse(sorted);
  if (!checked.success) {
    // A connector produced something outside Talkdesk's contract: our bug, not the caller's.
    throw new BridgeError('internal', 'The connector produced interactions outside the Talkdesk contract', {
      issues: zodIssues(checked.error),
    });
  }
  return checked.data;
}
