// `talkbridge-gateway try`, spawned as an operator runs it: the built CLI, a config file, a request file,
// and a fake Order Desk on a real loopback port.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ORDER_DESK_API_KEY,
  orderDeskDefinitionPath,
  startOrderDeskServer,
} from '@talkbridge/connector-rest/fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { specExampleRequest } from './start-test-gateway.js';

const cliPath = new URL('../dist/cli.js', import.meta.url).pathname;
const orderDesk = await startOrderDeskServer();
afterAll(() => orderDesk.close());

const dir = mkdtempSync(join(tmpdir(), 'talkbridge-try-'));
copyFileSync(orderDeskDefinitionPath, join(dir, 'order-desk.yaml'));
const configPath = join(dir, 'config.json');
writeFileSync(
  configPath,
  JSON.stringify({
    integrations: {
      orders: {
        connector: 'rest',
        options: { definitionFile: 'order-desk.yaml', baseUrl: orderDesk.origin },
      },
    },
  }),
);
const requestFile = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};

/** Runs the CLI to its end. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, 'try', ...args], {
    env: { ...process.env, TALKBRIDGE_CONFIG: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

// Each run starts a Node process that loads every bundled connector: slow on a busy machine.
describe('talkbridge-gateway try', { timeout: 60_000 }, () => {
  it('runs a retrieval once: each upstream call on stderr, the answer on stdout, exit 0', async () => {
    const request = requestFile('ana.json', {
      auth: { api_key: ORDER_DESK_API_KEY },
      data: { contact_emails: ['ana.silva@example.com'] },
    });
    const run = await runCli(['--config', configPath, '--integration', 'orders', '--request', request]);
    expect(run.code).toBe(0);
    const calls = run.stderr.trim().split('\n');
    expect(calls[0]).toMatch(
      new RegExp(
        `^GET ${orderDesk.origin}/v1/customers\\?email=ana\\.silva%40example\\.com → 200 in \\d+ ms$`,
      ),
    );
    expect(calls.slice(1)).toEqual([
      expect.stringMatching(
        /^GET http:\/\/127\.0\.0\.1:\d+\/v1\/customers\/cus_1001\/orders\?limit=2 → 200 in \d+ ms$/,
      ),
      expect.stringMatching(/\/orders\?cursor=Mg&limit=2 → 200 in \d+ ms$/),
      expect.stringMatching(/\/orders\?cursor=NA&limit=2 → 200 in \d+ ms$/),
    ]);
    const answer = JSON.parse(run.stdout) as { id: string }[];
    expect(answer.map((item) => item.id)).toEqual(['ord_5', 'ord_4', 'ord_3', 'ord_2', 'ord_1']);
    expect(run.stderr + run.stdout).not.toContain(ORDER_DESK_API_KEY);
  });

  it('runs any hook: an action, then prints the error and exits 1 when the service refuses the key', async () => {
    const action = await runCli([
      '--config',
      configPath,
      '--integration',
      'orders',
      '--hook',
      'actions/create_note',
      '--request',
      requestFile('note.json', {
        auth: { api_key: ORDER_DESK_API_KEY },
        meta: { contact_external_id: 'cus_1001' },
        data: { text: 'Called back' },
      }),
    ]);
    expect(action.code).toBe(0);
    expect(action.stderr).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/v1\/customers\/cus_1001\/notes → 201 in \d+ ms\n$/,
    );
    expect(JSON.parse(action.stdout)).toEqual({ message: 'Note note_1 added', external_id: 'note_1' });

    const refused = await runCli([
      '--config',
      configPath,
      '--integration',
      'orders',
      '--hook',
      'auth_validation',
      '--request',
      requestFile('wrong.json', { auth: { api_key: 'od-wrong-key-8812' } }),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/\/v1\/me → 401 in \d+ ms\nerror invalid_credentials: /);
    expect(refused.stderr).not.toContain('od-wrong-key-8812');
  });

  it('works for a coded connector too: the sandbox of the default configuration', async () => {
    const run = await runCli([
      '--integration',
      'sandbox',
      '--request',
      requestFile('spec.json', specExampleRequest),
    ]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as unknown[]).length).toBeGreaterThan(0);
  });

  it('exits 2 with the usage on a bad command line, and names an unknown integration', async () => {
    const usage = await runCli(['--integration', 'orders']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--request is required');
    expect(usage.stderr).toContain('Usage: talkbridge-gateway try');
    const unknown = await runCli(['--config', configPath, '--integration', 'ordrs', '--request', configPath]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('talkbridge try: no integration "ordrs" (configured: orders)\n');
  });
});
