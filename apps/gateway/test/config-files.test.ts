import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { CONFIG_SCHEMA_FILE, gatewayConfigJsonSchema } from '../src/config-json-schema.js';
import { gatewayConfigSchema, isFilePathField, loadGatewayConfigFile } from '../src/gateway-config.js';

const dir = mkdtempSync(join(tmpdir(), 'talkbridge-config-files-'));
const sandboxData = {
  account: { username: 'demo', password: 'demo-password' },
  contacts: [
    { id: 'c-1', name: 'Custom', emails: ['custom@example.org'], updatedAt: '2025-05-01T09:00:00Z' },
  ],
  interactions: [],
};

describe('config files', () => {
  it('accepts "$schema", for editors', () => {
    const path = join(dir, 'with-schema.json');
    writeFileSync(
      path,
      JSON.stringify({
        $schema: `../node_modules/@talkbridge/gateway/${CONFIG_SCHEMA_FILE}`,
        integrations: { demo: { connector: 'sandbox' } },
      }),
    );
    expect([...loadGatewayConfigFile(path, bundledConnectors).integrations.keys()]).toEqual(['demo']);
  });

  it('resolves a relative dataFile against the config file, not the current directory', () => {
    const configDir = join(dir, 'etc', 'talkbridge');
    mkdirSync(join(configDir, 'data'), { recursive: true });
    writeFileSync(join(configDir, 'data', 'contacts.json'), JSON.stringify(sandboxData));
    const path = join(configDir, 'gateway.json');
    writeFileSync(
      path,
      JSON.stringify({
        integrations: { demo: { connector: 'sandbox', options: { dataFile: 'data/contacts.json' } } },
      }),
    );
    // The tests run from the package directory, where data/contacts.json does not exist.
    expect(process.cwd()).not.toBe(configDir);
    const config = loadGatewayConfigFile(path, bundledConnectors);
    expect(config.integrations.get('demo')?.settings).toEqual({
      dataFile: join(configDir, 'data', 'contacts.json'),
    });
  });

  it('leaves absolute paths and fields that are not marked as paths alone', () => {
    const absolute = join(dir, 'absolute.json');
    writeFileSync(absolute, JSON.stringify(sandboxData));
    const path = join(dir, 'absolute-config.json');
    writeFileSync(
      path,
      JSON.stringify({ integrations: { demo: { connector: 'sandbox', options: { dataFile: absolute } } } }),
    );
    expect(loadGatewayConfigFile(path, bundledConnectors).integrations.get('demo')?.settings).toEqual({
      dataFile: absolute,
    });
    expect(isFilePathField(z.string())).toBe(false);
    expect(isFilePathField(z.string().meta({ filePath: true }).optional())).toBe(true);
    expect(isFilePathField(z.string().optional().meta({ filePath: true }))).toBe(true);
    expect(isFilePathField(z.string().meta({ filePath: true }).default('x'))).toBe(true);
  });
});

describe('the config JSON Schema', () => {
  const shipped = JSON.parse(readFileSync(new URL(`../${CONFIG_SCHEMA_FILE}`, import.meta.url), 'utf8'));

  it('ships exactly what the zod schemas generate (run `pnpm --filter @talkbridge/gateway config-schema`)', () => {
    expect(shipped).toEqual(gatewayConfigJsonSchema(bundledConnectors));
  });

  it('describes each bundled connector with its own options', () => {
    const entry = shipped.properties.integrations.additionalProperties.anyOf as {
      properties: { connector: { const: string }; options: { properties: Record<string, unknown> } };
    }[];
    expect(entry.map((variant) => variant.properties.connector.const)).toEqual(
      bundledConnectors.map((connector) => connector.id),
    );
    const sandboxOptions = entry.find((variant) => variant.properties.connector.const === 'sandbox')
      ?.properties.options;
    expect(Object.keys(sandboxOptions?.properties ?? {})).toEqual(['dataFile', 'baseUrl']);
    // The top level is the gateway's own schema's, `$schema` included.
    expect(Object.keys(shipped.properties)).toEqual(Object.keys(gatewayConfigSchema.shape));
    expect(Object.keys(shipped.properties)).toContain('$schema');
  });
});
