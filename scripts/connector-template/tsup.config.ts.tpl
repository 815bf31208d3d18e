import { defineConfig } from 'tsup';
import { packageVersionDefine } from '../../tsup.shared.js';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'node20',
  define: packageVersionDefine(),
});
