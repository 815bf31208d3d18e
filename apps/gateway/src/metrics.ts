import { createHash, timingSafeEqual } from 'node:crypto';
import type { RuntimeStateEvent, UpstreamCallEvent } from '@talkbridge/core';
import type { Context } from 'hono';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a cache hit on a fast vendor to a retrieval at its longest deadline. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The gateway's Prometheus metrics, in a registry of their own (several gateways in one process, as in
 * tests, never share counters). Every label value comes from a bounded set: configured integration ids,
 * route templates, connector ids, endpoint templates (no ids), HTTP statuses.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  readonly #requests = new Counter({
    name: 'talkbridge_http_requests_total',
    help: 'HTTP requests answered, by integration, hook and status',
    labelNames: ['integration', 'hook', 'status'] as const,
    registers: [this.registry],
  });
  readonly #requestDuration = new Histogram({
    name: 'talkbridge_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by integration and hook',
    labelNames: ['integration', 'hook'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly #inFlight = new Gauge({
    name: 'talkbridge_http_requests_in_flight',
    help: 'HTTP requests being handled right now',
    registers: [this.registry],
  });
  readonly #upstreamCalls = new Counter({
    name: 'talkbridge_upstream_calls_total',
    help: 'Calls to external services (all attempts of one call count once), by endpoint template and outcome',
    labelNames: ['integration', 'connector', 'method', 'endpoint', 'status'] as const,
    registers: [this.registry],
  });
  readonly #upstreamDuration = new Histogram({
    name: 'talkbridge_upstream_call_duration_seconds',
    help: 'Time an upstream call took, retries and waits included',
    labelNames: ['connector', 'method', 'endpoint'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly #upstreamRetries = new Counter({
    name: 'talkbridge_upstream_retries_total',
    help: 'Upstream attempts beyond the first',
    labelNames: ['integration', 'connector', 'endpoint'] as const,
    registers: [this.registry],
  });
  readonly #rateLimitWaits = new Counter({
    name: 'talkbridge_upstream_rate_limit_waits_total',
    help: 'Retries that waited because the service was rate limiting',
    labelNames: ['integration', 'connector'] as const,
    registers: [this.registry],
  });
  readonly #rateLimited = new Counter({
    name: 'talkbridge_upstream_rate_limited_total',
    help: 'Upstream calls that ended refused by a rate limit',
    labelNames: ['integration', 'connector'] as const,
    registers: [this.registry],
  });

  readonly #contactCache = new Counter({
    name: 'talkbridge_contact_cache_lookups_total',
    help: 'Contact lookups answered from the resolution cache (hit) or sent to the service (miss)',
    labelNames: ['integration', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly #coalesced = new Counter({
    name: 'talkbridge_coalesced_total',
    help: 'Retrievals or contact lookups that shared work already in flight instead of repeating it',
    labelNames: ['integration', 'what'] as const,
    registers: [this.registry],
  });
  readonly #budgetWaits = new Histogram({
    name: 'talkbridge_rate_budget_wait_seconds',
    help: 'Time a call waited for its turn in a vendor rate budget',
    labelNames: ['connector', 'budget'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly #budgetRefusals = new Counter({
    name: 'talkbridge_rate_budget_refusals_total',
    help: 'Calls refused (429 rate_limited) because their turn in a vendor rate budget would come too late',
    labelNames: ['connector', 'budget'] as const,
    registers: [this.registry],
  });
  readonly #omittedTypes = new Counter({
    name: 'talkbridge_omitted_interaction_types_total',
    help: 'Requested interaction types a partial answer left out (their service failed or was too slow)',
    labelNames: ['integration', 'type', 'code'] as const,
    registers: [this.registry],
  });
  readonly #stateFallbacks = new Counter({
    name: 'talkbridge_runtime_state_fallbacks_total',
    help: 'Operations answered from local memory because the shared store (Redis) was away',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    // Node's process metrics (CPU, memory, event loop lag, GC) under their usual names.
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * Each label set's counter and histogram children, made once instead of a timer and its label copies on
   * every request. The sets are bounded (configured integrations, routes, statuses).
   */
  readonly #requestSeries = new Map<
    string,
    { requests: { inc(): void }; duration: { observe(seconds: number): void } }
  >();

  /** Call when a request starts; call the returned function once with its outcome. */
  requestStarted(): (outcome: { integration: string; hook: string; status: number }) => void {
    this.#inFlight.inc();
    const started = performance.now();
    return ({ integration, hook, status }) => {
      this.#inFlight.dec();
      const series = this.#seriesOf(integration, hook, String(status));
      series.duration.observe((performance.now() - started) / 1000);
      series.requests.inc();
    };
  }

  #seriesOf(integration: string, hook: string, status: string) {
    const key = `${integration}\n${hook}\n${status}`;
    let series = this.#requestSeries.get(key);
    if (!series) {
      series = {
        requests: this.#requests.labels({ integration, hook, status }),
        duration: this.#requestDuration.labels({ integration, hook }),
      };
      this.#requestSeries.set(key, series);
    }
    return series;
  }

  recordUpstreamCall(integration: string, event: UpstreamCallEvent): void {
    const { connector, method, endpoint } = event;
    this.#upstreamCalls.inc({ integration, connector, method, endpoint, status: String(event.status) });
    this.#upstreamDuration.observe({ connector, method, endpoint }, event.durationMs / 1000);
    if (event.attempts > 1)
      this.#upstreamRetries.inc({ integration, connector, endpoint }, event.attempts - 1);
    if (event.rateLimitWaits > 0) this.#rateLimitWaits.inc({ integration, connector }, event.rateLimitWaits);
    if (event.rateLimited) this.#rateLimited.inc({ integration, connector });
  }

  /** Types a partial retrieval answer left out, each with the failure that left it out. */
  recordOmittedTypes(integration: string, omitted: readonly { type: string; code: string }[]): void {
    for (const { type, code } of omitted) this.#omittedTypes.inc({ integration, type, code });
  }

  /** Cache hits and misses, coalesced work, budget waits and refusals, shared-store fallbacks. */
  recordRuntimeEvent(event: RuntimeStateEvent): void {
    switch (event.type) {
      case 'contact_cache':
        this.#contactCache.inc({ integration: event.integrationId, outcome: event.outcome });
        return;
      case 'coalesced':
        this.#coalesced.inc({ integration: event.integrationId, what: event.what });
        return;
      case 'budget_wait':
        this.#budgetWaits.observe({ connector: event.connector, budget: event.budget }, event.waitMs / 1000);
        return;
      case 'budget_refused':
        this.#budgetRefusals.inc({ connector: event.connector, budget: event.budget });
        return;
      case 'store_fallback':
        this.#stateFallbacks.inc({ store: event.store });
        return;
      default:
        return;
    }
  }

  /**
   * A gauge read at scrape time (e.g. a database pool's connections); `collect` answers the current value
   * per label set.
   */
  addGauge(options: {
    name: string;
    help: string;
    labelNames: readonly string[];
    collect: () => { labels: Record<string, string>; value: number }[];
  }): void {
    const { collect, ...definition } = options;
    new Gauge({
      ...definition,
      registers: [this.registry],
      collect() {
        this.reset();
        for (const { labels, value } of collect()) this.set(labels, value);
      },
    });
  }

  /** The names of every metric this registry exposes (the dashboard test checks its queries against them). */
  metricNames(): string[] {
    return this.registry.getMetricsAsArray().map((metric) => metric.name);
  }
}

/**
 * The `hook` label of a request, from the route that matched: the hook's name for an integration route
 * (`interaction_retrieval`, `actions/:action`), the path for the others, `unmatched` for a 404 — never the
 * raw path, which would let any caller create label values.
 */
export function hookLabelOf(routePath: string | undefined): string {
  if (!routePath || routePath === '/*') return 'unmatched';
  const prefix = '/integrations/:integrationId/';
  return routePath.startsWith(prefix) ? routePath.slice(prefix.length) : routePath;
}

/**
 * `GET /metrics`. With a token, only `Authorization: Bearer <token>` gets the metrics, anything else a 403
 * (never 401, like every refused inbound token here); the compare is constant-time.
 */
export function metricsHandler(metrics: GatewayMetrics, token?: string) {
  const expected = token === undefined ? undefined : digest(token);
  return async (c: Context) => {
    if (expected) {
      const offered = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(offered), expected)) {
        return c.json({ error: { code: 'forbidden', message: 'A valid metrics token is required' } }, 403);
      }
    }
    c.header('Content-Type', metrics.registry.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(await metrics.registry.metrics());
  };
}

// Equal-length digests make the compare constant-time whatever the offered token's length.
const digest = (text: string) => createHash('sha256').update(text).digest();
