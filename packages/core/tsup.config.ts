import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/contract.ts', 'src/internal.ts'],
  format: ['esm'],
  dts: true,
  // Overwrite in place: every other package builds and typechecks against this dist, and a clean would
  // leave them without index.d.ts for the length of a rebuild (watch mode, parallel turbo tasks).
  clean: false,
  target: 'node20',
});
