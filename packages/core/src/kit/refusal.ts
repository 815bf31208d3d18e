import { BridgeError } from '../errors.js';

/** A vendor's refusal of one request: its status and its error body (parsed by `http.errorBody`). */
export interface Refusal<TBody> {
  status: number;
  /**
   * The body as the connector's `http.errorBody` schema read it; undefined when the vendor sent none or
   * something else. Personal data may be in it: turn it into a message, never log it.
   */
  body: TBody | undefined;
}

/**
 * The vendor's refusal behind a failed call (a 4xx or 5xx answer), or undefined when the call failed some
 * other way (network, deadline, rate budget, a non-BridgeError). The one way a connector reads a refusal.
 */
export function refusalOf<TBody = unknown>(error: unknown): Refusal<TBody> | undefined {
  if (!BridgeError.isInstance(error) || !error.upstream) return undefined;
  return { status: error.upstream.status, body: error.upstream.body as TBody | undefined };
}
