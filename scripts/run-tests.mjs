#!/usr/bin/env node
// Runs every package's tests through turbo, then reads each package's vitest JSON report and prints one
// total line, `N passed, N failed`. Exits non-zero when anything failed, when no test ran, or when a
// package's test task failed without a report (a crash, a type error at import).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packageDirs = ['packages', 'apps'].flatMap((group) => {
  const dir = join(root, group);
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
});
const reportOf = (dir) => join(dir, 'test-results.json');

// Stale reports from an earlier run must not count.
for (const dir of packageDirs) rmSync(reportOf(dir), { force: true });

const turbo = spawnSync('pnpm', ['exec', 'turbo', 'run', 'test', '--continue', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});

let passed = 0;
let failed = 0;
let reports = 0;
for (const dir of packageDirs) {
  if (!existsSync(reportOf(dir))) continue;
  const report = JSON.parse(readFileSync(reportOf(dir), 'utf8'));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  // A test file that failed without any test result did not load: count it, its tests never ran.
  const unloaded = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
  ).length;
  failed += (report.numFailedTests ?? 0) + unloaded;
}

console.log(`\n${passed} passed, ${failed} failed`);
if (turbo.status !== 0 && failed === 0)
  console.error(`turbo exited with ${turbo.status}: a package's tests did not run`);
process.exit(failed > 0 || passed === 0 || reports === 0 || turbo.status !== 0 ? 1 : 0);
