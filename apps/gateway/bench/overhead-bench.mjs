// The gateway's own cost, in one run on one machine:
//  1. Throughput of a sandbox retrieval through the real gateway (built dist/cli.js, its own process, a real
//     port) against a floor: a bare Hono + @hono/node-server process answering the same JSON array from
//     memory. Load comes from a third process (autocannon). Target: the gateway at ≥ 0.5× the floor.
//  2. Gateway time beyond the vendor for a Freshdesk retrieval (contact by external id, then its tickets)
//     against a fake Freshdesk in this process: per retrieval, one at a time, the gateway's latency minus
//     the time at least one vendor call was in progress as the fake saw it (so parallel calls count once and
//     loopback transit counts as gateway time). Target: ≤ 1 ms at p50. As references, the same vendor
//     calls made directly from here, one after another, and one POST to the floor, one at a time.
// Both print the gateway process's CPU time per request (from /proc, Linux): latency on a shared machine
// also holds waits for a CPU, busy time does not.
// Prints figures only: these machines are shared and noisy, so nothing here passes or fails.
//
//   pnpm --filter @talkbridge/gateway build && pnpm --filter @talkbridge/gateway bench:overhead \
//     [--seconds 5] [--connections 30] [--samples 400] [--upstream-delay-ms 0] [--profile <dir>]
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const self = fileURLToPath(import.meta.url);
const gatewayCli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const RETRIEVAL_PATH = '/integrations/sandbox/interaction_retrieval';
const FRESHDESK_PATH = '/integrations/freshdesk-bench/interaction_retrieval';
// The spec's example request, against the sandbox's seeded contacts.
const sandboxBody = JSON.stringify({
  auth: { username: 'john.doe@example.com', password: '605b32dd' },
  meta: { interaction_types: ['case', 'note'] },
  data: {
    contact_external_id: '1',
    contact_name: 'Jane',
    contact_emails: ['jane.doe@example.com', 'jane@example.com'],
    contact_phones: ['+15555555555'],
  },
});
const FRESHDESK_KEY = 'bench-freshdesk-key-Qm4Z';
const freshdeskBody = JSON.stringify({
  auth: { domain: 'acme', api_key: FRESHDESK_KEY },
  meta: { interaction_types: ['ticket'] },
  data: {
    contact_external_id: '432',
    contact_emails: ['emily.garcia@example.com'],
    contact_phones: ['(555) 555-0123'],
  },
});

// USER_HZ, the unit of /proc CPU times: 100 on every Linux this runs on (`getconf CLK_TCK`).
const CLOCK_TICKS_PER_SECOND = 100;

const mode = process.argv[2];
if (mode === 'floor') await runFloor();
else if (mode === 'load') await runLoad();
else await main();

/** The floor: what the same stack costs when the answer is already in memory. */
async function runFloor() {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const answer = JSON.parse(process.env.FLOOR_ANSWER ?? '[]');
  const app = new Hono();
  app.post(RETRIEVAL_PATH, (c) => c.json(answer));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    process.send?.({ port: info.port }),
  );
  process.on('disconnect', () => server.close(() => process.exit(0)));
}

