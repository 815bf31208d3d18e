import { BridgeError } from '../errors.js';
import type { BridgeLogger } from '../logger.js';

/**
 * Failures an optional extra lookup may swallow: the vendor was unavailable, answered something unreadable,
 * did not have what we asked for, or would not refuse to rate limit in time. Everything else still fails
 * the request: refused credentials (Talkdesk must refresh them), the deadline, a refused host, our own bugs.
 */
const SWALLOWED_CODES = new Set([
  'upstream_unavailable',
  'upstream_invalid_response',
  'not_found',
  'rate_limited',
]);

/**
 * Runs a lookup the answer can do without (a portal name for links, ticket stage labels, a company name)
 * and gives `fallback` when it fails in one of the ways above, with a warning naming `what`. One rule for
 * every connector, so an optional call never hides a credential refusal and never blanks the screen.
 */
export async function optionalLookup<T, F>(
  ctx: { log: BridgeLogger },
  what: string,
  load: () => Promise<T>,
  fallback: F,
): Promise<T | F> {
  try {
    return await load();
  } catch (error) {
    if (!BridgeError.isInstance(error) || !SWALLOWED_CODES.has(error.code)) throw error;
    ctx.log.warn({ lookup: what, code: error.code }, 'optional lookup failed; answering without it');
    return fallback;
  }
}
