import { defineConfig } from 'vitest/config';

/**
 * What every package's tests share: a test that asserts nothing fails; and timeouts that leave room for a
 * shared two-core machine running every package at once (no test asserts a duration, so a generous limit
 * only decides when a hung test is reported).
 */
export const sharedTestConfig = defineConfig({
  test: {
    expect: { requireAssertions: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
