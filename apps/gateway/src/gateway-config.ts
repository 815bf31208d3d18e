import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  type AnyConnector,
  connectorForIntegration,
  DEFAULT_DEADLINE_MS,
  DEFAULT_INTERACTION_LIMIT,
  DEFAULT_SYNC_PAGE_SIZE,
  MAX_CONTACT_TTL_MS,
  type RateBudgetSize,
  resizeRateBudgets,
  zodIssues,
} from '@talkbridge/core';
import { z } from 'zod';
import {
  INBOUND_TOKENS_ENV,
  type InboundAuthSettings,
  inboundAuthConfigSchema,
  inboundTokenSchema,
  inboundTokensFromEnvironment,
  integrationsWithoutToken,
} from './inbound-auth.js';
import { resolveServerLimits, type ServerLimits, serverLimitsConfigSchema } from './server-limits.js';

/**
 * One budget's size: calls per window. Bounded because each account's budget keeps a log of its calls
 * (at most `points` of them) for at most an hour.
 */
export const rateBudgetSizeSchema = z.strictObject({
  points: z.number().int().min(1).max(10_000),
  durationSeconds: z.number().positive().max(3_600),
});

/** The operator's gateway config file (`--config` or TALKBRIDGE_CONFIG). */
export const gatewayConfigSchema = z.strictObject({
  /** The JSON Schema the file follows, for editors (gateway-config.schema.json); the gateway ignores it. */
  $schema: z.string().optional(),
  /**
   * The gateway's public https URL, used to build the endpoint URLs Talkdesk is given. https only: those URLs
   * carry the inbound token and Talkdesk sends credentials to them.
   */
  publicUrl: z.url({ protocol: /^https$/, error: 'expected an https URL' }).optional(),
  /** Who may call: see inbound-auth.ts and the README's "Securing a deployment". */
  inboundAuth: inboundAuthConfigSchema.default({ required: true, trustedProxies: [] }),
  /** Timeouts and caps of the HTTP server: see server-limits.ts. */
  server: serverLimitsConfigSchema.optional(),
  integrations: z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
      error: 'expected an integration id of 1–64 letters, digits, "-" or "_"',
    }),
    z.strictObject({
      connector: z.string().min(1),
      /**
       * How Talkdesk users connect: `custom` asks for the connector's auth fields; `oauth2` has Talkdesk run
       * the connector's OAuth 2.0 flow (for connectors that declare one).
       */
      authentication: z.enum(['custom', 'oauth2']).default('custom'),
      /** Validated by the connector's settings schema; may always carry `baseUrl`. */
      options: z.record(z.string(), z.unknown()).default({}),
      /** Milliseconds a retrieval may take, upstream retries included. */
      deadlineMs: z.number().int().min(100).max(60_000).default(DEFAULT_DEADLINE_MS),
      /** The most interactions one answer holds. */
      maxInteractions: z.number().int().min(1).max(1_000).default(DEFAULT_INTERACTION_LIMIT),
      /**
       * When some requested types fail and others load, answer with those that loaded (and name the others
       * in a response header) instead of failing the whole retrieval.
       */
      partialAnswers: z.boolean().default(true),
      /**
       * Start the email (or phone) lookup in the same round as the external id's: a stale id costs no extra
       * round trip; a good one costs one lookup call that is thrown away.
       */
      lookupAlongsideExternalId: z.boolean().default(false),
      /** Contacts or agents per synchronization page. */
      syncPageSize: z.number().int().min(1).max(1_000).default(DEFAULT_SYNC_PAGE_SIZE),
      /** Tokens a caller of this integration may present; several at once so they can be rotated. */
      inboundTokens: z.array(inboundTokenSchema).max(16).default([]),
      /** Seconds a contact resolution is kept (0 = never cached); the runtime state's 60 s by default. */
      contactCacheTtlSeconds: z
        .number()
        .int()
        .min(0)
        .max(MAX_CONTACT_TTL_MS / 1000)
        .optional(),
      /**
       * Sizes that replace some of the connector's declared rate budgets, by budget name (the connector's
       * README lists them): for an account on a higher plan than the one the connector declares.
       */
      rateLimits: z.record(z.string().min(1).max(64), rateBudgetSizeSchema).optional(),
    }),
  ),
});
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;

