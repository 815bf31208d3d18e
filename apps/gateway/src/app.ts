import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { HttpBindings } from '@hono/node-server';
import {
  BridgeError,
  type BridgeLogger,
  buildActionConfigurations,
  buildIntegrationConfiguration,
  type ConfigurationTarget,
  createCallLimiter,
  DEFAULT_CALLS_PER_INTEGRATION,
  executeAction,
  type PipelineOptions,
  type RuntimeState,
  retrieveInteractions,
  synchronizeAgents,
  synchronizeContacts,
  toBridgeError,
  validateAuthentication,
} from '@talkbridge/core';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import { registerConnectorGauges } from './connector-metrics.js';
import { mountDocsPage } from './docs-page.js';
import { toErrorResponse } from './error-response.js';
import type { GatewayConfig, Integration } from './gateway-config.js';
import { type CanReach, callerNotAllowed, inboundAuth } from './inbound-auth.js';
import { requireJsonContentType } from './json-content-type.js';
import { logoSvg } from './logo-svg.js';
import { GatewayMetrics, hookLabelOf, metricsHandler } from './metrics.js';
import { buildOpenApiDocument } from './openapi.js';
import { createReadinessCheck, GatewayLifecycle } from './readiness.js';
import { UpstreamCallStats } from './upstream-stats.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Names the requested types a partial answer left out, with why: `note=upstream_unavailable, call=…`. */
export const OMITTED_TYPES_HEADER = 'x-talkbridge-omitted-types';

type GatewayEnv = {
  /** Node's request and response, as @hono/node-server passes them; absent under `app.request`. */
  Bindings: Partial<HttpBindings>;
  Variables: { requestId: string; log: BridgeLogger; integrationId?: string; canReach: CanReach };
};
/** The gateway package's version, for the API description (package.json sits next to both src/ and dist/). */
const GATEWAY_VERSION = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

export interface GatewayAppOptions {
  config: GatewayConfig;
  logger: Logger;
  /** Where upstream calls are counted; a new one when omitted. */
  upstreamStats?: UpstreamCallStats;
  /**
   * The gateway's own listening URL once it listens. Endpoint URLs are derived from it only in the quick
   * start (no config file, no `publicUrl`), never from a request's Host header.
   */
  listeningUrl?: () => string | undefined;
  /** Prometheus metrics; a new registry when omitted. */
  metrics?: GatewayMetrics;
  /** Whether `GET /metrics` is on this app (not when METRICS_PORT serves it elsewhere). Default true. */
  metricsRoute?: boolean;
  /** When set, `/metrics` wants it as a bearer token (METRICS_TOKEN). */
  metricsToken?: string;
  /** Says when the gateway drains (readiness 503, `Connection: close`); a new one when omitted. */
  lifecycle?: GatewayLifecycle;
  /**
  /**
   * Contact cache, shared identical work and rate budgets, created once per process (see
   * `createGatewayRuntimeState`); without it every lookup goes upstream and calls are not paced.
   */
  runtimeState?: RuntimeState;
}

