import type { z } from 'zod';
import { sleepUnlessAborted } from '../abortable-sleep.js';
import { BridgeError, type BridgeErrorCode } from '../errors.js';
import type { BridgeLogger } from '../logger.js';
import { deadlineExceeded } from '../pipeline/deadline.js';
import type { ConnectorRateLimits, RateBudgetDeclaration, RateBudgets } from '../runtime/rate-budget.js';
import { formatIssuePath } from '../zod-issues.js';
import { guardedDispatcher, type HostResolver } from './address-guard.js';
import { type CallLimiter, runLimited } from './call-limiter.js';
import { applyAuth, type HttpAuth } from './http-auth.js';
import { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError } from './read-body.js';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  RETRYABLE_STATUSES,
  type ResetHeader,
  type RetryPolicy,
  requestedWaitMs,
} from './retry-policy.js';
import { sendAttempt, type UpstreamAnswer } from './upstream-transport.js';
import { templateOf, type UrlPath } from './url-path.js';

/** What an upstream failure means, when the status alone does not say (e.g. Salesforce's 403 limit). */
export type UpstreamFailureKind = Extract<BridgeErrorCode, 'invalid_credentials' | 'rate_limited'>;

/** How a connector's service is reached: declared once in `defineConnector({ http })`. */
export interface ConnectorHttp<TAuth> {
  /**
   * The service's origin. A string is fixed (`https://api.hubapi.com`); a function builds it from the auth
   * fields (`https://${auth.account}.zendesk.com`) and its result must match the connector's `hosts`.
   * The operator's `baseUrl` replaces either.
   */
  origin: string | ((auth: TAuth) => string);
  /** Prefix of every path, e.g. `/api/v2`. */
  basePath?: string;
  authenticate(auth: TAuth): HttpAuth;
  /** Sent with every request, e.g. a pinned API version. */
  headers?: Record<string, string>;
  /** Vendor headers that say when a rate limit resets (besides `Retry-After`). */
  resetHeaders?: readonly ResetHeader[];
  /**
   * The vendor's documented per-account rate limits: budgets every caller for one account draws from, paced
   * within the deadline, when the pipeline has a runtime state.
   */
  rateLimits?: ConnectorRateLimits<TAuth>;
  /**
   * The vendor's error body, as a minimal tolerant schema: a refused call's `error.upstream.body` is this
   * schema's output (undefined when the body does not match), read with the kit's `refusalOf()`.
   */
  errorBody?: z.ZodType;
  /** Recognises failures by their body: an auth failure or a rate limit that is not a 401 or 429. */
  classifyFailure?(failure: {
    status: number;
    body: unknown;
    headers: Headers;
  }): UpstreamFailureKind | undefined;
}

/** Declared windows up to this long are waited out whole after a 429 that gives no `Retry-After`. */
const SHORT_WINDOW_MS = 2_000;

/**
 * The shortest short window (a per-second limit) among the declared rate budgets this call draws from: how
 * long a rate limit that gave no `Retry-After` is waited out, so the retry lands in the next window. Longer
 * windows (HubSpot's rolling ten seconds) free calls as they go: those keep the usual backoff. Undefined when
 * no short budget applies.
 */
function declaredWindowMs(
  budgets: readonly RateBudgetDeclaration[],
  method: string,
  endpoint: string,
): number | undefined {
  let shortest: number | undefined;
  for (const budget of budgets) {
    if (budget.durationMs > SHORT_WINDOW_MS) continue;
    if (budget.appliesTo && !budget.appliesTo({ method, endpoint })) continue;
    if (shortest === undefined || budget.durationMs < shortest) shortest = budget.durationMs;
  }
  return shortest;
}

