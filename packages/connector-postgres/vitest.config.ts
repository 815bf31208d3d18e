import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      globalSetup: ['src/__fixtures__/global-setup.ts'],
      // Starting PostgreSQL takes a while on a busy machine.
      hookTimeout: 300_000,
      // Each test waits on a real server (stopped and restarted in one): generous on a loaded machine.
      testTimeout: 60_000,
    },
  }),
);