/** The load generator, in a process of its own so it does not take the measured server's event loop. */
async function runLoad() {
  const { default: autocannon } = await import('autocannon');
  const { url, body, connections, seconds } = JSON.parse(process.argv[3]);
  const options = {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
  };
  const warmUp = await autocannon({ ...options, duration: 1 }); // warm-up: JIT, connection set-up
  const result = await autocannon({ ...options, duration: seconds });
  process.send?.({
    // Every request the server answered, warm-up included (its CPU time is read around both).
    answered: warmUp.requests.total + result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '5' },
      connections: { type: 'string', default: '30' },
      samples: { type: 'string', default: '400' },
      'upstream-delay-ms': { type: 'string', default: '0' },
      // Writes the gateway's CPU profile (node --cpu-prof) into this directory.
      profile: { type: 'string' },
      // `gateway` loads the gateway alone (for profiling), `overhead` runs the second measurement alone.
      only: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  const samples = Number(values.samples);
  const upstreamDelayMs = Number(values['upstream-delay-ms']);

  const freshdesk = await startFakeFreshdesk(upstreamDelayMs);
  const dir = mkdtempSync(join(tmpdir(), 'talkbridge-overhead-'));
  const configPath = join(dir, 'gateway.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      inboundAuth: { required: false },
      integrations: {
        sandbox: { connector: 'sandbox' },
        // No contact cache: every retrieval is a first view, with all its vendor calls.
        'freshdesk-bench': {
          connector: 'freshdesk',
          options: { baseUrl: freshdesk.origin },
          contactCacheTtlSeconds: 0,
          // The fake has no rate limits; Freshdesk's declared 20 ticket lists a minute would refuse the
          // samples long before the end. Raised so the benchmark measures the gateway, not the budget.
          rateLimits: Object.fromEntries(
            ['general', 'tickets_list', 'contacts_list'].map((name) => [
              name,
              { points: 10_000, durationSeconds: 1 },
            ]),
          ),
        },
      },
    }),
  );
  const gateway = await startGateway(configPath, values.profile);
  let floor;
  try {
    const answer = await (await post(`${gateway.url}${RETRIEVAL_PATH}`, sandboxBody)).text();
    if (JSON.parse(answer).length === 0) throw new Error('the sandbox retrieval found nothing');
    floor = await startFloor(answer);

    const load = async (url, server) => {
      const cpuBefore = server.cpuMs();
      const result = await runLoadProcess({ url, body: sandboxBody, connections, seconds });
      const cpuMs = server.cpuMs() - cpuBefore;
      return {
        ...result,
        cpuUsPerRequest: Number.isNaN(cpuMs) ? undefined : (cpuMs * 1000) / result.answered,
      };
    };
    if (values.only !== 'overhead' && values.only !== 'gateway') {
      const floorResult = await load(`${floor.url}${RETRIEVAL_PATH}`, floor);
      const gatewayResult = await load(`${gateway.url}${RETRIEVAL_PATH}`, gateway);
      printThroughput({ floorResult, gatewayResult, connections, seconds });
    } else if (values.only === 'gateway') {
      const gatewayResult = await load(`${gateway.url}${RETRIEVAL_PATH}`, gateway);
      console.log(
        `gateway: ${gatewayResult.rps.toFixed(0)} req/s, p50 ${gatewayResult.p50} ms, ` +
          `CPU ${gatewayResult.cpuUsPerRequest?.toFixed(0) ?? '?'} µs/request`,
      );
    }
    if (values.only === undefined || values.only === 'overhead') {
      printOverhead(await measureOverhead(gateway, freshdesk, samples, floor), {
        samples,
        upstreamDelayMs,
      });
    }
  } finally {
    floor?.stop();
    await gateway.stop();
    await freshdesk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printThroughput({ floorResult, gatewayResult, connections, seconds }) {
  const ratio = gatewayResult.rps / floorResult.rps;
  console.log(
    `\nthroughput: sandbox retrieval, ${connections} connections, ${seconds} s each (after 1 s warm-up), ` +
      `Node ${process.version}`,
  );
  console.log(
    'server'.padEnd(40),
    'req/s'.padStart(9),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'CPU µs/req'.padStart(11),
  );
  for (const [title, row] of [
    ['floor: bare Hono, answer from memory', floorResult],
    ['gateway: sandbox retrieval', gatewayResult],
  ]) {
    console.log(
      title.padEnd(40),
      row.rps.toFixed(0).padStart(9),
      String(row.p50).padStart(8),
      String(row.p99).padStart(8),
      (row.cpuUsPerRequest?.toFixed(0) ?? '?').padStart(11),
    );
  }
  console.log(`gateway / floor: ${ratio.toFixed(2)}× (target ≥ 0.50×)`);
}

function printOverhead(overhead, { samples, upstreamDelayMs }) {
  const f = (ms) => ms.toFixed(2).padStart(8);
  console.log(
    `\ngateway time beyond the vendor: Freshdesk retrieval by external id, ${overhead.calls} vendor calls ` +
      `each, ${samples} retrievals one at a time, fake vendor delay ${upstreamDelayMs} ms`,
  );
  console.log(''.padEnd(44), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8));
  console.log('retrieval through the gateway'.padEnd(44), f(overhead.total.p50), f(overhead.total.p95));
  console.log('vendor busy (as the fake saw it)'.padEnd(44), f(overhead.vendor.p50), f(overhead.vendor.p95));
  console.log('gateway time beyond the vendor'.padEnd(44), f(overhead.beyond.p50), f(overhead.beyond.p95));
  console.log('same vendor calls made directly'.padEnd(44), f(overhead.direct.p50), f(overhead.direct.p95));
  console.log('one POST to the bare Hono floor'.padEnd(44), f(overhead.floor.p50), f(overhead.floor.p95));
  console.log(
    'gateway CPU per retrieval (mean)'.padEnd(44),
    Number.isNaN(overhead.gatewayCpuMs) ? '       ?' : f(overhead.gatewayCpuMs),
  );
  console.log(
    `gateway time beyond the vendor at p50: ${overhead.beyond.p50.toFixed(2)} ms ` +
      `(target ≤ 1 ms); through the gateway − direct at p50: ` +
      `${(overhead.total.p50 - overhead.direct.p50).toFixed(2)} ms`,
  );
}