/** One integration ready to serve: its connector and its validated options. */
export interface Integration {
  id: string;
  connector: AnyConnector;
  settings: Record<string, unknown>;
  /** Answer with the types that loaded when others fail (see the config's `partialAnswers`). */
  partialAnswers: boolean;
  /** Start the email lookup alongside the external id's (see the config's `lookupAlongsideExternalId`). */
  lookupAlongsideExternalId: boolean;
  /** How Talkdesk users connect (see the config's `authentication`). */
  authentication: 'custom' | 'oauth2';
  deadlineMs: number;
  maxInteractions: number;
  syncPageSize: number;
  /** Tokens valid for this integration only (the gateway-wide ones are in `inboundAuth.tokens`). */
  inboundTokens?: readonly string[];
  /** Milliseconds a contact resolution is kept; the runtime state's default when absent. */
  contactCacheTtlMs?: number;
  /** The operator's sizes for some of the connector's rate budgets, by name (already checked against it). */
  rateBudgetSizes?: Readonly<Record<string, RateBudgetSize>>;
}

export interface GatewayConfig {
  publicUrl?: string;
  integrations: Map<string, Integration>;
  /** Who may call; without it (and without tokens) the gateway is open. */
  inboundAuth?: InboundAuthSettings;
  /** The HTTP server's timeouts and caps; sized from the integrations' deadlines when omitted. */
  serverLimits?: ServerLimits;
  /**
   * Built without a config file: the quick start. Only then are endpoint URLs derived, without
   * `publicUrl`, from the gateway's own listening address.
   */
  quickStart?: boolean;
}

/** A config problem: the message names the file and the field, and the gateway does not start. */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}

/**
 * The connectors a gateway without a config file serves: those that work with no options at all. One
 * that needs the operator's options (the PostgreSQL connector: a database and its queries) is served only
 * when a config file configures it, so the quick start never fails for want of a database.
 */
export function connectorsServedWithoutConfig(connectors: readonly AnyConnector[]): AnyConnector[] {
  return connectors.filter((connector) => connector.settingsSchema.safeParse({}).success);
}

/** Without a config file: every bundled connector that needs no options, under its own id, with its defaults. */
export function defaultGatewayConfig(connectors: readonly AnyConnector[]): GatewayConfig {
  const config = resolveGatewayConfig(
    {
      integrations: Object.fromEntries(
        connectorsServedWithoutConfig(connectors).map((connector) => [
          connector.id,
          { connector: connector.id },
        ]),
      ),
    },
    connectors,
    'the default configuration',
  );
  return { ...config, quickStart: true };
}

export function loadGatewayConfigFile(path: string, connectors: readonly AnyConnector[]): GatewayConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : 'cannot be read';
    throw new GatewayConfigError(`Config file ${path} ${reason}`);
  }
  // Relative paths inside the file mean "next to this file", wherever the gateway was started from.
  return resolveGatewayConfig(json, connectors, `Config file ${path}`, { baseDir: dirname(resolve(path)) });
}

/** Validates a config object and each integration's options against its connector's settings schema. */
export function resolveGatewayConfig(
  input: unknown,
  connectors: readonly AnyConnector[],
  source = 'Config',
  options: { baseDir?: string } = {},
): GatewayConfig {
  const parsed = gatewayConfigSchema.safeParse(input);
  if (!parsed.success) throw configError(source, zodIssues(parsed.error));

  const byId = new Map(connectors.map((connector) => [connector.id, connector]));
  const integrations = new Map<string, Integration>();
  for (const [id, entry] of Object.entries(parsed.data.integrations)) {
    const connector = byId.get(entry.connector);
    if (!connector) {
      throw configError(source, [
        {
          path: `integrations.${id}.connector`,
          message: `unknown connector "${entry.connector}" (bundled: ${[...byId.keys()].join(', ')})`,
        },
      ]);
    }
    const connectorOptions = options.baseDir
      ? resolveFilePaths(connector, entry.options, options.baseDir)
      : entry.options;
    const settings = connector.settingsSchema.safeParse(connectorOptions);
    if (!settings.success) throw configError(source, zodIssues(settings.error, `integrations.${id}.options`));
    let served: AnyConnector;
    try {
      // A declarative connector builds this integration's connector from its options.
      served = connectorForIntegration(connector, settings.data, { id });
    } catch (error) {
      throw configError(source, [{ path: `integrations.${id}.options`, message: (error as Error).message }]);
    }
    if (entry.authentication === 'oauth2' && !served.oauth) {
      throw configError(source, [
        {
          path: `integrations.${id}.authentication`,
          message: `the ${served.displayName} connector has no OAuth 2.0 flow; use "custom"`,
        },
      ]);
    }
    const rateBudgetSizes = entry.rateLimits
      ? budgetSizesFor(served, entry.rateLimits, `integrations.${id}.rateLimits`, source)
      : undefined;
    integrations.set(id, {
      id,
      connector: served,
      settings: settings.data as Record<string, unknown>,
      authentication: entry.authentication,
      partialAnswers: entry.partialAnswers,
      lookupAlongsideExternalId: entry.lookupAlongsideExternalId,
      deadlineMs: entry.deadlineMs,
      maxInteractions: entry.maxInteractions,
      syncPageSize: entry.syncPageSize,
      inboundTokens: entry.inboundTokens,
      ...(entry.contactCacheTtlSeconds !== undefined
        ? { contactCacheTtlMs: entry.contactCacheTtlSeconds * 1000 }
        : {}),
      ...(rateBudgetSizes ? { rateBudgetSizes } : {}),
    });
  }
  const { inboundAuth } = parsed.data;
  return {
    ...(parsed.data.publicUrl ? { publicUrl: parsed.data.publicUrl } : {}),
    integrations,
    inboundAuth: {
      required: inboundAuth.required,
      tokens: [],
      ...(inboundAuth.allowedNetworks ? { allowedNetworks: inboundAuth.allowedNetworks } : {}),
      trustedProxies: inboundAuth.trustedProxies,
    },
    serverLimits: resolveServerLimits(parsed.data.server, longestDeadlineMs(integrations.values())),
  };
}

