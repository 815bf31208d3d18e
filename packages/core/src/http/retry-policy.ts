/** When to retry and how long to wait: one owner for the whole project. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff; doubles each retry, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Exponential backoff with jitter (between half and all of the step), so retries from many requests spread. */
export function backoffDelay(
  policy: RetryPolicy,
  retryNumber: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.round(step * (0.5 + random() / 2));
}

/** A vendor header that says when the rate limit resets. */
export interface ResetHeader {
  name: string;
  /** `epoch`: a Unix time, seconds or milliseconds (told apart by size); `seconds`: a delay. */
  kind: 'epoch' | 'seconds';
}

/**
 * How long the service asks us to wait, in ms: `Retry-After` (seconds or an HTTP date), then each declared
 * reset header. Undefined when it does not say.
 */
export function requestedWaitMs(
  headers: Headers,
  resetHeaders: readonly ResetHeader[],
  now = Date.now(),
): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
  }
  for (const header of resetHeaders) {
    const raw = headers.get(header.name)?.trim();
    if (!raw || !/^\d+(\.\d+)?$/.test(raw)) continue;
    const value = Number(raw);
    if (header.kind === 'seconds') return Math.ceil(value * 1000);
    const epochMs = value > 1e12 ? value : value * 1000;
    return Math.max(0, Math.ceil(epochMs - now));
  }
  return undefined;
}