function post(url, body) {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

function runLoadProcess(args) {
  const child = fork(self, ['load', JSON.stringify(args)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (result) => {
      if (result.non2xx > 0 || result.errors > 0)
        reject(new Error(`${args.url}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      else resolve(result);
    });
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
}

async function startFloor(answer) {
  const child = fork(self, ['floor'], {
    env: { ...process.env, FLOOR_ANSWER: answer },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ port }] = await once(child, 'message');
  return {
    url: `http://127.0.0.1:${port}`,
    cpuMs: () => processCpuMs(child.pid),
    stop: () => child.disconnect(),
  };
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. Busy time is
 * what the server spent, unlike latency, which on a shared machine also holds waits for a CPU.
 */
function processCpuMs(pid) {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

async function freePort() {
  const server = createNetServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real gateway, as operators run it: dist/cli.js with a config file, logging at info. */
async function startGateway(configPath, profileDir) {
  const port = await freePort();
  const profiling = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  // Its log lines are written (the cost is real) and thrown away.
  const child = spawn(process.execPath, [...profiling, gatewayCli, '--config', configPath], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (attempt > 200) throw new Error('the gateway did not start within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    cpuMs: () => processCpuMs(child.pid),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * A fake Freshdesk account with one contact and its tickets (trimmed payloads from the API docs), answering
 * after `delayMs`. It notes when each call arrived and when its answer was written.
 */
async function startFakeFreshdesk(delayMs) {
  const emily = {
    id: 432,
    name: 'Emily Garcia',
    email: 'emily.garcia@example.com',
    other_emails: [],
    phone: '(555) 555-0123',
    mobile: null,
    company_id: null,
    deleted: false,
    updated_at: '2025-03-02T10:40:11Z',
  };
  const tickets = Array.from({ length: 10 }, (_, index) => ({
    id: 20 + index,
    requester_id: 432,
    subject: `Order #${1042 + index} arrived damaged`,
    description_text: 'The lamp inside is broken & the box crushed.',
    status: 2 + (index % 4),
    priority: 1 + (index % 4),
    created_at: `2025-03-${String(2 + index).padStart(2, '0')}T10:38:00Z`,
    updated_at: `2025-03-${String(2 + index).padStart(2, '0')}T10:40:11Z`,
  }));
  const authorization = `Basic ${Buffer.from(`${FRESHDESK_KEY}:X`).toString('base64')}`;
  const answerFor = (path) => {
    if (path === '/api/v2/contacts/432') return emily;
    if (path === '/api/v2/tickets') return tickets;
    if (path === '/api/v2/search/contacts') return { results: [emily], total: 1 };
    if (path === '/api/v2/contacts') return [emily];
    return undefined;
  };
  const calls = [];
  const server = createServer((request, response) => {
    const call = { method: request.method, url: request.url, started: performance.now(), ended: 0 };
    calls.push(call);
    response.once('finish', () => {
      call.ended = performance.now();
    });
    const answer = () => {
      const body = answerFor(new URL(request.url, 'http://fake').pathname);
      if (request.headers.authorization !== authorization) response.writeHead(401).end();
      else if (body === undefined) response.writeHead(404).end('{}');
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (delayMs > 0) setTimeout(answer, delayMs);
    else answer();
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    authorization,
    calls,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Milliseconds during which at least one of the calls was in progress. */
function busyTime(calls) {
  const spans = calls.map((call) => [call.started, call.ended]).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = spans[0] ?? [0, 0];
  for (const [from, to] of spans.slice(1)) {
    if (from > end) {
      total += end - start;
      [start, end] = [from, to];
    } else end = Math.max(end, to);
  }
  return total + (end - start);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(values) {
  return { p50: percentile(values, 50), p95: percentile(values, 95) };
}

async function measureOverhead(gateway, freshdesk, samples, floor) {
  const gatewayUrl = gateway.url;
  const retrieveOnce = async () => {
    freshdesk.calls.length = 0;
    const started = performance.now();
    const response = await post(`${gatewayUrl}${FRESHDESK_PATH}`, freshdeskBody);
    const interactions = await response.json();
    const total = performance.now() - started;
    if (response.status !== 200 || interactions.length === 0)
      throw new Error(`Freshdesk retrieval answered ${response.status}: ${JSON.stringify(interactions)}`);
    return { total, vendor: busyTime(freshdesk.calls), calls: [...freshdesk.calls] };
  };
  for (let index = 0; index < 100; index += 1) await retrieveOnce(); // warm-up
  const rows = [];
  const cpuBefore = gateway.cpuMs();
  for (let index = 0; index < samples; index += 1) rows.push(await retrieveOnce());
  const gatewayCpuMs = (gateway.cpuMs() - cpuBefore) / samples;

  // The same calls made directly, one after another, over a kept-alive connection like the gateway's.
  const replayed = rows[rows.length - 1].calls;
  const direct = [];
  for (let index = 0; index < samples + 100; index += 1) {
    const started = performance.now();
    for (const call of replayed) {
      const response = await fetch(`${freshdesk.origin}${call.url}`, {
        method: call.method,
        headers: { authorization: freshdesk.authorization, accept: 'application/json' },
      });
      await response.arrayBuffer();
    }
    if (index >= 100) direct.push(performance.now() - started);
  }
  // One POST to the bare Hono floor, one at a time: what any answer costs here (client, loopback, framework)
  // before the gateway does anything.
  const floorRoundTrips = [];
  for (let index = 0; index < samples + 100; index += 1) {
    const started = performance.now();
    await (await post(`${floor.url}${RETRIEVAL_PATH}`, freshdeskBody)).arrayBuffer();
    if (index >= 100) floorRoundTrips.push(performance.now() - started);
  }
  return {
    calls: replayed.length,
    floor: summary(floorRoundTrips),
    total: summary(rows.map((row) => row.total)),
    vendor: summary(rows.map((row) => row.vendor)),
    beyond: summary(rows.map((row) => row.total - row.vendor)),
    direct: summary(direct),
    gatewayCpuMs,
  };
}
