import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandbox } from '@talkbridge/connector-sandbox';
import { defineConnector } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bundledConnectors } from '../src/bundled-connectors.js';
import {
  checkInboundAuthBeforeStart,
  defaultGatewayConfig,
  GatewayConfigError,
  loadGatewayConfigFile,
  resolveGatewayConfig,
  withEnvironmentTokens,
} from '../src/gateway-config.js';

const dir = mkdtempSync(join(tmpdir(), 'talkbridge-config-'));
const writeJson = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function configErrorOf(input: unknown): string {
  try {
    resolveGatewayConfig(input, bundledConnectors);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('gateway config', () => {
  it('serves every bundled connector that runs on its defaults under its own id without a config file', () => {
    const config = defaultGatewayConfig(bundledConnectors);
    // `rest` needs a definition and `postgres` a database and its queries: only a config file serves them.
    expect([...config.integrations.keys()]).toEqual(
      bundledConnectors.map((connector) => connector.id).filter((id) => id !== 'rest' && id !== 'postgres'),
    );
    expect(bundledConnectors.map((connector) => connector.id)).toEqual(
      expect.arrayContaining(['rest', 'postgres']),
    );
    expect(config.integrations.get('sandbox')).toMatchObject({
      connector: sandbox,
      deadlineMs: 8000,
      maxInteractions: 50,
    });
  });

  it('resolves integrations with their options, deadline and cap', () => {
    const config = resolveGatewayConfig(
      {
        publicUrl: 'https://bridge.example.com',
        integrations: {
          'acme-demo': {
            connector: 'sandbox',
            options: { baseUrl: 'https://demo.acme.test' },
            deadlineMs: 3000,
          },
        },
      },
      bundledConnectors,
    );
    expect(config.publicUrl).toBe('https://bridge.example.com');
    expect(config.integrations.get('acme-demo')).toMatchObject({
      settings: { baseUrl: 'https://demo.acme.test' },
      deadlineMs: 3000,
      maxInteractions: 50,
    });
  });

  it('names an unknown connector and lists the bundled ones', () => {
    expect(configErrorOf({ integrations: { acme: { connector: 'zendsk' } } })).toMatch(
      /integrations\.acme\.connector: unknown connector "zendsk" \(bundled: sandbox/,
    );
  });

  it('resolves the retrieval switches: partial answers on, the lookup alongside the external id off, by default', () => {
    const config = resolveGatewayConfig(
      {
        integrations: {
          plain: { connector: 'sandbox' },
          tuned: { connector: 'sandbox', partialAnswers: false, lookupAlongsideExternalId: true },
        },
      },
      bundledConnectors,
    );
    expect(config.integrations.get('plain')).toMatchObject({
      partialAnswers: true,
      lookupAlongsideExternalId: false,
    });
    expect(config.integrations.get('tuned')).toMatchObject({
      partialAnswers: false,
      lookupAlongsideExternalId: true,
    });
  });

  it('refuses oauth2 for a connector without an OAuth 2.0 flow, naming the field', () => {
    expect(
      configErrorOf({ integrations: { demo: { connector: 'sandbox', authentication: 'oauth2' } } }),
    ).toMatch(/integrations\.demo\.authentication: the Sandbox connector has no OAuth 2\.0 flow/);
  });

  it('names a bad option with its full path', () => {
    expect(
      configErrorOf({ integrations: { acme: { connector: 'sandbox', options: { baseUrl: 'not a url' } } } }),
    ).toMatch(/integrations\.acme\.options\.baseUrl: /);
    expect(
      configErrorOf({
        integrations: { acme: { connector: 'sandbox', options: { baseURL: 'https://x.test' } } },
      }),
    ).toMatch(/integrations\.acme\.options: .*baseURL/);
  });

  it('names bad top-level and integration fields', () => {
    expect(configErrorOf({ integration: {} })).toMatch(/integrations: /);
    expect(configErrorOf({ integrations: { acme: { connector: 'sandbox', deadlineMs: 'soon' } } })).toMatch(
      /integrations\.acme\.deadlineMs: /,
    );
    expect(configErrorOf({ integrations: { 'bad id!': { connector: 'sandbox' } } })).toMatch(
      /integrations\.bad id!: /,
    );
  });

  it('reports a file that is not JSON, or missing, by its path', () => {
    expect(() =>
      loadGatewayConfigFile(writeJson('broken.json', '{ "integrations": '), bundledConnectors),
    ).toThrow(/broken\.json is not valid JSON/);
    expect(() => loadGatewayConfigFile(join(dir, 'missing.json'), bundledConnectors)).toThrow(
      /missing\.json cannot be read/,
    );
  });

  it('validates a sandbox data file at start, naming the bad field', () => {
    const dataFile = writeJson(
      'sandbox-data.json',
      JSON.stringify({
        account: { username: 'a', password: 'b' },
        contacts: [{ id: '1', name: 'X', emails: 'x@y.z', updatedAt: '2024-01-01T00:00:00Z' }],
        interactions: [],
      }),
    );
    const path = writeJson(
      'config.json',
      JSON.stringify({ integrations: { demo: { connector: 'sandbox', options: { dataFile } } } }),
    );
    expect(() => loadGatewayConfigFile(path, bundledConnectors)).toThrow(
      /integrations\.demo\.options\.dataFile: .*contacts\[0\]\.emails/,
    );
  });

  it('takes publicUrl in https only', () => {
    expect(
      configErrorOf({
        publicUrl: 'http://bridge.example.com',
        integrations: { a: { connector: 'sandbox' } },
      }),
    ).toMatch(/publicUrl: expected an https URL/);
  });

  it('names an inbound token that is too short or not URL-safe, without printing it', () => {
    const message = configErrorOf({
      integrations: {
        acme: { connector: 'sandbox', inboundTokens: ['good-token-0123456789', 'bad token?!'] },
      },
    });
    expect(message).toMatch(/integrations\.acme\.inboundTokens\[1\]: expected 16–256 URL-safe characters/);
    expect(message).not.toContain('bad token?!');
  });

  it('before a start from a file, refuses integrations without a token unless told not to', () => {
    const file = resolveGatewayConfig(
      { integrations: { acme: { connector: 'sandbox' }, beta: { connector: 'sandbox' } } },
      bundledConnectors,
    );
    expect(() => checkInboundAuthBeforeStart(file, 'Config file x.json')).toThrow(
      /Config file x\.json gives no inbound token for "acme", "beta"/,
    );
    const withEnv = withEnvironmentTokens(file, { TALKBRIDGE_INBOUND_TOKENS: 'env-token-0123456789' });
    expect(checkInboundAuthBeforeStart(withEnv, 'Config file x.json')).toEqual({ open: [] });
    const optedOut = resolveGatewayConfig(
      { inboundAuth: { required: false }, integrations: { acme: { connector: 'sandbox' } } },
      bundledConnectors,
    );
    expect(checkInboundAuthBeforeStart(optedOut, 'Config file x.json')).toEqual({ open: ['acme'] });
    // The quick start stays open, and reports what is open for its start-up warning.
    expect(checkInboundAuthBeforeStart(defaultGatewayConfig(bundledConnectors), 'defaults').open).toContain(
      'sandbox',
    );
  });
});

describe('file paths in options', () => {
  const withFileOption = defineConnector({
    id: 'files',
    displayName: 'Files',
    description: 'Reads a file named in its options.',
    auth: z.object({}),
    settings: z.object({
      templateFile: z.string().optional().meta({ filePath: true }),
      label: z.string().optional(),
    }),
    interactions: { note: async () => [] },
    findContacts: async () => [],
  });

  it('reads relative paths of options marked { filePath: true } against the config file folder', () => {
    const path = writeJson(
      'files-config.json',
      JSON.stringify({
        integrations: {
          relative: { connector: 'files', options: { templateFile: 'defs/a.yaml', label: 'defs/b' } },
          absolute: { connector: 'files', options: { templateFile: '/etc/talkbridge/a.yaml' } },
        },
      }),
    );
    const config = loadGatewayConfigFile(path, [withFileOption]);
    expect(config.integrations.get('relative')?.settings).toEqual({
      templateFile: join(dir, 'defs/a.yaml'),
      // Not marked: left as written.
      label: 'defs/b',
    });
    expect(config.integrations.get('absolute')?.settings.templateFile).toBe('/etc/talkbridge/a.yaml');
  });

  it('leaves paths alone when the config does not come from a file', () => {
    const config = resolveGatewayConfig(
      { integrations: { relative: { connector: 'files', options: { templateFile: 'defs/a.yaml' } } } },
      [withFileOption],
    );
    expect(config.integrations.get('relative')?.settings.templateFile).toBe('defs/a.yaml');
  });
});
