import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  RETRYABLE_STATUSES,
  type RetryPolicy,
  requestedWaitMs,
} from './retry-policy.js';

const POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('backoffDelay', () => {
  it('doubles the step each retry, from the base, capped at the maximum', () => {
    const full = () => 1;
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(POLICY, retry, full))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('jitters down to half the step', () => {
    const none = () => 0;
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(POLICY, retry, none))).toEqual([
      50, 100, 200, 400, 500,
    ]);
  });

  it('stays between half and all of the step for any random value', () => {
    for (const value of [0, 0.1, 0.25, 0.5, 0.75, 0.999_999]) {
      for (const retry of [1, 2, 3, 4, 5, 6]) {
        const step = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (retry - 1));
        const delay = backoffDelay(POLICY, retry, () => value);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
      }
    }
  });

  it('uses the random source it is given', () => {
    expect(backoffDelay(POLICY, 1, () => 0.5)).toBe(75);
  });

  it('has sane defaults', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThanOrEqual(2);
    expect(DEFAULT_RETRY_POLICY.baseDelayMs).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxDelayMs);
  });
});

describe('RETRYABLE_STATUSES', () => {
  it('holds 408, 429 and the transient 5xx', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(RETRYABLE_STATUSES.has(status)).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 422, 501])
      expect(RETRYABLE_STATUSES.has(status)).toBe(false);
  });
});

describe('requestedWaitMs', () => {
  it('reads Retry-After in seconds, fractional seconds included', () => {
    expect(requestedWaitMs(new Headers({ 'retry-after': '120' }), [], NOW)).toBe(120_000);
    expect(requestedWaitMs(new Headers({ 'retry-after': '0' }), [], NOW)).toBe(0);
    expect(requestedWaitMs(new Headers({ 'retry-after': ' 1.5 ' }), [], NOW)).toBe(1_500);
  });

  it('reads Retry-After as an HTTP date', () => {
    const at = new Date(NOW + 30_000).toUTCString();
    expect(requestedWaitMs(new Headers({ 'retry-after': at }), [], NOW)).toBe(30_000);
  });

  it('never asks for a negative wait for a date in the past', () => {
    const at = new Date(NOW - 30_000).toUTCString();
    expect(requestedWaitMs(new Headers({ 'retry-after': at }), [], NOW)).toBe(0);
  });

  it('is undefined when nothing says when to come back', () => {
    expect(requestedWaitMs(new Headers(), [], NOW)).toBeUndefined();
    expect(requestedWaitMs(new Headers({ 'retry-after': 'soon' }), [], NOW)).toBeUndefined();
    expect(requestedWaitMs(new Headers({ 'x-ratelimit-reset': '60' }), [], NOW)).toBeUndefined();
  });

  it('reads a declared reset header in epoch seconds', () => {
    const reset = String(Math.floor(NOW / 1000) + 90);
    expect(
      requestedWaitMs(
        new Headers({ 'x-ratelimit-reset': reset }),
        [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
        NOW,
      ),
    ).toBe(90_000);
  });

  it('reads a declared reset header in epoch milliseconds', () => {
    const reset = String(NOW + 90_000);
    expect(
      requestedWaitMs(
        new Headers({ 'x-ratelimit-reset': reset }),
        [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
        NOW,
      ),
    ).toBe(90_000);
  });

  it('never asks for a negative wait for an epoch reset in the past', () => {
    const reset = String(Math.floor(NOW / 1000) - 10);
    expect(
      requestedWaitMs(
        new Headers({ 'x-ratelimit-reset': reset }),
        [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
        NOW,
      ),
    ).toBe(0);
  });

  it('reads a declared reset header that is a delay in seconds', () => {
    expect(
      requestedWaitMs(
        new Headers({ 'x-rate-limit-reset': '7' }),
        [{ name: 'x-rate-limit-reset', kind: 'seconds' }],
        NOW,
      ),
    ).toBe(7_000);
  });

  it('prefers Retry-After to the reset headers', () => {
    const headers = new Headers({
      'retry-after': '3',
      'x-ratelimit-reset': String(Math.floor(NOW / 1000) + 90),
    });
    expect(requestedWaitMs(headers, [{ name: 'x-ratelimit-reset', kind: 'epoch' }], NOW)).toBe(3_000);
  });

  it('skips a declared header that is missing or not a number and reads the next one', () => {
    const headers = new Headers({ 'x-first': 'tomorrow', 'x-third': '4' });
    const declared = [
      { name: 'x-first', kind: 'seconds' },
      { name: 'x-second', kind: 'seconds' },
      { name: 'x-third', kind: 'seconds' },
    ] as const;
    expect(requestedWaitMs(headers, declared, NOW)).toBe(4_000);
  });
});
