import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  // In place: connector packages test against this dist while it rebuilds.
  clean: false,
  target: 'node20',
  // The suite must use the test runner's own vitest and msw, not bundled copies.
  external: ['vitest', 'msw', 'msw/node'],
});
