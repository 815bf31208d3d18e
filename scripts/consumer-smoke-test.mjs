#!/usr/bin/env node
// A consumer's first five minutes, before any user has them: packs @talkbridge/core and one connector the
// way they would be published, installs the tarballs with npm into an empty project outside the workspace,
// and retrieves a contact's interactions through core's pipeline against a local fake of the vendor —
// once from an ES module, once from a CommonJS file (Node ≥ 20.19 loads these ESM-only packages with
// require()). A `workspace:` range left in, a file missing from `files`, or a wrong export fails here.
// Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packPackage, publishedPackages } from './workspace-packages.mjs';

const CONNECTOR = '@talkbridge/connector-freshdesk';
const project = mkdtempSync(join(tmpdir(), 'talkbridge-consumer-'));
const keep = process.argv.includes('--keep');

/** The consumer's program: a fake Freshdesk on a free port, the operator's baseUrl pointing at it. */
const consumerProgram = (moduleSystem) => `${
  moduleSystem === 'esm'
    ? `import { createServer } from 'node:http';
import { strict as assert } from 'node:assert';
import { retrieveInteractions } from '@talkbridge/core';
import { freshdesk, VERSION } from '${CONNECTOR}';`
    : `const { createServer } = require('node:http');
const { strict: assert } = require('node:assert');
const { retrieveInteractions } = require('@talkbridge/core');
const { freshdesk, VERSION } = require('${CONNECTOR}');`
}

const seen = [];
const fake = createServer((request, response) => {
  const url = new URL(request.url, 'http://fake');
  seen.push({ path: url.pathname, authorization: request.headers.authorization });
  const send = (body) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (url.pathname === '/api/v2/contacts/432') return send({ id: 432, email: 'emily@example.com', deleted: false });
  if (url.pathname === '/api/v2/tickets' && url.searchParams.get('requester_id') === '432') {
    return send([
      { id: 7, subject: 'Lamp arrived broken', description_text: 'Please send another.', status: 2, priority: 3, created_at: '2026-03-01T10:00:00Z' },
      { id: 5, subject: 'Where is my order?', status: 5, priority: 1, created_at: '2026-02-01T09:30:00Z' },
    ]);
  }
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end('{"message":"not found"}');
});

(async () => {
  await new Promise((resolve) => fake.listen(0, '127.0.0.1', resolve));
  const baseUrl = \`http://127.0.0.1:\${fake.address().port}\`;
  try {
    const answer = await retrieveInteractions(
      freshdesk,
      {
        auth: { domain: 'acme', api_key: 'consumer-key-1234' },
        meta: { interaction_types: ['ticket'] },
        data: { contact_external_id: '432' },
      },
      { settings: { baseUrl } },
    );
    assert.equal(typeof VERSION, 'string');
    assert.deepEqual(answer.map((item) => [item.id, item.type, item.date, item.status, item.priority]), [
      ['7', 'ticket', '2026-03-01 10:00:00 UTC', 'open', 'high'],
      ['5', 'ticket', '2026-02-01 09:30:00 UTC', 'closed', 'low'],
    ]);
    assert.equal(seen[0].authorization, 'Basic ' + Buffer.from('consumer-key-1234:X').toString('base64'));
    console.log('${moduleSystem}: ' + answer.length + ' interactions from the fake Freshdesk');
  } finally {
    fake.close();
  }
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;

const run = (command, args) =>
  execFileSync(command, args, { cwd: project, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  const wanted = new Set(['@talkbridge/core', CONNECTOR]);
  const tarballs = publishedPackages()
    .filter((pkg) => wanted.has(pkg.name))
    .map((pkg) => packPackage(pkg.dir, project));
  if (tarballs.length !== wanted.size) throw new Error(`expected to pack ${[...wanted].join(' and ')}`);

  // What `npm init -y` gives, CommonJS by default; zod is the packages' peer dependency.
  run('npm', ['init', '-y']);
  const zodVersion = JSON.parse(
    readFileSync(new URL('../packages/core/package.json', import.meta.url), 'utf8'),
  ).devDependencies.zod;
  run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--prefer-offline',
    '--loglevel=error',
    ...tarballs,
    `zod@${zodVersion}`,
  ]);

  writeFileSync(join(project, 'consumer.mjs'), consumerProgram('esm'));
  writeFileSync(join(project, 'consumer.cjs'), consumerProgram('cjs'));
  process.stdout.write(run('node', ['consumer.mjs']));
  process.stdout.write(run('node', ['consumer.cjs']));
  console.log(`consumer smoke test passed (${tarballs.length} tarballs installed with npm in ${project})`);
} catch (error) {
  console.error(`consumer smoke test failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (!keep) rmSync(project, { recursive: true, force: true });
}
