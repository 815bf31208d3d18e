import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

/**
 * `pnpm bench:upstream`: the round-trips benchmark only (bench/upstream.bench-run.ts), which `pnpm test`'s
 * config never includes. One file, run alone so no other test competes for the CPU while it measures.
 */
export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    test: {
      include: ['bench/upstream.bench-run.ts'],
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 60_000,
    },
  }),
);
