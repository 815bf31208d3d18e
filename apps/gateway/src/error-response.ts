import { BridgeError, type BridgeErrorCode } from '@talkbridge/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one table from error code to HTTP status. Every BridgeErrorCode has its row. */
export const STATUS_BY_CODE = {
  invalid_request: 400,
  host_not_allowed: 400,
  action_failed: 400,
  invalid_credentials: 401,
  // Never 401: Talkdesk reads 401 as the vendor refusing the credentials, and refreshes and replays.
  caller_not_allowed: 403,
  unknown_integration: 404,
  unknown_action: 404,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  upstream_unavailable: 502,
  upstream_invalid_response: 502,
  deadline_exceeded: 504,
  internal: 500,
  not_configured: 500,
} as const satisfies Record<BridgeErrorCode, ContentfulStatusCode>;

/** Codes whose `issues` describe the caller's own input, safe and useful to send back. */
const CALLER_FAULT_CODES = new Set<BridgeErrorCode>(['invalid_request', 'host_not_allowed', 'action_failed']);

export interface ErrorBody {
  error: {
    code: BridgeErrorCode;
    message: string;
    issues?: { path: string; message: string }[];
    request_id: string;
    [detail: string]: unknown;
  };
}

/**
 * The JSON body and headers for an error. Unknown errors become `internal` with a fixed message: their
 * text and stack stay in the log, never in the response.
 */
export function toErrorResponse(
  error: BridgeError,
  requestId: string,
): { status: ContentfulStatusCode; body: ErrorBody; headers: Record<string, string> } {
  const status = STATUS_BY_CODE[error.code];
  const headers: Record<string, string> = {};
  if (error.code === 'rate_limited')
    headers['Retry-After'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds ?? 1)));
  const message = error.code === 'internal' ? 'Unexpected error while handling the request' : error.message;
  const body: ErrorBody = {
    error: {
      code: error.code,
      message,
      ...(error.issues && CALLER_FAULT_CODES.has(error.code) ? { issues: error.issues } : {}),
      ...(error.details ?? {}),
      request_id: requestId,
    },
  };
  return { status, body, headers };
}

export { BridgeError };
