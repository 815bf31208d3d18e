import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * JSON lines on stdout (or the given stream, for tests). Request bodies are never logged; the paths below
 * are a second line of defence should a future log call pass one.
 *
 * Each line is written to stdout synchronously, pino's standard mode. pino's own default stream for stdout
 * hands every line to libuv's thread pool instead (a thread woken, then the event loop woken back): with one
 * access line per request that cost about a tenth of a sandbox retrieval's CPU (`pnpm bench:overhead`).
 */
export function createGatewayLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: 'talkbridge-gateway' },
      redact: {
        paths: ['auth', '*.auth', 'headers.authorization', '*.headers.authorization', 'password', 'token'],
        censor: '[redacted]',
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
