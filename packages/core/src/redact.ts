import { BridgeError, toBridgeError } from './errors.js';
import type { BridgeLogger } from './logger.js';

export const REDACTED = '[redacted]';

// Shorter values (a region code such as "eu") would blot out ordinary words and are not secrets.
const MIN_SECRET_LENGTH = 3;

// Auth fields parsed by a connector's schema are a handful of short values; these bounds only guard
// against being handed something else (an attacker-sized object must not become thousands of secrets).
const MAX_SECRET_DEPTH = 4;
const MAX_SECRETS = 128;
// Deeper log fields than this are summarised instead of walked (a vendor error body can nest deeply).
const MAX_REDACT_DEPTH = 16;

/**
 * The values worth hiding, from the auth fields a connector's schema has parsed (never the raw request's
 * `auth`): every string (and number) of a useful length, a few levels deep at most, without recursion.
 */
export function secretsOf(auth: unknown): string[] {
  const found = new Set<string>();
  const stack: { value: unknown; depth: number }[] = [{ value: auth, depth: 0 }];
  while (stack.length > 0 && found.size < MAX_SECRETS) {
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof value === 'string' || typeof value === 'number') {
      const text = String(value);
      if (text.length >= MIN_SECRET_LENGTH) {
        found.add(text);
        // Query strings carry the same secret encoded (basic-auth headers: see `encodedSecretsOf`).
        found.add(encodeURIComponent(text));
      }
    } else if (value && typeof value === 'object' && depth < MAX_SECRET_DEPTH) {
      for (const nested of Object.values(value)) stack.push({ value: nested, depth: depth + 1 });
    }
  }
  // Longest first, so a secret containing another is replaced whole.
  return [...found].sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of each secret in `text`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** A deep copy of `value` with every secret replaced in every string. */
export function redactValue(value: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0) return value;
  return redactNested(value, secrets, new WeakSet(), 0);
}

function redactNested(
  value: unknown,
  secrets: readonly string[],
  seen: WeakSet<object>,
  depth: number,
): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (!value || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_REDACT_DEPTH) return '[nested too deep]';
  seen.add(value);
  if (value instanceof Error) return { name: value.name, message: redactText(value.message, secrets) };
  // Dates, URLs and the like log as their JSON form, not as an empty object.
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return redactNested(withJson.toJSON(), secrets, seen, depth + 1);
  if (Array.isArray(value)) return value.map((item) => redactNested(item, secrets, seen, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, redactNested(item, secrets, seen, depth + 1)]),
  );
}

/**
 * A logger that scrubs these secrets from every message and field before passing the line on. A line at a
 * level the logger would not write is dropped before any of that work (each upstream call logs at debug).
 */
export function redactingLogger(log: BridgeLogger, secrets: readonly string[]): BridgeLogger {
  if (secrets.length === 0) return log;
  const isLevelEnabled = log.isLevelEnabled?.bind(log);
  const wrap =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Record<string, unknown>, message: string): void => {
      if (isLevelEnabled && !isLevelEnabled(level)) return;
      log[level](redactValue(fields, secrets) as Record<string, unknown>, redactText(message, secrets));
    };
  return {
    debug: wrap('debug'),
    info: wrap('info'),
    warn: wrap('warn'),
    error: wrap('error'),
    ...(isLevelEnabled ? { isLevelEnabled } : {}),
  };
}

/**
 * The error as a BridgeError whose message, and whose cause's message, no longer contain these secrets.
 * The cause keeps its name (useful in a log line) but loses its stack.
 */
export function redactError(error: unknown, secrets: readonly string[]): BridgeError {
  const bridgeError = toBridgeError(error);
  const nothingToHide =
    bridgeError.cause === undefined &&
    redactText(bridgeError.message, secrets) === bridgeError.message &&
    redactText(JSON.stringify(bridgeError.details ?? {}), secrets) ===
      JSON.stringify(bridgeError.details ?? {});
  if (nothingToHide) return bridgeError;
  const cause = bridgeError.cause instanceof Error ? bridgeError.cause : undefined;
  const safeCause = cause
    ? new Error(redactText(cause.message, secrets))
    : redactValue(bridgeError.cause, secrets);
  if (cause && safeCause instanceof Error) {
    safeCause.name = cause.name;
    safeCause.stack = undefined;
  }
  return new BridgeError(bridgeError.code, redactText(bridgeError.message, secrets), {
    ...(bridgeError.issues ? { issues: bridgeError.issues } : {}),
    ...(bridgeError.retryAfterSeconds !== undefined
      ? { retryAfterSeconds: bridgeError.retryAfterSeconds }
      : {}),
    ...(bridgeError.details
      ? { details: redactValue(bridgeError.details, secrets) as Record<string, unknown> }
      : {}),
    ...(safeCause !== undefined ? { cause: safeCause } : {}),
  });
}
