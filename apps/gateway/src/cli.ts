#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { bundledConnectors } from './bundled-connectors.js';
import {
  checkInboundAuthBeforeStart,
  defaultGatewayConfig,
  GatewayConfigError,
  loadGatewayConfigFile,
  withEnvironmentTokens,
} from './gateway-config.js';
import { createGatewayLogger } from './logger.js';
import { serveGateway } from './server.js';
import { runTryCommand } from './try-command.js';

/**
 * `talkbridge-gateway [--config <file>]`. Config from --config or TALKBRIDGE_CONFIG; without one, every
 * bundled connector is served under its own id. PORT (default 8080), HOST (default 0.0.0.0).
 * TALKBRIDGE_INBOUND_TOKENS: comma-separated inbound tokens valid for every integration.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' } }, strict: true });
  const configPath = values.config ?? process.env.TALKBRIDGE_CONFIG;
  const logger = createGatewayLogger();

  const config = withEnvironmentTokens(
    configPath
      ? loadGatewayConfigFile(configPath, bundledConnectors)
      : defaultGatewayConfig(bundledConnectors),
    process.env,
  );
  // With a config file, an integration without a token refuses the start unless the file says so.
  const { open } = checkInboundAuthBeforeStart(config, `Config file ${configPath}`);
  const port = parsePort(process.env.PORT ?? '8080');
  const hostname = process.env.HOST ?? '0.0.0.0';

  const gateway = await serveGateway({ config, logger, port, hostname });
  logger.info(
    {
      url: gateway.url,
      port: gateway.port,
      integrations: [...config.integrations.keys()],
      config: configPath ?? null,
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

  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    gateway.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new GatewayConfigError(`PORT must be an integer from 0 to 65535, got "${text}"`);
  }
  return port;
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
    process.stderr.write(`talkbridge gateway did not start: ${message}\n`);
    process.exit(1);
  });
}
