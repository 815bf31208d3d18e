import { defineConfig } from 'vitest/config';
import { packageVersionDefine } from './tsup.shared.js';

/**
 * What every package's tests share: a test that asserts nothing fails; and timeouts that leave room for a
 * shared two-core machine running every package at once (no test asserts a duration, so a generous limit
 * only decides when a hung test is reported).
 */
export const sharedTestConfig = defineConfig({
  // Tests see the same `VERSION` the build injects (vitest runs in the package's directory).
  define: packageVersionDefine(),
  test: {
    expect: { requireAssertions: true },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
