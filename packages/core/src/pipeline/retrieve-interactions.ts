import type { AnyConnector, ConnectorInteraction } from '../connector.js';
import {
  type Interaction,
  interactionRetrievalRequestSchema,
  interactionRetrievalResponseSchema,
} from '../contract/interaction-retrieval.js';
import { BridgeError } from '../errors.js';
import type { BridgeLogger } from '../logger.js';
import type { CountryCode } from '../phone.js';
import { talkdeskDateToMillis, toTalkdeskDate } from '../talkdesk-date.js';
import { zodIssues } from '../zod-issues.js';
import type { PipelineOptions } from './connector-context.js';
import { toContactQuery } from './contact-query.js';
import { withinDeadline } from './deadline.js';
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

  const retrieve = (runOptions: RetrieveInteractionsOptions) =>
    runOperation(connector, auth, runOptions, { limit, query }, async (ctx) => {
      const cache = contactCacheUse(connector, runOptions, ctx.auth, ctx.signal);
      const contacts = await resolveContacts(connector, ctx, query, cache);
      if (contacts.length === 0) return [];
      const perType = await Promise.all(
        types.map(async (type) => {
          const list = connector.interactions[type];
          const items: ConnectorInteraction[] = list ? await list(ctx, contacts) : [];
          return toTalkdeskInteractions(items, type, ctx.log);
        }),
      );
      return finaliseAnswer(perType.flat(), limit);
    });

  const state = options.runtimeState;
  if (!state) return retrieve(options);
  // Identical retrievals in flight (same integration, credentials, contact, types and cap) share one run.
  // The shared run is not tied to the first caller's connection: each caller stops waiting when its own
  // request goes away, and the run itself stays bounded by the deadline.
  const integrationId = integrationIdOf(connector, options);
  const key = state.keys.derive('flight', [
    integrationId,
    state.keys.credentialIdentity(auth),
    types,
    query,
    limit,
  ]);
  const { signal, ...shared } = options;
  const run = state.flights.run(
    key,
    () => retrieve(shared),
    () => state.emit({ type: 'coalesced', what: 'retrieval', integrationId }),
  );
  return signal ? withinDeadline(run, signal) : run;
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
  const sorted = [...byId.values()]
    .map((interaction) => ({ interaction, time: talkdeskDateToMillis(interaction.date) }))
    .sort((a, b) => b.time - a.time)
    .slice(0, Math.max(0, limit))
    .map(({ interaction }) => interaction);

  const checked = interactionRetrievalResponseSchema.safeParse(sorted);
  if (!checked.success) {
    // A connector produced something outside Talkdesk's contract: our bug, not the caller's.
    throw new BridgeError('internal', 'The connector produced interactions outside the Talkdesk contract', {
      issues: zodIssues(checked.error),
    });
  }
  return checked.data;
}
