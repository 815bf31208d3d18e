#!/usr/bin/env node
// Lints what a registry would receive: packs every published package (as `changeset publish` would, with
// pnpm, so `workspace:` ranges become versions) and checks each tarball with publint (package.json fields
// against the files really packed; warnings count as errors) and with Are The Types Wrong (types and
// JavaScript agree for every resolution mode an ESM-only package supports). Run after `pnpm build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packPackage, publishedPackages } from './workspace-packages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const attw = join(root, 'node_modules', '.bin', 'attw');
const outDir = mkdtempSync(join(tmpdir(), 'talkbridge-pack-'));
let problems = 0;

try {
  for (const { name, dir } of publishedPackages()) {
    const tarball = packPackage(dir, outDir);

    const { messages, pkg } = await publint({
      // The tarball's files sit under `package/`, as npm lays them out.
      pkgDir: 'package',
      pack: { tarball: new Uint8Array(readFileSync(tarball)).buffer },
      strict: true,
    });
    for (const message of messages) {
      console.error(`publint ${name}: ${formatMessage(message, pkg) ?? message.code}`);
    }
    const errors = messages.filter((message) => message.type === 'error').length;

    // esm-only: a CommonJS `require` of these packages is Node's require(esm), which attw cannot model.
    const types = spawnSync(attw, [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], {
      encoding: 'utf8',
    });
    if (types.status !== 0) console.error(`attw ${name}:\n${types.stdout}${types.stderr}`);

    const failed = errors > 0 || types.status !== 0;
    problems += failed ? 1 : 0;
    console.log(`${failed ? '✗' : '✓'} ${name}`);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

if (problems > 0) {
  console.error(`${problems} package(s) would be published with problems`);
  process.exit(1);
}
