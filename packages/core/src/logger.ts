/**
 * The logging surface core and connectors use: the subset of pino's API that they need, so the gateway
 * passes its pino child logger and a consumer can pass pino, console-like adapters or nothing.
 */
export interface BridgeLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  /**
   * Whether a line at this level would be written (pino's own method). Optional: when present, wrappers such
   * as the redacting logger skip the work of a line nobody would read (debug lines at the usual info level).
   */
  isLevelEnabled?(level: 'debug' | 'info' | 'warn' | 'error'): boolean;
}

const ignore = () => {};
export const silentLogger: BridgeLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
