#!/usr/bin/env node
// `pnpm new-connector <id> [--display-name "Acme Desk"]`: scaffolds packages/connector-<id> from the
// templates in scripts/connector-template/ (the current connector contract), adds its changeset, and
// bundles it with the gateway (apps/gateway/package.json and src/bundled-connectors.ts). The result builds
// and passes its tests unchanged; `.ci/run` proves that on every run (scripts/check-new-connector.mjs).
//
// Templates are plain files with tokens: `__id__` (acme-desk), `__name__` (acmeDesk, the export),
// `__Name__` (AcmeDesk, types), `__CONST__` (ACME_DESK), `__DISPLAY__` (Acme Desk), and
// `__version:<package>__` / `__peer:<package>__` for the versions the workspace pins.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const CONNECTOR_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const RESERVED_IDS = new Set(['core', 'testkit', 'gateway']);
const templateDir = fileURLToPath(new URL('./connector-template/', import.meta.url));

/** The names one id gives: `acme-desk` → acmeDesk, AcmeDesk, ACME_DESK, Acme Desk. */
export function connectorNames(id, displayName) {
  const words = id.split('-');
  const capitalised = words.map((word) => word[0].toUpperCase() + word.slice(1));
  return {
    id,
    name: words[0] + capitalised.slice(1).join(''),
    Name: capitalised.join(''),
    CONST: words.map((word) => word.toUpperCase()).join('_'),
    DISPLAY: displayName ?? capitalised.join(' '),
  };
}

/** Versions the workspace pins, for the template's package.json: root, core and testkit manifests. */
function workspaceVersions(root) {
  const manifest = (path) => JSON.parse(readFileSync(join(root, path), 'utf8'));
  const core = manifest('packages/core/package.json');
  const testkit = manifest('packages/testkit/package.json');
  return {
    version: {
      ...manifest('package.json').devDependencies,
      ...testkit.dependencies,
      ...core.dependencies,
      ...core.devDependencies,
    },
    peer: { ...core.peerDependencies },
  };
}

function fill(text, names, versions) {
  return text.replace(
    /__(version|peer):([^_\s]+(?:_[^_\s]+)*)__|__(id|name|Name|CONST|DISPLAY)__/g,
    (token, kind, pkg, key) => {
      if (key) return names[key];
      const version = versions[kind][pkg];
      if (!version) throw new Error(`the template asks for ${token}, which the workspace does not pin`);
      return version;
    },
  );
}

function templateFiles(dir = templateDir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? templateFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Adds the connector's import and entry to the gateway's one list of bundled connectors. */
function bundleWithGateway(root, names) {
  const packageName = `@talkbridge/connector-${names.id}`;
  const manifestPath = join(root, 'apps/gateway/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.dependencies = Object.fromEntries(
    Object.entries({ ...manifest.dependencies, [packageName]: 'workspace:^' }).sort(([a], [b]) =>
      a.localeCompare(b),
    ),
  );
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  const listPath = join(root, 'apps/gateway/src/bundled-connectors.ts');
  const lines = readFileSync(listPath, 'utf8').split('\n');
  const lastConnectorImport = lines.findLastIndex((line) => line.includes("from '@talkbridge/connector-"));
  if (lastConnectorImport < 0) throw new Error(`${listPath}: no connector import to add to`);
  lines.splice(lastConnectorImport + 1, 0, `import { ${names.name} } from '${packageName}';`);
  const listStart = lines.findIndex((line) => line.startsWith('export const bundledConnectors'));
  const listEnd = lines.findIndex((line, index) => index > listStart && line.startsWith('];'));
  if (listStart < 0 || listEnd < 0) throw new Error(`${listPath}: the bundledConnectors array was not found`);
  lines.splice(listEnd, 0, `  ${names.name},`);
  writeFileSync(listPath, lines.join('\n'));
  return [manifestPath, listPath];
}

/** Scaffolds the package under `root` (the workspace); returns the files written or changed. */
export function newConnector(root, id, { displayName } = {}) {
  if (!CONNECTOR_ID.test(id) || RESERVED_IDS.has(id)) {
    throw new Error(`"${id}" is not a connector id: lower-case letters and digits, words joined by dashes`);
  }
  const packageDir = join(root, 'packages', `connector-${id}`);
  if (existsSync(packageDir)) throw new Error(`${relative(root, packageDir)} already exists`);
  const names = connectorNames(id, displayName);
  const versions = workspaceVersions(root);

  const written = [];
  for (const file of templateFiles()) {
    const relativePath = fill(relative(templateDir, file), names, versions).replace(/\.tpl$/, '');
    const target =
      relativePath === 'changeset.md'
        ? join(root, '.changeset', `connector-${id}.md`)
        : join(packageDir, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(file, 'utf8'), names, versions));
    written.push(target);
  }
  writeFileSync(join(packageDir, 'LICENSE'), readFileSync(join(root, 'LICENSE')));
  written.push(join(packageDir, 'LICENSE'), ...bundleWithGateway(root, names));

  // Formatted as the repository formats (identifier lengths change line breaks from one id to another).
  execFileSync(
    join(root, 'node_modules', '.bin', 'biome'),
    ['check', '--write', packageDir, join(root, 'apps/gateway/src/bundled-connectors.ts')],
    { cwd: root, stdio: 'ignore' },
  );
  return { packageDir, written, names };
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { 'display-name': { type: 'string' }, root: { type: 'string' } },
  });
  const [id] = positionals;
  if (!id || positionals.length > 1) {
    console.error(
      'usage: pnpm new-connector <id> [--display-name "Acme Desk"]   (e.g. pnpm new-connector acme-desk)',
    );
    process.exit(2);
  }
  const root = values.root ?? fileURLToPath(new URL('..', import.meta.url));
  try {
    const { written, names } = newConnector(root, id, { displayName: values['display-name'] });
    for (const file of written) console.log(`  ${relative(root, file)}`);
    console.log(`
@talkbridge/connector-${id} is ready, with a fake ${names.DISPLAY} and the conformance suite passing.
Next:
  pnpm install --offline                                   # link the new package
  pnpm test:package @talkbridge/connector-${id}            # builds core and testkit first, then tests
Then replace the placeholders marked TODO(${id}) with the vendor's API (CONTRIBUTING.md, "Adding a connector").`);
  } catch (error) {
    console.error(`new-connector: ${error.message}`);
    process.exit(1);
  }
}