/** The config with the gateway-wide tokens of TALKBRIDGE_INBOUND_TOKENS added. */
export function withEnvironmentTokens(
  config: GatewayConfig,
  env: Record<string, string | undefined>,
): GatewayConfig {
  const tokens = inboundTokensFromEnvironment(env[INBOUND_TOKENS_ENV]);
  return {
    ...config,
    inboundAuth: { required: true, trustedProxies: [], ...config.inboundAuth, tokens },
  };
}

/**
 * Checks, before the CLI starts, that every integration of a config file has an inbound token, unless the
 * file says `"inboundAuth": {"required": false}`. Answers the integrations anyone may call, for the start-up
 * log to warn about.
 */
export function checkInboundAuthBeforeStart(config: GatewayConfig, source: string): { open: string[] } {
  const open = integrationsWithoutToken(config.integrations.values(), config.inboundAuth);
  if (open.length > 0 && !config.quickStart && config.inboundAuth?.required !== false) {
    throw new GatewayConfigError(
      `${source} gives no inbound token for ${open.map((id) => `"${id}"`).join(', ')}: anyone who reaches ` +
        `the port could call ${open.length === 1 ? 'it' : 'them'}. Set ${INBOUND_TOKENS_ENV} (comma-separated, ` +
        'for every integration) or integrations.<id>.inboundTokens, or say "inboundAuth": {"required": false} ' +
        'to serve them without inbound authentication.',
    );
  }
  return { open };
}

/**
 * Options whose settings field is marked `.meta({ filePath: true })` are paths: a relative one is resolved
 * against the config file's directory before the connector's schema (which may read the file) sees it.
 */
function resolveFilePaths(
  connector: AnyConnector,
  connectorOptions: Record<string, unknown>,
  baseDir: string,
): Record<string, unknown> {
  const shape = (connector.settingsSchema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.fromEntries(
    Object.entries(connectorOptions).map(([key, value]) => [
      key,
      typeof value === 'string' && value !== '' && !isAbsolute(value) && isFilePathField(shape[key])
        ? resolve(baseDir, value)
        : value,
    ]),
  );
}

/** Whether a settings field, or a schema it wraps (optional, default, nullable…), is marked as a file path. */
export function isFilePathField(field: z.ZodType | undefined): boolean {
  for (let schema = field, depth = 0; schema && depth < 8; depth += 1) {
    if ((z.globalRegistry.get(schema) as { filePath?: unknown } | undefined)?.filePath === true) return true;
    const def = (schema as unknown as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    schema = def?.innerType ?? def?.in;
  }
  return false;
}

/** The longest deadline of these integrations (the default one when there are none): what timeouts size to. */
export function longestDeadlineMs(integrations: Iterable<Pick<Integration, 'deadlineMs'>>): number {
  const deadlines = [...integrations].map((integration) => integration.deadlineMs);
  return deadlines.length > 0 ? Math.max(...deadlines) : DEFAULT_DEADLINE_MS;
}

/** The operator's budget sizes in ms, checked now against the budgets the connector declares. */
function budgetSizesFor(
  connector: AnyConnector,
  sizes: Record<string, { points: number; durationSeconds: number }>,
  path: string,
  source: string,
): Record<string, RateBudgetSize> {
  const inMs = Object.fromEntries(
    Object.entries(sizes).map(([name, size]) => [
      name,
      { points: size.points, durationMs: Math.round(size.durationSeconds * 1000) },
    ]),
  );
  try {
    resizeRateBudgets(connector.http?.rateLimits?.budgets ?? [], inMs);
  } catch (error) {
    throw configError(source, [
      { path, message: `${(error as Error).message} for connector "${connector.id}"` },
    ]);
  }
  return inMs;
}

function configError(source: string, issues: { path: string; message: string }[]): GatewayConfigError {
  const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
  return new GatewayConfigError(`${source} is invalid:\n${lines}`);
}