/** One upstream call (all its attempts), for logs and metrics. No ids, no query, no secrets. */
export interface UpstreamCallEvent {
  connector: string;
  method: string;
  /** The path template, e.g. `/api/v2/users/{}/tickets/requested.json`. */
  endpoint: string;
  /**
   * The full URL of the last attempt, only when `reportUrls` asks for it: for debugging tools
   * (`talkbridge-gateway try`). The pipeline hands it on with the request's credentials redacted, but it
   * holds ids and query values: never a metric label, and never in the log line the client writes.
   */
  url?: string;
  /** The last HTTP status, or what prevented one (`rate_budget`: the account's budget had no turn in time). */
  status: number | 'network_error' | 'timeout' | 'deadline' | 'too_large' | 'rate_budget';
  attempts: number;
  /** How many of the retries waited because the service was rate limiting (429 or its own signal). */
  rateLimitWaits: number;
  /** The call ended refused by a rate limit (`rate_limited`). */
  rateLimited: boolean;
  durationMs: number;
}

type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface HttpRequestOptions<T> {
  /** Validates the JSON answer; only the fields the connector reads, tolerant of the rest. */
  schema: z.ZodType<T>;
  query?: Record<string, QueryValue>;
  json?: unknown;
  headers?: Record<string, string>;
  /** A POST that only reads (a vendor search endpoint): safe to retry like a GET. */
  readOnly?: boolean;
  /** A create call the service de-duplicates by this header: safe to retry. */
  idempotencyKey?: { header: string; value: string };
}

