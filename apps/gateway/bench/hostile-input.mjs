// How long hostile requests take, and how long they make everyone else wait: for each field shape a
// hostile client could send, the slowest answer and the longest `/healthz` wait measured while it was
// being answered. Prints figures only: these machines are shared and noisy, so nothing here passes or
// fails (the tests assert the answers, not their timing).
//
//   pnpm --filter @talkbridge/gateway build && pnpm --filter @talkbridge/gateway bench:hostile [rounds]
import { Writable } from 'node:stream';
import { plainTextPreview } from '@talkbridge/core';
import {
  bundledConnectors,
  createGatewayLogger,
  defaultGatewayConfig,
  MAX_BODY_BYTES,
  serveGateway,
} from '../dist/index.js';

const rounds = Number(process.argv[2] ?? 5);
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const gateway = await serveGateway({
  config: defaultGatewayConfig(bundledConnectors),
  logger: createGatewayLogger({ level: 'info', destination: quiet }),
});

const sandboxAuth = { username: 'john.doe@example.com', password: '605b32dd' };
const hugeEmail = `a@${'.'.repeat(MAX_BODY_BYTES - 64 * 1024)}@`;
const cappedEmail = `a@${'.'.repeat(16_000)}@`;
const many = (count, value) => Array.from({ length: count }, () => value);
const deepArrays = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;

/** [name, path, body (object or raw JSON text)] */
const shapes = [
  [
    'zendesk create_ticket: `a@`+dots+`@` (1 MiB) email',
    '/integrations/zendesk/actions/create_ticket',
    { auth: {}, data: { subject: 's', contact_email: hugeEmail } },
  ],
  [
    'helpscout create_ticket: `a@`+dots+`@` (1 MiB) email',
    '/integrations/helpscout/actions/create_ticket',
    { auth: {}, data: { subject: 's', contact_email: hugeEmail } },
  ],
  [
    'sandbox create_ticket: `a@`+dots+`@` (16k, within the cap) email',
    '/integrations/sandbox/actions/create_ticket',
    { auth: sandboxAuth, data: { subject: 's', contact_email: cappedEmail } },
  ],
  [
    'freshdesk retrieval: 20,000 phones',
    '/integrations/freshdesk/interaction_retrieval',
    { auth: {}, data: { contact_phones: many(20_000, '+15555555555') } },
  ],
  [
    'sandbox retrieval: 20,000 emails',
    '/integrations/sandbox/interaction_retrieval',
    { auth: sandboxAuth, data: { contact_emails: many(20_000, 'jane@example.com') } },
  ],
  [
    'sandbox retrieval: 50 phones (at the cap)',
    '/integrations/sandbox/interaction_retrieval',
    { auth: sandboxAuth, data: { contact_phones: many(50, '+1 (555) 555-5555 ext. 12') } },
  ],
  [
    'sandbox retrieval: 32k `<` in contact_name',
    '/integrations/sandbox/interaction_retrieval',
    { auth: sandboxAuth, data: { contact_name: '<'.repeat(32_000) } },
  ],
  [
    'zendesk auth_validation: auth with 20,000 fields',
    '/integrations/zendesk/auth_validation',
    { auth: Object.fromEntries(many(20_000, 0).map((_, i) => [`f${i}`, 'x'])) },
  ],
  [
    'hubspot retrieval: auth nested 400,000 deep',
    '/integrations/hubspot/interaction_retrieval',
    `{"auth":{"token":${deepArrays}},"data":{}}`,
  ],
  [
    'salesforce contact_sync: 1 MiB of `[` in meta.context',
    '/integrations/salesforce/contact_synchronization',
    `{"auth":{},"meta":{"context":${deepArrays}}}`,
  ],
  [
    'zoho-crm action: 5,000 inputs',
    '/integrations/zoho-crm/actions/create_note',
    { auth: {}, data: Object.fromEntries(many(5000, 0).map((_, i) => [`k${i}`, 'v'])) },
  ],
];

async function healthzWhile(work) {
  let longest = 0;
  let running = true;
  const poll = (async () => {
    while (running) {
      const started = performance.now();
      await (await fetch(`${gateway.url}/healthz`)).text();
      longest = Math.max(longest, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const result = await work();
  running = false;
  await poll;
  return { result, longest };
}

const rows = [];
for (const [name, path, body] of shapes) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let slowest = 0;
  const statuses = new Set();
  const { longest } = await healthzWhile(async () => {
    for (let round = 0; round < rounds; round += 1) {
      const started = performance.now();
      const response = await fetch(`${gateway.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      await response.text();
      slowest = Math.max(slowest, performance.now() - started);
      statuses.add(response.status);
    }
  });
  rows.push({
    shape: name,
    body_kib: Math.round(Buffer.byteLength(text) / 1024),
    status: [...statuses].join(','),
    slowest_answer_ms: Math.round(slowest * 10) / 10,
    longest_healthz_wait_ms: Math.round(longest * 10) / 10,
  });
}

// Vendor text is read in-process, not through a request: a ticket body of 32,000 `<` and one of 1 MiB.
for (const [name, text] of [
  ['plainTextPreview: 32,000 `<`', '<'.repeat(32_000)],
  ['plainTextPreview: 1 MiB of `<a` + spaces', '<a '.repeat(350_000)],
]) {
  let slowest = 0;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    plainTextPreview(text);
    slowest = Math.max(slowest, performance.now() - started);
  }
  rows.push({
    shape: name,
    body_kib: Math.round(text.length / 1024),
    status: '-',
    slowest_answer_ms: Math.round(slowest * 10) / 10,
    longest_healthz_wait_ms: '-',
  });
}

console.log(`hostile input, ${rounds} rounds per shape, Node ${process.version}`);
console.table(rows);
await gateway.close();
