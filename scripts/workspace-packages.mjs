// The workspace's packages as the release scripts see them: where they are, which are published, and
// how one is packed into a tarball the way `changeset publish` would send it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every package under packages/ that is not private: `{ name, version, dir }`. */
export function publishedPackages() {
  const packagesDir = join(workspaceRoot, 'packages');
  return readdirSync(packagesDir)
    .map((entry) => join(packagesDir, entry))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({ name: manifest.name, version: manifest.version, dir }));
}

/**
 * Packs one package with pnpm (which turns `workspace:` ranges into real versions, as publishing does)
 * into `outDir`, and returns the tarball's path.
 */
export function packPackage(dir, outDir) {
  const output = execFileSync('pnpm', ['pack', '--pack-destination', outDir, '--json'], {
    cwd: dir,
    encoding: 'utf8',
  });
  const { filename } = JSON.parse(output);
  return filename.startsWith('/') ? filename : join(outDir, filename);
}
