import type { Logger } from 'pino';

interface ProcessEvents {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/**
 * An uncaught error or unhandled rejection leaves the process in a state nobody reasoned about: log it
 * (name and message only: a stack or a payload may carry request data) and end the process, so the
 * orchestrator starts a clean one. Clients never see it: their connections just close.
 */
export function exitOnUncaughtErrors(
  target: ProcessEvents,
  logger: Logger,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const fail = (kind: string) => (reason: unknown) => {
    const error = reason instanceof Error ? reason : undefined;
    try {
      logger.fatal(
        {
          err_name: error?.name ?? typeof reason,
          err_message: error?.message ?? String(reason).slice(0, 200),
        },
        `${kind}: exiting`,
      );
    } finally {
      // pino writes synchronously to stdout by default: the line is out before the exit. If stdout itself
      // is what failed, exit all the same.
      exit(1);
    }
  };
  target.on('uncaughtException', fail('uncaught exception'));
  target.on('unhandledRejection', fail('unhandled rejection'));
}
