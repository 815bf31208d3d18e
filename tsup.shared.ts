import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * `__PACKAGE_VERSION__` for a package's sources: its package.json version, read where the build runs (the
 * package's directory), so `VERSION` can never drift from what was published. Used by tsup and by vitest.
 */
export function packageVersionDefine(dir = process.cwd()): Record<string, string> {
  const { version } = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { version: string };
  return { __PACKAGE_VERSION__: JSON.stringify(version) };
}
