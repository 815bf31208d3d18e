import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { exitOnUncaughtErrors } from '../src/crash-handlers.js';
import { readGatewayEnv } from '../src/env.js';
import { GatewayConfigError } from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';

function envErrorOf(env: Record<string, string>): string {
  try {
    readGatewayEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the environment to be rejected');
}

describe('environment variables', () => {
  it('has defaults for everything', () => {
    expect(readGatewayEnv({})).toEqual({ port: 8080, host: '0.0.0.0', logLevel: 'info', drainGraceMs: 5000 });
  });

  it('reads every variable', () => {
    expect(
      readGatewayEnv({
        PORT: '9000',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'DEBUG',
        TALKBRIDGE_CONFIG: '/etc/talkbridge/gateway.json',
        METRICS_PORT: '9464',
        METRICS_TOKEN: 'a-metrics-token-of-length',
        DRAIN_GRACE_MS: '1000',
        DRAIN_LIMIT_MS: '20000',
      }),
    ).toEqual({
      port: 9000,
      host: '127.0.0.1',
      logLevel: 'debug',
      configPath: '/etc/talkbridge/gateway.json',
      metricsPort: 9464,
      metricsToken: 'a-metrics-token-of-length',
      drainGraceMs: 1000,
      drainLimitMs: 20000,
    });
  });

  it('refuses an empty PORT instead of listening on a random one', () => {
    expect(envErrorOf({ PORT: '' })).toContain('PORT must be an integer from 0 to 65535, got ""');
  });

  it('names LOG_LEVEL and its accepted values', () => {
    expect(envErrorOf({ LOG_LEVEL: 'verbose' })).toContain(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });

  it('reports every problem at once, each naming its variable', () => {
    const message = envErrorOf({
      PORT: '70000',
      HOST: ' ',
      METRICS_PORT: '8.5',
      METRICS_TOKEN: 'short',
      DRAIN_GRACE_MS: '-1',
      TALKBRIDGE_CONFIG: '',
    });
    for (const name of [
      'PORT',
      'HOST',
      'METRICS_PORT',
      'METRICS_TOKEN',
      'DRAIN_GRACE_MS',
      'TALKBRIDGE_CONFIG',
    ])
      expect(message).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('refuses a metrics port equal to the main port and a drain limit inside the grace period', () => {
    expect(envErrorOf({ PORT: '8080', METRICS_PORT: '8080' })).toContain(
      'METRICS_PORT must differ from PORT',
    );
    expect(envErrorOf({ DRAIN_GRACE_MS: '5000', DRAIN_LIMIT_MS: '4000' })).toContain(
      'DRAIN_LIMIT_MS (4000) must be longer than DRAIN_GRACE_MS (5000)',
    );
  });
});

describe('uncaught errors', () => {
  it('logs the name and message without a stack, then exits 1', () => {
    const lines: string[] = [];
    const logger = createGatewayLogger({
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    const events = new EventEmitter();
    const exits: number[] = [];
    exitOnUncaughtErrors(events, logger, (code) => exits.push(code));

    events.emit('unhandledRejection', new TypeError('vendor said no'));
    events.emit('uncaughtException', 'a thrown string');
    expect(exits).toEqual([1, 1]);
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toMatchObject([
      {
        level: 60,
        err_name: 'TypeError',
        err_message: 'vendor said no',
        msg: 'unhandled rejection: exiting',
      },
      { level: 60, err_name: 'string', err_message: 'a thrown string', msg: 'uncaught exception: exiting' },
    ]);
    expect(lines.join('')).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});
