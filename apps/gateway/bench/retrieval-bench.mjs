// Gateway throughput and latency for an interaction retrieval, as a ratio against the cheapest route the
// same server answers (GET /healthz), measured in the same run on the same machine. Prints figures only:
// these machines are shared and noisy, so nothing here passes or fails.
//
//   pnpm --filter @talkbridge/gateway build && pnpm --filter @talkbridge/gateway bench [seconds]
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import { bundledConnectors, createGatewayLogger, defaultGatewayConfig, serveGateway } from '../dist/index.js';

const seconds = Number(process.argv[2] ?? 5);
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const gateway = await serveGateway({
  config: defaultGatewayConfig(bundledConnectors),
  logger: createGatewayLogger({ level: 'info', destination: quiet }),
});

const specExample = JSON.stringify({
  auth: { username: 'john.doe@example.com', password: '605b32dd' },
  meta: { interaction_types: ['case', 'note'] },
  data: {
    contact_external_id: '1',
    contact_name: 'Jane',
    contact_emails: ['jane.doe@example.com', 'jane@example.com'],
    contact_phones: ['+15555555555'],
  },
});
const byPhone = JSON.stringify({
  auth: { username: 'john.doe@example.com', password: '605b32dd' },
  data: {
    contact_external_id: 'stale',
    contact_emails: ['nobody@example.com'],
    contact_phones: ['+1 415 555 0132'],
  },
});

async function measure(title, { path, ...options }) {
  const result = await autocannon({
    url: `${gateway.url}${path}`,
    connections: 20,
    duration: seconds,
    ...options,
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${title}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const post = (body) => ({
  method: 'POST',
  path: '/integrations/sandbox/interaction_retrieval',
  headers: { 'content-type': 'application/json' },
  body,
});

// With --expose-gc the heap is measured after a full collection: what stays is what requests leave behind.
const heapUsed = () => {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed;
};
const rssBefore = process.memoryUsage().rss;
const heapBefore = heapUsed();
const rows = [
  await measure('GET /healthz (baseline)', { path: '/healthz' }),
  await measure('retrieval: spec example (external id)', post(specExample)),
  await measure('retrieval: stale id → email → phone', post(byPhone)),
];
const rssAfter = process.memoryUsage().rss;
const heapAfter = heapUsed();
await gateway.close();

const baseline = rows[0];
console.log(`\n${seconds}s per row, 20 connections, Node ${process.version}`);
console.log(
  'scenario'.padEnd(42),
  'req/s'.padStart(9),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'vs baseline'.padStart(12),
);
for (const row of rows) {
  console.log(
    row.title.padEnd(42),
    row.rps.toFixed(0).padStart(9),
    String(row.p50).padStart(8),
    String(row.p99).padStart(8),
    `${(row.rps / baseline.rps).toFixed(2)}×`.padStart(12),
  );
}
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
console.log(`RSS ${mib(rssBefore)} before, ${mib(rssAfter)} after`);
console.log(
  `heap used ${mib(heapBefore)} before, ${mib(heapAfter)} after` +
    (globalThis.gc ? ' (after a full GC)' : ' (run with --expose-gc to collect first)'),
);
