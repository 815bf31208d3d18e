// What the runtime state buys in front of a rate-limited vendor, against a HubSpot fake that enforces
// HubSpot's five searches per second per account (a sliding window, as a vendor counts). Contacts are
// viewed by phone: HubSpot finds a phone only through its search API (an email is read by `idProperty`,
// which spends no search). For no runtime state, one instance in memory, and two instances sharing a real
// redis-server, it prints:
//   - N agents opening N distinct contacts of one account within a second: answers 200 vs 429, p50/p95 time
//     to answer, searches the vendor refused;
//   - a repeat view within the TTL: upstream calls (contact lookups among them);
//   - eight identical views at once: upstream calls.
// Figures only, nothing passes or fails: these machines are shared and noisy.
//
//   pnpm --filter @talkbridge/gateway build && pnpm --filter @talkbridge/gateway bench:state [agents]
import { Writable } from 'node:stream';
import { hubspot } from '@talkbridge/connector-hubspot';
import { createFakeUpstream, HttpResponse, http, startRedisServer } from '@talkbridge/testkit';
import {
  createGatewayLogger,
  createGatewayRuntimeState,
  RuntimeStateStats,
  resolveGatewayConfig,
  serveGateway,
} from '../dist/index.js';

const AGENTS = Number(process.argv[2] ?? 20);
const TOKEN = 'pat-na1-bench-0000-4000-8000-000000000000';
const origin = 'https://api.hubapi.bench.test';

// ---- the vendor: HubSpot's search limit, every call counted ----------------------------------------------
const vendor = { searchTimes: [], refused: 0, calls: 0, searches: 0 };
/** A vendor answers in tens of milliseconds, not instantly: identical views then overlap as they would. */
const LATENCY_MS = 50;
const latency = () => new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
const resetVendor = () => Object.assign(vendor, { searchTimes: [], refused: 0, calls: 0, searches: 0 });
/** Agent N's contact: id 1000+N, phone +1 617 555 (1000+N), as HubSpot would store it typed. */
const phoneOfAgent = (index) => `+1617555${1000 + index}`;
const contactOfPhone = (phone) => {
  const match = /^(?:\+1)?617555(\d{4})$/.exec(phone);
  return match
    ? { id: match[1], properties: { phone: `+1617555${match[1]}`, hs_object_id: match[1] } }
    : undefined;
};
const upstream = createFakeUpstream(
  origin,
  http.post(`${origin}/crm/v3/objects/contacts/search`, async ({ request }) => {
    vendor.calls += 1;
    vendor.searches += 1;
    await latency();
    const now = performance.now();
    if (vendor.searchTimes.filter((time) => time > now - 1_000).length >= 5) {
      vendor.refused += 1;
      return HttpResponse.json({ category: 'RATE_LIMITS', policyName: 'SECONDLY' }, { status: 429 });
    }
    vendor.searchTimes.push(now);
    const body = await request.json();
    // Every filter's values: E.164 numbers (`phone`) and national ones (the calculated number properties).
    const values = body.filterGroups.flatMap((group) =>
      group.filters.flatMap((filter) => filter.values ?? [filter.value]),
    );
    const byId = new Map(
      values
        .map(contactOfPhone)
        .filter(Boolean)
        .map((contact) => [contact.id, contact]),
    );
    const results = [...byId.values()];
    return HttpResponse.json({ total: results.length, results });
  }),
  http.post(`${origin}/crm/v4/associations/contacts/:type/batch/read`, async ({ request }) => {
    vendor.calls += 1;
    await latency();
    const body = await request.json();
    return HttpResponse.json({
      results: body.inputs.map((input) => ({
        from: { id: input.id },
        to: [{ toObjectId: Number(input.id) * 10 }],
      })),
    });
  }),
  http.post(`${origin}/crm/v3/objects/:type/batch/read`, async ({ request }) => {
    vendor.calls += 1;
    await latency();
    const body = await request.json();
    return HttpResponse.json({
      results: body.inputs.map((input) => ({
        id: input.id,
        properties: {
          subject: `Ticket ${input.id}`,
          createdate: '2026-11-30T10:00:00.000Z',
          hs_pipeline_stage: '1',
        },
      })),
    });
  }),
  http.get(`${origin}/account-info/v3/details`, () => {
    vendor.calls += 1;
    return HttpResponse.json({ portalId: 7654321, uiDomain: 'app.hubspot.com' });
  }),
  http.get(`${origin}/crm/v3/pipelines/tickets`, () => {
    vendor.calls += 1;
    return HttpResponse.json({ results: [] });
  }),
);
upstream.listen();

