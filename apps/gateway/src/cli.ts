#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { bundledConnectors } from './bundled-connectors.js';
import { exitOnUncaughtErrors } from './crash-handlers.js';
import { type DrainOutcome, defaultDrainLimitMs, drainGateway } from './drain.js';
import { readGatewayEnv } from './env.js';
import {
  checkInboundAuthBeforeStart,
  defaultGatewayConfig,
  loadGatewayConfigFile,
  withEnvironmentTokens,
} from './gateway-config.js';
import { gatewayUsage } from './help.js';
import { createGatewayLogger } from './logger.js';
import { GatewayMetrics } from './metrics.js';
import { GatewayLifecycle } from './readiness.js';
import { createGatewayRuntimeState } from './runtime-state.js';
import { serveGateway, serveMetrics } from './server.js';
import { runTryCommand } from './try-command.js';

/**
 * `talkbridge-gateway [--config <file>]`; `--help` lists the options and environment variables
 * (TALKBRIDGE_INBOUND_TOKENS: comma-separated inbound tokens valid for every integration; REDIS_URL and
 * TALKBRIDGE_STATE_SECRET share the runtime state — contact cache, rate budgets — between instances).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(gatewayUsage());
    return;
  }
  const env = readGatewayEnv(process.env);
  const logger = createGatewayLogger({ level: env.logLevel });
  exitOnUncaughtErrors(process, logger);

  const configPath = values.config ?? env.configPath;
  const config = withEnvironmentTokens(
    configPath
      ? loadGatewayConfigFile(configPath, bundledConnectors)
      : defaultGatewayConfig(bundledConnectors),
    process.env,
  );
  // With a config file, an integration without a token refuses the start unless the file says so.
  const { open } = checkInboundAuthBeforeStart(config, `Config file ${configPath}`);
  const lifecycle = new GatewayLifecycle();
  const metrics = new GatewayMetrics();

  // Once per process: the contact cache, shared identical work and rate budgets (Redis from REDIS_URL).
  const runtimeState = createGatewayRuntimeState({
    env: process.env,
    log: logger,
    onEvent: (event) => metrics.recordRuntimeEvent(event),
  });
  const gateway = await serveGateway({
    config,
    logger,
    port: env.port,
    hostname: env.host,
    lifecycle,
    metrics,
    runtimeState,
    metricsRoute: env.metricsPort === undefined,
    ...(env.metricsToken ? { metricsToken: env.metricsToken } : {}),
  });
  const metricsServer =
    env.metricsPort === undefined
      ? undefined
      : await serveMetrics({
          metrics,
          port: env.metricsPort,
          hostname: env.host,
          ...(env.metricsToken ? { token: env.metricsToken } : {}),
        });
  const drainLimitMs = env.drainLimitMs ?? defaultDrainLimitMs(config, env.drainGraceMs);
  logger.info(
    {
      url: gateway.listeningUrl,
      pid: process.pid,
      port: gateway.port,
      metrics_url: `${(metricsServer ?? gateway).listeningUrl}/metrics`,
      integrations: [...config.integrations.values()].map((integration) => ({
        id: integration.id,
        connector: integration.connector.id,
      })),
      config: configPath ?? null,
      drain_grace_ms: env.drainGraceMs,
      drain_limit_ms: drainLimitMs,
      runtime_state: runtimeState.status().backend,
    },
    'talkbridge gateway listening',
  );
  if (open.length > 0) {
    logger.warn(
      { open_integrations: open },
      configPath
        ? 'no inbound authentication for these integrations ("inboundAuth": {"required": false}): anyone who reaches the port may call them'
        : 'quick start without inbound authentication: anyone who reaches the port may call every integration; set TALKBRIDGE_INBOUND_TOKENS or use a config file',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    let outcome: DrainOutcome = 'limit_reached';
    try {
      logger.info({ signal }, 'draining: readiness is 503 from now on');
      outcome = await drainGateway({
        servers: [gateway.server, ...(metricsServer ? [metricsServer.server] : [])],
        lifecycle,
        graceMs: env.drainGraceMs,
        limitMs: drainLimitMs,
        logger,
      });
      if (outcome === 'drained') logger.info('drained: every request answered, exiting');
      await runtimeState.close().catch(() => {});
    } finally {
      // Exit even when a log line cannot be written (stdout closed by a supervisor that went first).
      // A drain cut short is a failure the orchestrator should see.
      process.exit(outcome === 'drained' ? 0 : 1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[2] === 'try') {
  // `talkbridge-gateway try …`: one hook once, no server (see try-command.ts).
  runTryCommand(process.argv.slice(3), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
} else {
  startServer();
}

function startServer(): void {
  main().catch((error: unknown) => {
    // A config problem is the operator's to fix: print the message alone, no stack.
    const message = error instanceof Error ? error.message : String(error);
    const hint = (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS') ? ' (see --help)' : '';
    process.stderr.write(`talkbridge gateway did not start: ${message}${hint}\n`);
    process.exit(1);
  });
}
