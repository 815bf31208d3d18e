// The gateway's bundled connectors are listed once, in src/bundled-connectors.ts, and installed through
// package.json: the two must agree, so a connector added to one and not the other fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledConnectors } from '../src/bundled-connectors.js';

const CONNECTOR_PACKAGE = '@talkbridge/connector-';
const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('bundled connectors', () => {
  it('are exactly the connector packages the gateway depends on, each under its package’s id', () => {
    const installed = Object.keys(manifest.dependencies)
      .filter((name) => name.startsWith(CONNECTOR_PACKAGE))
      .map((name) => name.slice(CONNECTOR_PACKAGE.length))
      .sort();
    expect(installed.length).toBeGreaterThan(0);
    expect(bundledConnectors.map((connector) => connector.id).sort()).toEqual(installed);
  });

  it('have distinct ids, the sandbox first as the embedded default', () => {
    const ids = bundledConnectors.map((connector) => connector.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('sandbox');
  });
});

describe('connector package versions', () => {
  it('each connector exports the VERSION of the package.json it was built from', async () => {
    const names = Object.keys(manifest.dependencies).filter((name) => name.startsWith(CONNECTOR_PACKAGE));
    for (const name of names) {
      const exported = (await import(name)) as { VERSION?: unknown };
      const packageJson = JSON.parse(
        readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
      ) as { version: string };
      expect(exported.VERSION, name).toBe(packageJson.version);
    }
  });
});