// ---- gateways --------------------------------------------------------------------------------------------
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const logger = createGatewayLogger({ level: 'info', destination: quiet });
const config = resolveGatewayConfig(
  {
    inboundAuth: { required: false },
    integrations: { 'hubspot-acme': { connector: 'hubspot', options: { baseUrl: origin } } },
  },
  [hubspot],
);
const SECRET = 'bench-secret-0123456789abcdef0123456789';

async function startGateways(mode, redisUrl) {
  const count = mode === 'two on Redis' ? 2 : 1;
  const started = [];
  for (let index = 0; index < count; index += 1) {
    const stats = new RuntimeStateStats();
    const runtimeState =
      mode === 'no runtime state'
        ? undefined
        : createGatewayRuntimeState({
            env: redisUrl ? { REDIS_URL: redisUrl, TALKBRIDGE_STATE_SECRET: SECRET } : {},
            log: logger,
            stats,
          });
    const gateway = await serveGateway({ config, logger, ...(runtimeState ? { runtimeState } : {}) });
    started.push({ gateway, runtimeState, stats });
  }
  if (redisUrl) {
    for (let tries = 0; tries < 200; tries += 1) {
      if (started.every(({ runtimeState }) => runtimeState.status().state === 'ok')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return {
    view: (index, phone) =>
      fetch(
        `${started[index % started.length].gateway.url}/integrations/hubspot-acme/interaction_retrieval`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            auth: { access_token: TOKEN },
            meta: { interaction_types: ['ticket'] },
            data: { contact_phones: [phone] },
          }),
        },
      ),
    close: async () => {
      for (const { gateway, runtimeState } of started) {
        await gateway.close();
        await runtimeState?.close();
      }
    },
  };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
let nextAgent = 0;
const freshPhone = () => phoneOfAgent(nextAgent++);

async function burst(gateways) {
  resetVendor();
  const phones = Array.from({ length: AGENTS }, freshPhone);
  const results = await Promise.all(
    phones.map(async (phone, index) => {
      // N agents within one second: spread evenly over it.
      await new Promise((resolve) => setTimeout(resolve, (index * 1_000) / AGENTS));
      const started = performance.now();
      const response = await gateways.view(index, phone);
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    }),
  );
  const times = results.map((result) => result.ms);
  return {
    ok: results.filter((result) => result.status === 200).length,
    limited: results.filter((result) => result.status === 429).length,
    other: results.filter((result) => result.status !== 200 && result.status !== 429).length,
    p50: Math.round(percentile(times, 50)),
    p95: Math.round(percentile(times, 95)),
    refused: vendor.refused,
  };
}

async function repeatView(gateways) {
  const phone = freshPhone();
  await (await gateways.view(0, phone)).arrayBuffer();
  resetVendor();
  // The second instance when there are two: the cache is shared.
  await (await gateways.view(1, phone)).arrayBuffer();
  return { calls: vendor.calls, searches: vendor.searches };
}

async function identicalViews(gateways) {
  const phone = freshPhone();
  resetVendor();
  await Promise.all(
    Array.from({ length: 8 }, async (_, index) => (await gateways.view(index, phone)).arrayBuffer()),
  );
  return { calls: vendor.calls, searches: vendor.searches };
}

const redis = await startRedisServer();
const rows = [];
for (const mode of ['no runtime state', 'one in memory', 'two on Redis']) {
  const gateways = await startGateways(mode, mode === 'two on Redis' ? redis.url : undefined);
  const b = await burst(gateways);
  // Let the search window clear between scenarios.
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const repeat = await repeatView(gateways);
  await new Promise((resolve) => setTimeout(resolve, 1_200));
  const identical = await identicalViews(gateways);
  await gateways.close();
  rows.push({ mode, ...b, repeat, identical });
  await new Promise((resolve) => setTimeout(resolve, 1_200));
}
await redis.stop();
upstream.close();

console.log(`\n${AGENTS} agents open ${AGENTS} distinct contacts of one HubSpot account within a second`);
console.log('(ticket views by phone; the fake refuses a 6th search within any second, as HubSpot does)\n');
console.log('mode               200   429  other  p50 ms  p95 ms  searches refused upstream');
for (const row of rows)
  console.log(
    `${row.mode.padEnd(17)} ${String(row.ok).padStart(4)} ${String(row.limited).padStart(5)} ${String(row.other).padStart(6)} ${String(row.p50).padStart(7)} ${String(row.p95).padStart(7)} ${String(row.refused).padStart(25)}`,
  );
console.log('\nupstream calls     repeat view within TTL (searches)   8 identical views at once (searches)');
for (const row of rows)
  console.log(
    `${row.mode.padEnd(17)} ${`${row.repeat.calls} (${row.repeat.searches})`.padStart(21)} ${`${row.identical.calls} (${row.identical.searches})`.padStart(38)}`,
  );
