// `talkbridge-gateway try`: runs one hook of one integration once, without starting the server, and shows
// every upstream call it made (method, URL with the credentials redacted, status, duration), then the
// answer or the error. How an operator debugs a definition and a support engineer replays a complaint.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type BridgeLogger,
  executeAction,
  type PipelineOptions,
  retrieveInteractions,
  synchronizeAgents,
  synchronizeContacts,
  toBridgeError,
  type UpstreamCallEvent,
  validateAuthentication,
} from '@talkbridge/core';
import { bundledConnectors } from './bundled-connectors.js';
import {
  defaultGatewayConfig,
  type GatewayConfig,
  GatewayConfigError,
  type Integration,
  loadGatewayConfigFile,
} from './gateway-config.js';

export const TRY_USAGE = `Usage: talkbridge-gateway try --config <file> --integration <id> --request <request.json>
                          [--hook interaction_retrieval|auth_validation|contact_synchronization|
                                  agent_synchronization|actions/<name>]
Runs one hook once, without starting the server: prints each upstream call to stderr, then the answer
as JSON to stdout (or the error to stderr, exiting 1). The request file holds Talkdesk's body
({ "auth": …, "data": … }).`;

/** The largest request file read. */
const MAX_REQUEST_BYTES = 1024 * 1024;

export interface TryOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

class UsageError extends Error {}

/** Runs the command; resolves with the exit code (0 answered, 1 the hook failed, 2 bad usage or config). */
export async function runTryCommand(args: string[], output: TryOutput): Promise<number> {
  let integration: Integration;
  let body: unknown;
  let hook: string;
  try {
    ({ integration, body, hook } = prepare(args));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    output.stderr(`talkbridge try: ${message}\n`);
    if (error instanceof UsageError) output.stderr(`${TRY_USAGE}\n`);
    return 2;
  }

  const options: PipelineOptions = {
    settings: integration.settings,
    deadlineMs: integration.deadlineMs,
    log: stderrLogger(output),
    reportUrls: true,
    onUpstreamCall: (event) => output.stderr(`${describeCall(event)}\n`),
  };
  try {
    const answer = await runHook(integration, hook, body, options);
    output.stdout(`${JSON.stringify(answer ?? null, null, 2)}\n`);
    return 0;
  } catch (thrown) {
    const error = toBridgeError(thrown);
    output.stderr(`error ${error.code}: ${error.message}\n`);
    for (const issue of error.issues ?? []) output.stderr(`  ${issue.path}: ${issue.message}\n`);
    return 1;
  }
}

function prepare(args: string[]): { integration: Integration; body: unknown; hook: string } {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        integration: { type: 'string' },
        request: { type: 'string' },
        hook: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!values.integration) throw new UsageError('--integration is required');
  if (!values.request) throw new UsageError('--request is required');
  const hook = values.hook ?? 'interaction_retrieval';
  if (!isKnownHook(hook)) throw new UsageError(`unknown hook "${hook}"`);

  const configPath = values.config ?? process.env.TALKBRIDGE_CONFIG;
  const config: GatewayConfig = configPath
    ? loadGatewayConfigFile(configPath, bundledConnectors)
    : defaultGatewayConfig(bundledConnectors);
  const integration = config.integrations.get(values.integration);
  if (!integration) {
    throw new GatewayConfigError(
      `no integration "${values.integration}" (configured: ${[...config.integrations.keys()].join(', ')})`,
    );
  }
  return { integration, body: readRequest(values.request), hook };
}

function isKnownHook(hook: string): boolean {
  return (
    ['interaction_retrieval', 'auth_validation', 'contact_synchronization', 'agent_synchronization'].includes(
      hook,
    ) || /^actions\/[\w-]{1,64}$/.test(hook)
  );
}

function readRequest(path: string): unknown {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.byteLength > MAX_REQUEST_BYTES) throw new Error(`${path} is larger than 1 MiB`);
    text = buffer.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new GatewayConfigError(
      code ? `request file ${path} cannot be read (${code})` : (error as Error).message,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayConfigError(`request file ${path} is not valid JSON (${(error as Error).message})`);
  }
}

function runHook(
  integration: Integration,
  hook: string,
  body: unknown,
  options: PipelineOptions,
): Promise<unknown> {
  const { connector } = integration;
  switch (hook) {
    case 'interaction_retrieval':
      return retrieveInteractions(connector, body, { ...options, limit: integration.maxInteractions });
    case 'auth_validation':
      return validateAuthentication(connector, body, options);
    case 'contact_synchronization':
      return synchronizeContacts(connector, body, { ...options, pageSize: integration.syncPageSize });
    case 'agent_synchronization':
      return synchronizeAgents(connector, body, { ...options, pageSize: integration.syncPageSize });
    default:
      return executeAction(connector, hook.slice('actions/'.length), body, options);
  }
}

/** `GET https://acme.example/api/v2/tickets?page=2 → 200 in 41 ms` (attempts when more than one). */
export function describeCall(event: UpstreamCallEvent): string {
  const attempts = event.attempts > 1 ? `, ${event.attempts} attempts` : '';
  return `${event.method} ${event.url ?? event.endpoint} → ${event.status} in ${event.durationMs} ms${attempts}`;
}

/** Warnings and errors the connector logs (a skipped record, an unknown status) go to stderr too. */
function stderrLogger(output: TryOutput): BridgeLogger {
  const line = (level: string) => (fields: Record<string, unknown>, message: string) => {
    const detail = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    output.stderr(`${level}: ${message}${detail}\n`);
  };
  return { debug: () => {}, info: () => {}, warn: line('warn'), error: line('error') };
}
