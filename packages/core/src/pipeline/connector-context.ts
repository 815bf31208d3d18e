import type { AnyConnector, ConnectorContext, ContactQuery } from '../connector.js';
import { BridgeError } from '../errors.js';
import type { HostResolver } from '../http/address-guard.js';
import { type CallLimiter, createCallLimiter, MAX_CALLS_PER_REQUEST } from '../http/call-limiter.js';
import { createHttpClient, type HttpClient, type UpstreamCallEvent } from '../http/http-client.js';
import { originOf } from '../http/resolve-origin.js';
import type { RetryPolicy } from '../http/retry-policy.js';
import type { BridgeLogger } from '../logger.js';
import { type RateBudgetSize, resizeRateBudgets } from '../runtime/rate-budget.js';
import type { RuntimeState } from '../runtime/runtime-state.js';
import type { Deadline } from './deadline.js';
import { budgetAccountOf } from './runtime-scope.js';

/** Options every hook's pipeline accepts. */
export interface PipelineOptions {
  /** The integration's options for this connector (validated by its settings schema). */
  settings?: unknown;
  /** Milliseconds the whole operation may take, upstream retries included. Default 8000. */
  deadlineMs?: number;
  /** The caller's own cancellation, e.g. the HTTP client went away. */
  signal?: AbortSignal;
  log?: BridgeLogger;
  /** Told about every upstream call: method, path template, status, attempts, duration. */
  onUpstreamCall?: (event: UpstreamCallEvent) => void;
  /**
   * Adds each call's full URL (credentials redacted) to the events: for debugging tools such as
   * `talkbridge-gateway try`, never for metrics (it holds ids, emails and phone numbers).
   */
  reportUrls?: boolean;
  /** Overrides the retry policy (tests use short delays). */
  retry?: RetryPolicy;
  /** One upstream attempt may take at most this long. Default 5000. */
  attemptTimeoutMs?: number;
  /** Largest upstream answer read. Default 5 MiB. */
  maxResponseBytes?: number;
  /**
   * Shared by every request to one integration: caps its upstream calls in flight together (the gateway
   * makes one per integration). Each request is also capped on its own (`MAX_CALLS_PER_REQUEST`).
   */
  upstreamLimiter?: CallLimiter;
  /** Resolves tenant-derived host names for the connect-time address check. Default: the system's DNS. */
  resolveHost?: HostResolver;
  /**
   * What the gateway keeps between requests: contact cache, identical work shared in flight, per-account
   * rate budgets. Without it every lookup goes upstream and calls are not paced.
   */
  runtimeState?: RuntimeState;
  /** Names the integration in cache keys and events; the connector's id when absent. */
  integrationId?: string;
  /** This integration's contact cache TTL in ms (0 turns it off); the runtime state's default otherwise. */
  contactCacheTtlMs?: number;
  /**
   * This integration's sizes for some of the connector's declared rate budgets, by budget name (an account
   * on a higher plan than the one the connector declares). A name the connector does not declare fails.
   */
  rateBudgetSizes?: Readonly<Record<string, RateBudgetSize>>;
}

/**
 * The context handed to a connector's operations. Builds the HTTP client, which checks an origin derived
 * from the auth fields against the connector's hosts before anything is sent.
 */
export function createConnectorContext(
  connector: AnyConnector,
  parts: {
    auth: unknown;
    settings: Record<string, unknown>;
    deadline: Deadline;
    log: BridgeLogger;
    limit: number;
    query: ContactQuery;
  },
  options: PipelineOptions,
): ConnectorContext<unknown, unknown> {
  const target = connector.http
    ? originOf(
        connector.http,
        parts.auth,
        connector.hosts ?? [],
        typeof parts.settings.baseUrl === 'string' ? parts.settings.baseUrl : undefined,
      )
    : undefined;
  const http: HttpClient =
    connector.http && target
      ? createHttpClient({
          connectorId: connector.id,
          http: withBudgetSizes(connector.http, options.rateBudgetSizes),
          auth: parts.auth,
          origin: target.origin,
          // The request's own cap first, then the integration's (made only for a connector that calls out).
          limiters: [
            createCallLimiter(MAX_CALLS_PER_REQUEST),
            ...(options.upstreamLimiter ? [options.upstreamLimiter] : []),
          ],
          ...(target.fromTenant
            ? { addressGuard: options.resolveHost ? { resolver: options.resolveHost } : {} }
            : {}),
          signal: parts.deadline.signal,
          deadline: parts.deadline.at,
          log: parts.log,
          ...(options.onUpstreamCall ? { onUpstreamCall: options.onUpstreamCall } : {}),
          ...(options.reportUrls ? { reportUrls: true } : {}),
          ...(options.retry ? { retry: options.retry } : {}),
          ...(options.attemptTimeoutMs ? { attemptTimeoutMs: options.attemptTimeoutMs } : {}),
          ...(options.maxResponseBytes ? { maxResponseBytes: options.maxResponseBytes } : {}),
          ...rateBudgetsFor(connector, options, parts.auth),
        })
      : unavailableHttpClient(connector.id);
  return {
    auth: parts.auth,
    settings: parts.settings,
    signal: parts.deadline.signal,
    deadline: parts.deadline.at,
    limit: parts.limit,
    log: parts.log,
    http,
    query: parts.query,
  };
}

/**
 * The connector's HTTP declaration with the integration's budget sizes in place of the declared ones. Made
 * once per declaration and sizes object (an integration's sizes come from its config, the same object on
 * every request), not on every request.
 */
export function withBudgetSizes<T extends NonNullable<AnyConnector['http']>>(
  http: T,
  sizes: PipelineOptions['rateBudgetSizes'],
): T {
  if (!sizes || Object.keys(sizes).length === 0) return http;
  let bySizes = resizedDeclarations.get(http);
  const made = bySizes?.get(sizes);
  if (made) return made as T;
  let budgets: ReturnType<typeof resizeRateBudgets>;
  try {
    budgets = resizeRateBudgets(http.rateLimits?.budgets ?? [], sizes);
  } catch (error) {
    throw new BridgeError('internal', `rateBudgetSizes: ${(error as Error).message}`);
  }
  const resized = { ...http, rateLimits: { ...http.rateLimits, budgets } };
  if (!bySizes) {
    bySizes = new WeakMap();
    resizedDeclarations.set(http, bySizes);
  }
  bySizes.set(sizes, resized);
  return resized;
}

const resizedDeclarations = new WeakMap<object, WeakMap<object, NonNullable<AnyConnector['http']>>>();

function rateBudgetsFor(connector: AnyConnector, options: PipelineOptions, auth: unknown) {
  const account = budgetAccountOf(connector, options, auth);
  return account && options.runtimeState ? { rateBudgets: options.runtimeState.budgets, account } : {};
}

/** The `ctx.http` of a connector that declares no `http`: every call fails as a programming error. */
export function unavailableHttpClient(connectorId: string): HttpClient {
  const fail = () =>
    Promise.reject(
      new BridgeError('internal', `Connector "${connectorId}" declares no http: it cannot call a service`),
    );
  return { get: fail, getIfExists: fail, post: fail, request: fail };
}
