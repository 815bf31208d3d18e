import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { specExampleRequest } from './start-test-gateway.js';

// The built CLI, exactly what `pnpm start` runs (turbo builds the gateway before its tests).
const cliPath = new URL('../dist/cli.js', import.meta.url).pathname;
const children: ChildProcess[] = [];
afterAll(async () => {
  // Wait for each to drain and exit while its output is still read: none is left behind.
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }),
  );
});

/** Starts the CLI on a free port and resolves with its URL and everything it printed so far. */
function startCli(args: string[], env: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'debug', DRAIN_GRACE_MS: '0', ...env },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 20);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`gateway exited: ${output}`));
    });
  });
  // A CLI that is expected to fail never listens; that is not an unhandled rejection.
  listening.catch(() => {});
  return { child, listening, exited, output: () => output };
}

describe('the gateway CLI', () => {
  it('starts with the sandbox embedded, answers the spec example and never prints the credentials', async () => {
    const cli = startCli([]);
    const url = await cli.listening;
    const response = await fetch(`${url}/integrations/sandbox/interaction_retrieval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(specExampleRequest),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBeGreaterThan(0);
    const refused = await fetch(`${url}/integrations/sandbox/interaction_retrieval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...specExampleRequest,
        auth: { username: 'john.doe@example.com', password: 'cli-secret-77' },
      }),
    });
    expect(refused.status).toBe(401);
    await expect.poll(() => cli.output()).toContain('"status":401');
    expect(cli.output()).not.toContain('605b32dd');
    expect(cli.output()).not.toContain('cli-secret-77');
    // The quick start is open, and says so.
    expect(cli.output()).toMatch(/"level":40,.*quick start without inbound authentication/);
  });

  it('takes a config file from TALKBRIDGE_CONFIG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talkbridge-cli-'));
    const path = join(dir, 'gateway.json');
    const token = 'acme-demo-token-0123456789';
    writeFileSync(
      path,
      JSON.stringify({ integrations: { 'acme-demo': { connector: 'sandbox', inboundTokens: [token] } } }),
    );
    const cli = startCli([], { TALKBRIDGE_CONFIG: path });
    const url = await cli.listening;
    const listed = await fetch(`${url}/integrations`, { headers: { authorization: `Bearer ${token}` } });
    const body = (await listed.json()) as { integrations: { id: string }[] };
    expect(body.integrations.map((integration) => integration.id)).toEqual(['acme-demo']);
  });

  it('refuses to start on a bad config, naming the field, with no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talkbridge-cli-'));
    const path = join(dir, 'gateway.json');
    writeFileSync(path, JSON.stringify({ integrations: { acme: { connector: 'nope' } } }));
    const cli = startCli(['--config', path]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(
      /did not start: .*\n\s+integrations\.acme\.connector: unknown connector "nope"/,
    );
    expect(cli.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses to start with a config file that gives an integration no inbound token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talkbridge-cli-'));
    const path = join(dir, 'gateway.json');
    writeFileSync(
      path,
      JSON.stringify({
        integrations: {
          guarded: { connector: 'sandbox', inboundTokens: ['guarded-token-0123456789'] },
          forgotten: { connector: 'sandbox' },
        },
      }),
    );
    const cli = startCli(['--config', path]);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/did not start: .*gives no inbound token for "forgotten"/);
    expect(cli.output()).toContain('TALKBRIDGE_INBOUND_TOKENS');
    expect(cli.output()).toContain('"inboundAuth": {"required": false}');
    expect(cli.output()).not.toContain('guarded-token-0123456789');
  });

  it('starts open when the config file says it wants no inbound authentication, and warns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talkbridge-cli-'));
    const path = join(dir, 'gateway.json');
    writeFileSync(
      path,
      JSON.stringify({ inboundAuth: { required: false }, integrations: { open: { connector: 'sandbox' } } }),
    );
    const cli = startCli(['--config', path]);
    const url = await cli.listening;
    expect((await fetch(`${url}/integrations`)).status).toBe(200);
    expect(cli.output()).toMatch(/"level":40,.*"open_integrations":\["open"\].*no inbound authentication/);
  });

  it('takes gateway-wide tokens from TALKBRIDGE_INBOUND_TOKENS and never prints them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talkbridge-cli-'));
    const path = join(dir, 'gateway.json');
    writeFileSync(path, JSON.stringify({ integrations: { acme: { connector: 'sandbox' } } }));
    const tokens = ['env-token-old-0123456789', 'env-token-new-0123456789'];
    const cli = startCli(['--config', path], { TALKBRIDGE_INBOUND_TOKENS: tokens.join(',') });
    const url = await cli.listening;
    const retrieve = (query: string) =>
      fetch(`${url}/integrations/acme/interaction_retrieval${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(specExampleRequest),
      });
    expect((await retrieve('')).status).toBe(403);
    expect((await retrieve('?token=not-the-right-token-0000')).status).toBe(403);
    expect((await retrieve(`?token=${tokens[0]}`)).status).toBe(200);
    expect((await retrieve(`?token=${tokens[1]}`)).status).toBe(200);
    await expect.poll(() => cli.output().match(/"status":200/g)?.length).toBe(2);
    for (const token of tokens) expect(cli.output()).not.toContain(token);
  });

  it('names a malformed TALKBRIDGE_INBOUND_TOKENS entry by position, not by value', async () => {
    const cli = startCli([], { TALKBRIDGE_INBOUND_TOKENS: 'good-token-0123456789,short!' });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/did not start: TALKBRIDGE_INBOUND_TOKENS: token 2 of 2 is invalid/);
    expect(cli.output()).not.toContain('short!');
    expect(cli.output()).not.toContain('good-token-0123456789');
  });
});

describe('the gateway CLI as an operator meets it', () => {
  it('prints usage, options and every environment variable for --help, and exits 0', async () => {
    const cli = startCli(['--help']);
    expect(await cli.exited).toBe(0);
    for (const expected of [
      'Usage: talkbridge-gateway',
      '--config',
      'PORT',
      'LOG_LEVEL',
      'METRICS_PORT',
      'METRICS_TOKEN',
      'DRAIN_LIMIT_MS',
    ])
      expect(cli.output()).toContain(expected);
  });

  it('refuses an empty PORT and an unknown LOG_LEVEL, naming each variable', async () => {
    const cli = startCli([], { PORT: '', LOG_LEVEL: 'verbose' });
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toContain('PORT must be an integer from 0 to 65535, got ""');
    expect(cli.output()).toContain(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
    expect(cli.output()).not.toMatch(/\n\s+at /);
  });

  it('logs the address it actually listens on and the integrations it serves', async () => {
    const cli = startCli([], { HOST: '0.0.0.0' });
    const url = await cli.listening;
    expect(url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    const started = JSON.parse(
      cli
        .output()
        .split('\n')
        .find((line) => line.includes('gateway listening')) ?? '{}',
    );
    expect(started.integrations).toContainEqual({ id: 'sandbox', connector: 'sandbox' });
    expect(started.metrics_url).toBe(`${url}/metrics`);
    expect((await fetch(`${url.replace('0.0.0.0', '127.0.0.1')}/healthz`)).status).toBe(200);
  });
});

/** A Zendesk stand-in that holds each request until the test answers it. */
async function startHoldingUpstream() {
  const held: ServerResponse[] = [];
  const server = createServer((_request, response) => held.push(response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const dir = mkdtempSync(join(tmpdir(), 'talkbridge-drain-'));
  const configPath = join(dir, 'gateway.json');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    configPath,
    JSON.stringify({
      inboundAuth: { required: false },
      integrations: { 'zendesk-acme': { connector: 'zendesk', options: { baseUrl }, deadlineMs: 30000 } },
    }),
  );
  const retrieve = (url: string) =>
    fetch(`${url}/integrations/zendesk-acme/interaction_retrieval`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        auth: { account: 'acme', email: 'agent@acme.example', token: 'zd-cli-token' },
        // By phone: one upstream call in flight (a first view by one email also searches tickets beside it).
        data: { contact_phones: ['+1 415 555 0100'] },
      }),
    });
  const answerAll = () => {
    for (const response of held.splice(0))
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"next_page":null}');
  };
  return { held, configPath, retrieve, answerAll };
}

describe('the gateway CLI on SIGTERM', () => {
  it('drains: the in-flight retrieval gets its answer, then the process exits 0', async () => {
    const upstream = await startHoldingUpstream();
    const cli = startCli(['--config', upstream.configPath], { DRAIN_GRACE_MS: '0' });
    const url = await cli.listening;
    const inFlight = upstream.retrieve(url);
    await expect.poll(() => upstream.held.length).toBe(1);

    cli.child.kill('SIGTERM');
    await expect.poll(() => cli.output()).toContain('draining: readiness is 503 from now on');
    upstream.answerAll();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.headers.get('connection')).toBe('close');
    expect(await cli.exited).toBe(0);
    expect(cli.output()).toContain('drained: every request answered, exiting');
  });

  it('enforces the drain limit: what is left is aborted and the process exits 1', async () => {
    const upstream = await startHoldingUpstream();
    const cli = startCli(['--config', upstream.configPath], { DRAIN_GRACE_MS: '0', DRAIN_LIMIT_MS: '300' });
    const url = await cli.listening;
    const inFlight = upstream.retrieve(url).then(
      (response) => `answered ${response.status}`,
      () => 'connection closed',
    );
    await expect.poll(() => upstream.held.length).toBe(1);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(1);
    expect(await inFlight).toBe('connection closed');
    expect(cli.output()).toContain('drain limit reached');
  });
});