export interface HttpClient {
  get<T>(path: string | UrlPath, options: HttpRequestOptions<T>): Promise<T>;
  /** A GET where 404 means "no such thing" (a stale external id): undefined instead of an error. */
  getIfExists<T>(path: string | UrlPath, options: HttpRequestOptions<T>): Promise<T | undefined>;
  post<T>(path: string | UrlPath, options: HttpRequestOptions<T>): Promise<T>;
  /** Any method, with the answer's status and headers (for link-header pagination and the like). */
  request<T>(
    method: string,
    path: string | UrlPath,
    options: HttpRequestOptions<T>,
  ): Promise<HttpResponse<T>>;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface HttpClientOptions<TAuth> {
  connectorId: string;
  http: ConnectorHttp<TAuth>;
  auth: TAuth;
  /** The already-checked origin (see `resolveOrigin`). */
  origin: string;
  signal: AbortSignal;
  /** Epoch ms. */
  deadline: number;
  log: BridgeLogger;
  onUpstreamCall?: (event: UpstreamCallEvent) => void;
  /** Adds the full URL to each upstream call event (debugging tools only; see `UpstreamCallEvent.url`). */
  reportUrls?: boolean;
  retry?: RetryPolicy;
  /** One attempt may take at most this long (the deadline still bounds the whole call). Default 5000. */
  attemptTimeoutMs?: number;
  maxResponseBytes?: number;
  /**
   * Every call holds a slot of each of these while it runs, retries and backoff included (the request's
   * own limiter first, then the integration's); a call still waiting when the signal aborts never starts.
   */
  limiters?: readonly CallLimiter[];
  /**
   * Set when the origin was built from tenant auth fields: each connection checks the address the name
   * resolves to (public unicast only) with this resolver. Absent for fixed origins and operator `baseUrl`.
   */
  addressGuard?: { resolver?: HostResolver };
  /** Per-account budgets to draw from before each attempt (see `ConnectorHttp.rateLimits`). */
  rateBudgets?: RateBudgets;
  /** The vendor account the budgets are kept for (an opaque identity, never a raw credential). */
  account?: string;
}

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 5_000;

/** An HTTP client pointed at the service and authenticated, with the project's retry and error rules. */
export function createHttpClient<TAuth>(options: HttpClientOptions<TAuth>): HttpClient {
  const retry = options.retry ?? DEFAULT_RETRY_POLICY;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const credentials = options.http.authenticate(options.auth);
  const basePath = options.http.basePath ?? '';
  const dispatcher = options.addressGuard ? guardedDispatcher(options.addressGuard.resolver) : undefined;
  const budgets = options.http.rateLimits?.budgets ?? [];
  const rateBudgets =
    options.rateBudgets && options.account !== undefined && budgets.length > 0
      ? options.rateBudgets
      : undefined;

  function request<T>(
    method: string,
    target: string | UrlPath,
    requestOptions: HttpRequestOptions<T>,
    allowNotFound = false,
  ): Promise<HttpResponse<T | undefined>> {
    return runLimited(options.limiters ?? [], options.signal, () =>
      requestNow(method, target, requestOptions, allowNotFound),
    );
  }

  async function requestNow<T>(
    method: string,
    target: string | UrlPath,
    requestOptions: HttpRequestOptions<T>,
    allowNotFound: boolean,
  ): Promise<HttpResponse<T | undefined>> {
    const { path, template } =
      typeof target === 'string' ? { path: target, template: templateOf(target) } : target;
    const endpoint = `${basePath}${template}`;
    const label = `${method} ${endpoint}`;
    const retryable =
      method === 'GET' ||
      method === 'HEAD' ||
      requestOptions.readOnly === true ||
      !!requestOptions.idempotencyKey;
    const started = performance.now();
    let attempts = 0;
    let lastStatus: UpstreamCallEvent['status'] = 'network_error';
    let lastUrl: string | undefined;
    let rateLimitWaits = 0;
    let refusedByRateLimit = false;

    const report = () => {
      const event: UpstreamCallEvent = {
        connector: options.connectorId,
        method,
        endpoint,
        status: lastStatus,
        attempts,
        rateLimitWaits,
        rateLimited: refusedByRateLimit,
        durationMs: Math.round(performance.now() - started),
      };
      options.log.debug({ upstream: event }, 'upstream call');
      options.onUpstreamCall?.(
        options.reportUrls && lastUrl !== undefined ? { ...event, url: lastUrl } : event,
      );
    };

    const budgetedCall = rateBudgets && {
      connectorId: options.connectorId,
      account: options.account as string,
      method,
      endpoint,
      budgets,
      deadline: options.deadline,
      signal: options.signal,
    };

    try {
      for (;;) {
        if (rateBudgets && budgetedCall) {
          // Every attempt is a vendor call: each waits for its turn, or is refused before it is spent.
          try {
            await rateBudgets.acquire(budgetedCall);
          } catch (error) {
            lastStatus = 'rate_budget';
            throw error;
          }
          if (options.signal.aborted) {
            lastStatus = 'deadline';
            throw deadlineExceeded();
          }
        }
        attempts += 1;
        const outcome = await attempt(method, path, requestOptions, (url) => {
          lastUrl = url;
        });
        if (rateBudgets && budgetedCall && outcome.kind === 'response') {
          await rateBudgets.learn({
            ...budgetedCall,
            status: outcome.answer.status,
            headers: outcome.answer.headers,
            ...optionalWait(requestedWaitMs(outcome.answer.headers, options.http.resetHeaders ?? [])),
          });
        }
        if (outcome.kind === 'refused') {
          lastStatus = 'network_error';
          throw new BridgeError(
            'host_not_allowed',
            'The service address from the auth fields is not allowed: it resolves to an address that is not public',
          );
        }
        if (outcome.kind === 'deadline' || options.signal.aborted) {
          lastStatus = 'deadline';
          throw deadlineExceeded();
        }
        let failure: BridgeError;
        let waitMs: number | undefined;
        let failureIsRateLimit = false;
        if (outcome.kind !== 'response') {
          lastStatus = outcome.kind === 'network' ? 'network_error' : 'timeout';
          failure = new BridgeError(
            'upstream_unavailable',
            outcome.kind === 'network' ? `${label} could not reach the service` : `${label} timed out`,
          );
        } else {
          const response = outcome.answer;
          lastStatus = response.status;
          if (response.status >= 200 && response.status < 300) {
            const data = await parseBody(response, requestOptions.schema, label);
            return { status: response.status, headers: response.headers, data };
          }
          if (allowNotFound && response.status === 404) {
            // Read it through (bounded), or the connection cannot be reused.
            await response.text(maxBytes, label).catch(() => {});
            return { status: 404, headers: response.headers, data: undefined };
          }
          if (response.status >= 300 && response.status < 400) {
            // Redirects are not followed: they could carry the credentials to a host the guard never saw.
            await response.discard();
            throw new BridgeError(
              'upstream_unavailable',
              `${label} answered a redirect (${response.status})`,
            );
          }
          const body = await readFailureBody(response);
          const kind = options.http.classifyFailure?.({
            status: response.status,
            body,
            headers: response.headers,
          });
          const rateLimited = kind === 'rate_limited' || response.status === 429;
          // Vendor reset headers describe the rate-limit window and come on every answer: they say how long
          // to wait only when the failure is a rate limit. `Retry-After` is meant for any failure.
          waitMs = requestedWaitMs(response.headers, rateLimited ? (options.http.resetHeaders ?? []) : []);
          // A 429 that says nothing about when: the vendor's own documented window for this call (HubSpot's
          // one-second search limit), so the retry lands in the next window instead of the same one.
          if (rateLimited && waitMs === undefined) {
            const windowMs = declaredWindowMs(budgets, method, endpoint);
            // Up to a tenth more, so the callers one window refused do not all return at the same instant.
            if (windowMs !== undefined) waitMs = windowMs + Math.floor(Math.random() * (windowMs / 10));
          }
          if (kind === 'invalid_credentials' || response.status === 401) {
            throw new BridgeError('invalid_credentials', `${label}: the service refused the credentials`);
          }
          if (rateLimited) {
            failureIsRateLimit = true;
            failure = new BridgeError(
              'rate_limited',
              `${label}: the service is rate limiting these credentials`,
              {
                retryAfterSeconds: Math.ceil((waitMs ?? 60_000) / 1000),
              },
            );
            // A rate limit the vendor flags in a body (e.g. a daily quota) only clears when it says so.
            if (kind === 'rate_limited' && waitMs === undefined) throw failure;
          } else if (RETRYABLE_STATUSES.has(response.status)) {
            failure = new BridgeError('upstream_unavailable', `${label} answered ${response.status}`);
          } else {
            throw new BridgeError('upstream_unavailable', `${label} answered ${response.status}`, {
              upstream: { status: response.status, body: errorBodyOf(body) },
            });
          }
        }

        if (!retryable || attempts >= retry.maxAttempts) throw failure;
        const delay = waitMs ?? backoffDelay(retry, attempts);
        // Wait only if the retry can still finish in time; otherwise fail now with what we know.
        if (Date.now() + delay >= options.deadline) throw failure;
        options.log.debug(
          { endpoint: label, retry_in_ms: delay, attempt: attempts },
          'upstream call retried',
        );
        if (failureIsRateLimit) rateLimitWaits += 1;
        await sleepUnlessAborted(delay, options.signal);
        if (options.signal.aborted) {
          lastStatus = 'deadline';
          throw deadlineExceeded();
        }
      }
    } catch (error) {
      if (error instanceof ResponseTooLargeError) lastStatus = 'too_large';
      refusedByRateLimit = BridgeError.isInstance(error) && error.code === 'rate_limited';
      throw error;
    } finally {
      report();
    }
  }

  async function attempt(
    method: string,
    path: string,
    requestOptions: HttpRequestOptions<unknown>,
    sending: (url: string) => void,
  ): Promise<
    { kind: 'response'; answer: UpstreamAnswer } | { kind: 'network' | 'timeout' | 'deadline' | 'refused' }
  > {
    const url = targetUrl(path);
    const headers = new Headers({
      accept: 'application/json',
      ...options.http.headers,
      ...requestOptions.headers,
    });
    if (requestOptions.idempotencyKey)
      headers.set(requestOptions.idempotencyKey.header, requestOptions.idempotencyKey.value);
    for (const [name, value] of Object.entries(requestOptions.query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) url.searchParams.append(name, String(item));
      else url.searchParams.set(name, String(value));
    }
    applyAuth(credentials, headers, url.searchParams);
    sending(url.href);
    const remaining = options.deadline - Date.now();
    // When the deadline, not the attempt timeout, bounds this attempt, its timing out is the deadline.
    const boundByDeadline = remaining <= attemptTimeoutMs;
    const outcome = await sendAttempt({
      method,
      url,
      headers,
      ...(requestOptions.json !== undefined ? { json: requestOptions.json } : {}),
      signal: options.signal,
      timeoutMs: Math.max(1, Math.min(attemptTimeoutMs, remaining)),
      dispatcher,
    });
    if (outcome.kind === 'response') return outcome;
    if (outcome.kind === 'refused' || outcome.kind === 'network') return { kind: outcome.kind };
    if (outcome.kind === 'aborted' || options.signal.aborted || boundByDeadline) return { kind: 'deadline' };
    return { kind: 'timeout' };
  }

  /**
   * A relative path goes under the origin and base path. An absolute URL (a next-page link from the
   * service) is accepted only on the client's own origin, so the credentials never go anywhere else.
   */
  function targetUrl(path: string): URL {
    // URL parsing reads `\` as `/`: `/\evil.example` would leave the origin the guard checked.
    if (path.includes('\\')) {
      throw new BridgeError('host_not_allowed', 'A request path with a backslash is not allowed');
    }
    if (path.startsWith('/') && !path.startsWith('//')) return new URL(`${basePath}${path}`, options.origin);
    let absolute: URL;
    try {
      absolute = new URL(path);
    } catch {
      throw new BridgeError('internal', 'A connector built a request path that does not start with "/"');
    }
    if (absolute.origin !== new URL(options.origin).origin) {
      throw new BridgeError(
        'upstream_invalid_response',
        'The service linked to another origin; the link was not followed',
      );
    }
    return absolute;
  }

  async function parseBody<T>(response: UpstreamAnswer, schema: z.ZodType<T>, label: string): Promise<T> {
    let text: string;
    try {
      text = await response.text(maxBytes, label);
    } catch (error) {
      if (error instanceof ResponseTooLargeError) throw error;
      // The attempt timeout stops at the headers; a body cut off or stalled ends here.
      if (options.signal.aborted) throw deadlineExceeded();
      throw new BridgeError('upstream_unavailable', `${label}: the answer was cut off`);
    }
    let json: unknown;
    try {
      json = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      throw new BridgeError('upstream_invalid_response', `${label} answered something that is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? `${formatIssuePath('', issue.path)}: ${issue.message}` : 'unknown';
      // The path and zod's message only: the body itself may hold personal data or echo credentials.
      throw new BridgeError('upstream_invalid_response', `${label} answered an unexpected shape at ${where}`);
    }
    return parsed.data;
  }

  /** The refused answer's body as the connector declared it (`http.errorBody`), or as JSON without one. */
  function errorBodyOf(body: unknown): unknown {
    const schema = options.http.errorBody;
    if (!schema) return body;
    const parsed = schema.safeParse(body);
    return parsed.success ? parsed.data : undefined;
  }

  async function readFailureBody(response: UpstreamAnswer): Promise<unknown> {
    try {
      const text = await response.text(64 * 1024, 'error body');
      return text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  return {
    async get(path, requestOptions) {
      return (await request('GET', path, requestOptions)).data as never;
    },
    async getIfExists(path, requestOptions) {
      return (await request('GET', path, requestOptions, true)).data;
    },
    async post(path, requestOptions) {
      return (await request('POST', path, requestOptions)).data as never;
    },
    async request(method, path, requestOptions) {
      return (await request(method.toUpperCase(), path, requestOptions)) as never;
    },
  };
}

function optionalWait(waitMs: number | undefined): { requestedWaitMs?: number } {
  return waitMs === undefined ? {} : { requestedWaitMs: waitMs };
}
