/**
 * The logging surface core and connectors use: the subset of pino's API that they need, so the gateway
 * passes its pino child logger and a consumer can pass pino, console-like adapters or nothing.
 */
export interface BridgeLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

const ignore = () => {};
export const silentLogger: BridgeLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
