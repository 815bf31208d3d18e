import { GatewayConfigError } from './gateway-config.js';

/** pino's levels, in the order an operator reads them. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The gateway's environment, validated: every value here was checked and named in its error. */
export interface GatewayEnv {
  port: number;
  host: string;
  logLevel: LogLevel;
  configPath?: string;
  /** A second port for `/metrics` alone; without it, `/metrics` is on the main port. */
  metricsPort?: number;
  /** When set, `/metrics` wants `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken?: string;
  /** How long the gateway keeps accepting connections after SIGTERM, so load balancers see it go. */
  drainGraceMs: number;
  /** The whole drain's limit, from the signal; the default depends on the configured deadlines. */
  drainLimitMs?: number;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '0.0.0.0';
export const DEFAULT_DRAIN_GRACE_MS = 5_000;
/** The shortest METRICS_TOKEN accepted: a guessable token protects nothing. */
export const MIN_METRICS_TOKEN_LENGTH = 16;

interface EnvVariable {
  name: string;
  description: string;
}

/** Every environment variable the gateway reads, for `--help` and the README. */
export const ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'TALKBRIDGE_CONFIG', description: 'config file path (same as --config)' },
  {
    name: 'TALKBRIDGE_INBOUND_TOKENS',
    description: 'comma-separated inbound tokens valid for every integration (see README)',
  },
  { name: 'PORT', description: `port to listen on, 0 picks a free one (default ${DEFAULT_PORT})` },
  { name: 'HOST', description: `address to listen on (default ${DEFAULT_HOST})` },
  { name: 'LOG_LEVEL', description: `one of ${LOG_LEVELS.join(', ')} (default info)` },
  { name: 'METRICS_PORT', description: 'serve /metrics on this port instead of the main one' },
  {
    name: 'METRICS_TOKEN',
    description: `require "Authorization: Bearer <token>" on /metrics (at least ${MIN_METRICS_TOKEN_LENGTH} characters)`,
  },
  {
    name: 'DRAIN_GRACE_MS',
    description: `after SIGTERM, keep accepting connections this long while /readyz says 503 (default ${DEFAULT_DRAIN_GRACE_MS})`,
  },
  {
    name: 'DRAIN_LIMIT_MS',
    description:
      'abort what is still running this long after SIGTERM and exit 1 (default: grace + longest deadline + 5000)',
  },
];

/**
 * Reads and validates the environment. Every problem is reported at once, each naming its variable, so an
 * operator fixes a deployment in one go instead of one restart per mistake.
 */
export function readGatewayEnv(env: Record<string, string | undefined>): GatewayEnv {
  const problems: string[] = [];
  const integer = (name: string, min: number, max: number): number | undefined => {
    const text = env[name];
    if (text === undefined) return undefined;
    // Number('') is 0: an empty PORT must not silently mean "any free port".
    if (!/^\d{1,9}$/.test(text.trim()) || Number(text) < min || Number(text) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
      return undefined;
    }
    return Number(text);
  };
  const nonEmpty = (name: string): string | undefined => {
    const text = env[name];
    if (text !== undefined && text.trim() === '') {
      problems.push(`${name} is set but empty: unset it or give it a value`);
      return undefined;
    }
    return text?.trim();
  };

  const port = integer('PORT', 0, 65_535) ?? DEFAULT_PORT;
  const host = nonEmpty('HOST') ?? DEFAULT_HOST;
  const configPath = nonEmpty('TALKBRIDGE_CONFIG');

  const levelText = nonEmpty('LOG_LEVEL') ?? 'info';
  const logLevel = LOG_LEVELS.find((level) => level === levelText.toLowerCase());
  if (!logLevel)
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(levelText)}`);

  const metricsPort = integer('METRICS_PORT', 0, 65_535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    problems.push(
      `METRICS_PORT must differ from PORT (both are ${port}); unset it to serve /metrics on PORT`,
    );
  }
  const metricsToken = nonEmpty('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < MIN_METRICS_TOKEN_LENGTH) {
    problems.push(`METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters long`);
  }

  const drainGraceMs = integer('DRAIN_GRACE_MS', 0, 120_000) ?? DEFAULT_DRAIN_GRACE_MS;
  const drainLimitMs = integer('DRAIN_LIMIT_MS', 100, 600_000);
  if (drainLimitMs !== undefined && drainLimitMs <= drainGraceMs) {
    problems.push(`DRAIN_LIMIT_MS (${drainLimitMs}) must be longer than DRAIN_GRACE_MS (${drainGraceMs})`);
  }

  if (problems.length > 0) {
    throw new GatewayConfigError(
      `Environment is invalid:\n${problems.map((line) => `  ${line}`).join('\n')}`,
    );
  }
  return {
    port,
    host,
    logLevel: logLevel ?? 'info',
    ...(configPath !== undefined ? { configPath } : {}),
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    ...(metricsToken !== undefined ? { metricsToken } : {}),
    drainGraceMs,
    ...(drainLimitMs !== undefined ? { drainLimitMs } : {}),
  };
}
