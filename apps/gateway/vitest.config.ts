import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // Some tests start the built CLI (or `pnpm start`) as a child process: on a shared, loaded machine
      // its start alone can take seconds. The limit bounds a hang; no test asserts how long anything took.
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
