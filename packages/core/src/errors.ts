/**
 * Every failure talkbridge reports is a BridgeError with one of these codes. The gateway maps each code to
 * an HTTP status in one table; adding a code means adding its row there.
 */
export const BRIDGE_ERROR_CODES = [
  'invalid_request',
  'host_not_allowed',
  'invalid_credentials',
  'unknown_integration',
  'caller_not_allowed',
  'unsupported_media_type',
  'unknown_action',
  'not_found',
  'payload_too_large',
  'rate_limited',
  'upstream_unavailable',
  'upstream_invalid_response',
  'deadline_exceeded',
  'action_failed',
  'not_configured',
  'internal',
] as const;
export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

/** One failing field of a request, as reported in `error.issues`. */
export interface BridgeErrorIssue {
  path: string;
  message: string;
}

export interface BridgeErrorOptions {
  issues?: BridgeErrorIssue[];
  /** For `rate_limited`: seconds until the caller may retry. */
  retryAfterSeconds?: number;
  /** Extra, already-safe fields for the error body (e.g. the known integration ids). */
  details?: Record<string, unknown>;
  /**
   * The service's own answer to a refused request, for the connector to turn into a message (an action's
   * validation errors). Never logged or sent: it may hold personal data.
   */
  upstream?: { status: number; body: unknown };
  cause?: unknown;
}

// Symbol.for: two copies of @talkbridge/core in one process (a connector built against another version)
// still recognise each other's errors, where `instanceof` would not.
const BRIDGE_ERROR_MARKER = Symbol.for('talkbridge.BridgeError');

export class BridgeError extends Error {
  readonly code: BridgeErrorCode;
  readonly issues: BridgeErrorIssue[] | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly upstream: { status: number; body: unknown } | undefined;
  readonly [BRIDGE_ERROR_MARKER] = true;

  constructor(code: BridgeErrorCode, message: string, options: BridgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BridgeError';
    this.code = code;
    this.issues = options.issues;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details;
    // Not enumerable: a serialised or logged error never carries the service's answer.
    Object.defineProperty(this, 'upstream', { value: options.upstream, enumerable: false });
  }

  static isInstance(value: unknown): value is BridgeError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BRIDGE_ERROR_MARKER] === true
    );
  }
}

/** Turns anything thrown into a BridgeError; unknown failures become `internal` without their message. */
export function toBridgeError(error: unknown): BridgeError {
  if (BridgeError.isInstance(error)) return error;
  return new BridgeError('internal', 'Unexpected error while handling the request', { cause: error });
}
