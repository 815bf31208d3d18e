import { readFileSync } from 'node:fs';
import {
  type AnyConnector,
  DEFAULT_DEADLINE_MS,
  DEFAULT_INTERACTION_LIMIT,
  DEFAULT_SYNC_PAGE_SIZE,
  zodIssues,
} from '@talkbridge/core';
import { z } from 'zod';

/** The operator's gateway config file (`--config` or TALKBRIDGE_CONFIG). */
export const gatewayConfigSchema = z.strictObject({
  /** The gateway's public https URL, used to build the endpoint URLs Talkdesk is given. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  integrations: z.record(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
      error: 'expected an integration id of 1–64 letters, digits, "-" or "_"',
    }),
    z.strictObject({
      connector: z.string().min(1),
      /** Validated by the connector's settings schema; may always carry `baseUrl`. */
      options: z.record(z.string(), z.unknown()).default({}),
      /** Milliseconds a retrieval may take, upstream retries included. */
      deadlineMs: z.number().int().min(100).max(60_000).default(DEFAULT_DEADLINE_MS),
      /** The most interactions one answer holds. */
      maxInteractions: z.number().int().min(1).max(1_000).default(DEFAULT_INTERACTION_LIMIT),
      /** Contacts or agents per synchronization page. */
      syncPageSize: z.number().int().min(1).max(1_000).default(DEFAULT_SYNC_PAGE_SIZE),
    }),
  ),
});
export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;

/** One integration ready to serve: its connector and its validated options. */
export interface Integration {
  id: string;
  connector: AnyConnector;
  settings: Record<string, unknown>;
  deadlineMs: number;
  maxInteractions: number;
  syncPageSize: number;
}

export interface GatewayConfig {
  publicUrl?: string;
  integrations: Map<string, Integration>;
}

/** A config problem: the message names the file and the field, and the gateway does not start. */
export class GatewayConfigError extends Error {
  override name = 'GatewayConfigError';
}

/** Without a config file: every bundled connector under its own id, with its defaults. */
export function defaultGatewayConfig(connectors: readonly AnyConnector[]): GatewayConfig {
  return resolveGatewayConfig(
    {
      integrations: Object.fromEntries(
        connectors.map((connector) => [connector.id, { connector: connector.id }]),
      ),
    },
    connectors,
    'the default configuration',
  );
}

export function loadGatewayConfigFile(path: string, connectors: readonly AnyConnector[]): GatewayConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `is not valid JSON (${error.message})` : 'cannot be read';
    throw new GatewayConfigError(`Config file ${path} ${reason}`);
  }
  return resolveGatewayConfig(json, connectors, `Config file ${path}`);
}

/** Validates a config object and each integration's options against its connector's settings schema. */
export function resolveGatewayConfig(
  input: unknown,
  connectors: readonly AnyConnector[],
  source = 'Config',
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
    const settings = connector.settingsSchema.safeParse(entry.options);
    if (!settings.success) throw configError(source, zodIssues(settings.error, `integrations.${id}.options`));
    integrations.set(id, {
      id,
      connector,
      settings: settings.data as Record<string, unknown>,
      deadlineMs: entry.deadlineMs,
      maxInteractions: entry.maxInteractions,
      syncPageSize: entry.syncPageSize,
    });
  }
  return { ...(parsed.data.publicUrl ? { publicUrl: parsed.data.publicUrl } : {}), integrations };
}

function configError(source: string, issues: { path: string; message: string }[]): GatewayConfigError {
  const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
  return new GatewayConfigError(`${source} is invalid:\n${lines}`);
}
