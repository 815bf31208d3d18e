import { defineConfig } from 'vitest/config';

/** What every package's tests share: a test that asserts nothing fails. */
export const sharedTestConfig = defineConfig({
  test: {
    expect: { requireAssertions: true },
  },
});
