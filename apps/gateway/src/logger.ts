import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * JSON lines on stdout (or the given stream, for tests). Request bodies are never logged; the paths below
 * are a second line of defence should a future log call pass one.
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
    options.destination,
  );
}
