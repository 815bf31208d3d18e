#!/usr/bin/env node
// Proves `pnpm new-connector` on every CI run: generates a connector into this workspace, installs it
// (from the store when it can), lints, builds, typechecks and tests it unchanged, and runs the gateway's
// bundled-connector tests with it registered — then removes it and restores every file it touched.
// Run after `pnpm build` (core and testkit must be built; turbo rebuilds them if their sources changed).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newConnector } from './new-connector.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const ID = 'generated-check';
const packageName = `@talkbridge/connector-${ID}`;
// Files the generator or the install change outside the new package: restored byte for byte.
const touched = ['apps/gateway/package.json', 'apps/gateway/src/bundled-connectors.ts', 'pnpm-lock.yaml'];

const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: root, stdio: 'inherit', ...options });
// CI=1 makes pnpm install frozen by default; the new package is not in the lockfile yet.
const install = () =>
  run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--reporter=silent']);

if (existsSync(join(root, 'packages', `connector-${ID}`))) {
  console.error(`packages/connector-${ID} exists: a previous check was interrupted; remove it first`);
  process.exit(1);
}
const saved = new Map(touched.map((file) => [file, readFileSync(join(root, file))]));
const started = Date.now();
let packageDir;
let failed = false;
try {
  ({ packageDir } = newConnector(root, ID));
  install();
  run('pnpm', ['exec', 'biome', 'check', packageDir, 'apps/gateway/src/bundled-connectors.ts']);
  run('pnpm', [
    'exec',
    'turbo',
    'run',
    'build',
    'typecheck',
    'test',
    `--filter=${packageName}`,
    '--output-logs=errors-only',
  ]);
  // The gateway serves it: listed once, installed, and its Talkdesk configuration is valid.
  run(
    'pnpm',
    ['exec', 'vitest', 'run', 'test/bundled-connectors.test.ts', 'test/configuration-all.test.ts'],
    {
      cwd: join(root, 'apps/gateway'),
    },
  );
  console.log(`new-connector check passed in ${Math.round((Date.now() - started) / 1000)} s`);
} catch (error) {
  failed = true;
  console.error(`new-connector check failed: ${error.message}`);
} finally {
  if (packageDir) rmSync(packageDir, { recursive: true, force: true });
  rmSync(join(root, '.changeset', `connector-${ID}.md`), { force: true });
  for (const [file, content] of saved) writeFileSync(join(root, file), content);
  // Unlinks the removed package again.
  install();
}
process.exit(failed ? 1 : 0);