/** The gateway's HTTP surface; `serveGateway` puts it on a port. */
export function createGatewayApp({
  config,
  logger,
  upstreamStats = new UpstreamCallStats(),
  listeningUrl,
  metrics = new GatewayMetrics(),
  metricsRoute = true,
  metricsToken,
  lifecycle = new GatewayLifecycle(),
  runtimeState,
}: GatewayAppOptions): Hono<GatewayEnv> {
  const app = new Hono<GatewayEnv>();
  // Every request to one integration shares its cap on upstream calls in flight.
  const upstreamLimiters = new Map(
    [...config.integrations.keys()].map((id) => [id, createCallLimiter(DEFAULT_CALLS_PER_INTEGRATION)]),
  );

  // Request id, metrics, and exactly one log line per request with its outcome and duration.
  app.use(async (c, next) => {
    const started = performance.now();
    const requestFinished = metrics.requestStarted();
    const offered = c.req.header('x-request-id');
    const requestId = offered && /^[\w.-]{1,64}$/.test(offered) ? offered : randomUUID();
    const log = requestLogger(logger, requestId);
    c.set('requestId', requestId);
    c.set('log', log);
    // On Node the id goes straight onto the outgoing response, where every answer gets it however it was
    // built. Through Hono's `c.header` it would cost a WHATWG Headers object per request, which the Node
    // adapter then turns back into plain headers. Without Node's response (`app.request` in tests), the
    // context's headers, set before the handler builds the answer.
    const outgoing = c.env?.outgoing;
    if (outgoing) outgoing.setHeader('x-request-id', requestId);
    else c.header('x-request-id', requestId);
    await next();
    // An answer built without the context's headers (a Response made by hand) gets it the slow way.
    if (!outgoing && !c.res.headers.has('x-request-id')) c.header('x-request-id', requestId);
    // While draining, each connection closes after its answer: keep-alive must not hold the process open.
    if (lifecycle.draining) c.header('Connection', 'close');
    requestFinished({
      integration: c.get('integrationId') ?? '',
      hook: hookLabelOf(c.req.routePath),
      status: c.res.status,
    });
    // The access line carries request_id itself (the line a child logger would write, without one).
    logger.info(
      {
        request_id: requestId,
        method: c.req.method,
        path: c.req.routePath === '/*' ? undefined : c.req.routePath,
        integration_id: c.get('integrationId'),
        status: c.res.status,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  });

  app.onError((error, c) => respondWithError(c, error));
  app.notFound((c) =>
    respondWithError(
      c,
      new BridgeError('not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}`),
    ),
  );

  // Tokens and networks; the paths open to anyone are listed in inbound-auth.ts (OPEN_PATHS).
  app.use(inboundAuth(config.integrations.values(), config.inboundAuth));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  registerConnectorGauges(metrics);
  const readiness = createReadinessCheck({
    config,
    lifecycle,
    logger,
    ...(runtimeState ? { runtimeState } : {}),
  });
  app.get('/readyz', async (c) => {
    const report = await readiness();
    c.header('Cache-Control', 'no-store');
    return c.json(report, report.status === 'ready' ? 200 : 503);
  });

  if (metricsRoute) app.get('/metrics', metricsHandler(metrics, metricsToken));

  let openApiDocument: Record<string, unknown> | undefined;
  app.get('/openapi.json', (c) => {
    openApiDocument ??= buildOpenApiDocument({
      integrationIds: [...config.integrations.keys()],
      ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
      version: GATEWAY_VERSION,
    });
    return c.json(openApiDocument);
  });
  mountDocsPage(app);

  app.get('/integrations', (c) =>
    c.json({
      integrations: reachableIntegrations(c).map((integration) => ({
        id: integration.id,
        connector: integration.connector.id,
        display_name: integration.connector.displayName,
        interaction_types: integration.connector.interactionTypes,
      })),
    }),
  );

  const limitBody = declaredBodyLimit(MAX_BODY_BYTES);

  /** The integrations this caller's token opens (all of them on an open gateway). */
  const reachableIntegrations = (c: Context<GatewayEnv>) =>
    [...config.integrations.values()].filter((integration) => c.get('canReach')(integration.id));

  /** The route's integration, refused unless this caller's token opens it. */
  const routeIntegration = (c: Context<GatewayEnv>): Integration => {
    const id = c.req.param('integrationId') ?? '';
    const integration = config.integrations.get(id);
    if (integration && !c.get('canReach')(integration.id)) throw callerNotAllowed();
    if (!integration) throw unknownIntegration(id, reachableIntegrations(c));
    c.set('integrationId', integration.id);
    return integration;
  };

  // Before any byte of the body is read: the caller, then the media type, then the size. One middleware
  // calling the next by hand: hono's every() composes them anew on every request.
  const acceptHook: MiddlewareHandler<GatewayEnv> = async (c, next) => {
    routeIntegration(c);
    await requireJsonContentType(c, () => limitBody(c, next) as Promise<void>);
  };

  /** The route's integration, its body as JSON, and the pipeline options every hook shares. */
  const hookRequest = async (c: Context<GatewayEnv>) => {
    const integration = routeIntegration(c);
    const body = await readJsonBody(c.req.raw);
    const options: PipelineOptions = {
      settings: integration.settings,
      deadlineMs: integration.deadlineMs,
      signal: c.req.raw.signal,
      // The HTTP client logs each upstream call at debug on this request's logger.
      log: c.get('log') satisfies BridgeLogger,
      onUpstreamCall: (event) => {
        upstreamStats.record(integration.id, event);
        metrics.recordUpstreamCall(integration.id, event);
      },
      upstreamLimiter: upstreamLimiters.get(integration.id),
      integrationId: integration.id,
      ...(runtimeState ? { runtimeState } : {}),
      ...(integration.contactCacheTtlMs !== undefined
        ? { contactCacheTtlMs: integration.contactCacheTtlMs }
        : {}),
      ...(integration.rateBudgetSizes ? { rateBudgetSizes: integration.rateBudgetSizes } : {}),
    };
    return { integration, body, options };
  };

  // `interaction_update` is the name Talkdesk's own example endpoint used.
  for (const hook of ['interaction_retrieval', 'interaction_update']) {
    app.post(`/integrations/:integrationId/${hook}`, acceptHook, async (c) => {
      const { integration, body, options } = await hookRequest(c);
      const answer = await retrieveInteractions(integration.connector, body, {
        ...options,
        limit: integration.maxInteractions,
        partialAnswers: integration.partialAnswers,
        lookupAlongsideExternalId: integration.lookupAlongsideExternalId,
        onOmittedTypes: (omitted) => {
          // Talkdesk ignores headers it does not know; an operator (or a proxy's log) reads this one.
          c.header(OMITTED_TYPES_HEADER, omitted.map(({ type, code }) => `${type}=${code}`).join(', '));
          metrics.recordOmittedTypes(integration.id, omitted);
        },
      });
      return c.json(answer);
    });
  }

  app.post('/integrations/:integrationId/auth_validation', acceptHook, async (c) => {
    const { integration, body, options } = await hookRequest(c);
    const stored = await validateAuthentication(integration.connector, body, options);
    return stored ? c.json(stored) : c.body(null, 204);
  });

  for (const hook of ['contact_synchronization', 'contact_sync']) {
    app.post(`/integrations/:integrationId/${hook}`, acceptHook, async (c) => {
      const { integration, body, options } = await hookRequest(c);
      return c.json(
        await synchronizeContacts(integration.connector, body, {
          ...options,
          pageSize: integration.syncPageSize,
        }),
      );
    });
  }

  for (const hook of ['agent_synchronization', 'agent_sync']) {
    app.post(`/integrations/:integrationId/${hook}`, acceptHook, async (c) => {
      const { integration, body, options } = await hookRequest(c);
      return c.json(
        await synchronizeAgents(integration.connector, body, {
          ...options,
          pageSize: integration.syncPageSize,
        }),
      );
    });
  }

  app.post('/integrations/:integrationId/actions/:action', acceptHook, async (c) => {
    const { integration, body, options } = await hookRequest(c);
    return c.json(await executeAction(integration.connector, c.req.param('action'), body, options), 201);
  });

  /**
   * Where Talkdesk reaches this integration: `publicUrl`, or in the quick start the gateway's own listening
   * address — never the request's Host header, which the caller chooses. Hook URLs carry the inbound token.
   */
  const configurationTarget = (c: Context<GatewayEnv>) => {
    const integration = routeIntegration(c);
    const publicUrl = config.publicUrl ?? (config.quickStart ? listeningUrl?.() : undefined);
    if (publicUrl === undefined) {
      throw new BridgeError(
        'not_configured',
        'publicUrl is not configured: set "publicUrl" in the gateway config to the https address Talkdesk ' +
          'reaches this gateway at',
      );
    }
    const inboundToken = integration.inboundTokens?.[0] ?? config.inboundAuth?.tokens[0];
    const target: ConfigurationTarget = {
      integrationId: integration.id,
      publicUrl,
      authentication: integration.authentication,
      ...(inboundToken === undefined ? {} : { inboundToken }),
    };
    return { integration, target };
  };

  app.get('/integrations/:integrationId/configuration', (c) => {
    const { integration, target } = configurationTarget(c);
    return c.json(buildIntegrationConfiguration(integration.connector, target));
  });

  // What the operator registers with the vendor and with Talkdesk for an OAuth 2.0 integration.
  app.get('/integrations/:integrationId/oauth', (c) => {
    const { integration } = configurationTarget(c);
    const oauth = integration.connector.oauth;
    if (integration.authentication !== 'oauth2' || !oauth) {
      throw new BridgeError('not_found', `Integration "${integration.id}" does not use OAuth 2.0`);
    }
    return c.json({
      authorization_url: oauth.authorizationUrl,
      token_url: oauth.tokenUrl,
      scopes: oauth.scopes,
      ...(oauth.docsUrl ? { docs_url: oauth.docsUrl } : {}),
    });
  });

  app.get('/integrations/:integrationId/actions', (c) => {
    const { integration, target } = configurationTarget(c);
    return c.json(buildActionConfigurations(integration.connector, target));
  });

  // Open to anyone (OPEN_PATHS): it shows the connector's name, nothing of the integration.
  app.get('/integrations/:integrationId/logo.svg', (c) => {
    const id = c.req.param('integrationId');
    const integration = config.integrations.get(id);
    if (!integration) throw unknownIntegration(id, reachableIntegrations(c));
    c.header('Content-Type', 'image/svg+xml');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(logoSvg(integration.connector.displayName));
  });

  return app;
}

/**
 * One request's logger: the gateway's with `request_id` bound. The pino child is made on the first line
 * written through it, not for every request: most requests write only their access line, which carries
 * `request_id` itself, and pino serialises a child's bindings when it is made.
 */
function requestLogger(logger: Logger, requestId: string): BridgeLogger {
  let child: Logger | undefined;
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Record<string, unknown>, message: string): void => {
      if (!logger.isLevelEnabled(level)) return;
      child ??= logger.child({ request_id: requestId });
      child[level](fields, message);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: (level) => logger.isLevelEnabled(level),
  };
}

/** The 404 for an unknown id, listing the integrations this caller may reach. */
function unknownIntegration(id: string, reachable: Integration[]): BridgeError {
  const known = reachable.map((integration) => integration.id);
  return new BridgeError('unknown_integration', `No integration "${id}" is configured on this gateway`, {
    details: { known_integrations: known },
  });
}

/**
 * Refuses a body larger than `maxBytes` (413) before any of it is read. A declared `Content-Length` is
 * checked as it is (Node's parser then reads exactly that many bytes); only a chunked body is counted as it
 * streams, by Hono's `bodyLimit`. Reading `c.req.raw.body`, as `bodyLimit` does for every request, makes
 * @hono/node-server build a full WHATWG Request and a web stream around the socket: the declared size
 * spares most requests that, and the body is then read straight from the socket (`text()`).
 */
function declaredBodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new BridgeError('payload_too_large', `Request body is larger than ${maxBytes} bytes`);
  };
  const countedLimit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) {
      return countedLimit(c, next);
    }
    // The same reading as bodyLimit's: a malformed length was already refused by Node's parser.
    if (Number.parseInt(declared || '0', 10) > maxBytes) tooLarge();
    await next();
  };
}

async function readJsonBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '')
    throw new BridgeError('invalid_request', 'Request body is empty: expected a JSON object');
  try {
    return JSON.parse(text);
  } catch {
    throw new BridgeError('invalid_request', 'Request body is not valid JSON');
  }
}

function respondWithError(c: Context<GatewayEnv>, thrown: unknown): Response {
  const error = toBridgeError(thrown);
  const requestId = c.get('requestId') ?? randomUUID();
  const log = c.get('log');
  if (error.code === 'internal') {
    // The cause's name and message help an operator; its stack and any payload stay out of the log.
    const cause = error.cause instanceof Error ? error.cause : undefined;
    log?.error(
      { err_name: cause?.name, err_message: cause?.message, issues: error.issues },
      'internal error',
    );
  } else {
    log?.debug({ code: error.code }, error.message);
  }
  const { status, body, headers } = toErrorResponse(error, requestId);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  // The rest of an oversized body is never read: the connection cannot be reused for another request.
  if (error.code === 'payload_too_large') c.header('Connection', 'close');
  return c.json(body, status);
}
