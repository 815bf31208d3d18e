// Round trips per view (issue 12): every ported connector through the real gateway on a real port, against
// its own msw vendor fake, each vendor answer held back by a fixed latency as a real vendor's would be.
// Prints, per connector and lookup kind, the vendor calls, the sequential depth (wall time ÷ latency) and
// the gateway's own time beyond the vendor's. It measures; it asserts nothing about timings (only that each
// scenario answered 200), so it is run on demand (`pnpm bench:upstream`), never by `pnpm test`.
//
// Environment: LATENCY_MS (default 100), RUNS measured per scenario after one warm-up (default 3; the
// table shows the median run), PAUSE_MS between scenarios (default 1100: lets per-second vendor rate-limit
// windows clear so one scenario's budget never paces the next).
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { freshdesk } from '@talkbridge/connector-freshdesk';
import {
  createFreshdeskUpstream,
  FRESHDESK_API_KEY,
  fixtureAgents,
  fixtureContacts,
  fixtureTickets,
} from '@talkbridge/connector-freshdesk/fixtures';
import { helpscout } from '@talkbridge/connector-helpscout';
import {
  createFakeHelpScout,
  FAKE_ORIGIN as HELPSCOUT_ORIGIN,
  HELPSCOUT_TOKEN,
} from '@talkbridge/connector-helpscout/fixtures';
import { hubspot } from '@talkbridge/connector-hubspot';
import { fakeHubspot, fakeHubspotData, HUBSPOT_TEST_TOKEN } from '@talkbridge/connector-hubspot/fixtures';
import { intercom } from '@talkbridge/connector-intercom';
import {
  fakeIntercom,
  CONTACT_EMAIL as INTERCOM_CONTACT_EMAIL,
  CONTACT_ID as INTERCOM_CONTACT_ID,
  INTERCOM_TOKEN,
} from '@talkbridge/connector-intercom/fixtures';
import { pipedrive } from '@talkbridge/connector-pipedrive';
import { createFakePipedrive, JANE_ID, PIPEDRIVE_TOKEN } from '@talkbridge/connector-pipedrive/fixtures';
import { salesforce } from '@talkbridge/connector-salesforce';
import {
  createFakeSalesforce,
  FAKE_ACCESS_TOKEN,
  JANE_CONTACT_ID,
  STALE_CONTACT_ID,
} from '@talkbridge/connector-salesforce/fixtures';
import { zendesk } from '@talkbridge/connector-zendesk';
import {
  fakeUsers,
  fakeZendeskHandlers,
  ZENDESK_TEST_AUTH,
  ZENDESK_TEST_ORIGIN,
} from '@talkbridge/connector-zendesk/fixtures';
import { zohoCrm } from '@talkbridge/connector-zoho-crm';
import { createZohoFake, JANE, ZOHO_TOKEN } from '@talkbridge/connector-zoho-crm/fixtures';
import type { AnyConnector } from '@talkbridge/core';
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import { delay } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGatewayConfig } from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';
import { type RunningGateway, serveGateway } from '../src/server.js';

const LATENCY_MS = positiveInteger('LATENCY_MS', 100);
const RUNS = positiveInteger('RUNS', 3);
const PAUSE_MS = positiveInteger('PAUSE_MS', 1100, true);
/**
 * The issue's aim for a first view by email: at most two sequential vendor round trips. By a synced id, one
 * where the vendor filters interactions by the contact's id: each benched connector's `externalIdTarget`
 * (HubSpot and Intercom need what the contact read returns before they can list, as their READMEs say: two).
 */
const EMAIL_TARGET_DEPTH = 2;

function positiveInteger(name: string, fallback: number, zeroAllowed = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new Error(`${name}: expected a ${zeroAllowed ? 'non-negative' : 'positive'} integer, got "${raw}"`);
  }
  return value;
}

type LookupKind = 'external id' | 'email' | 'phone' | 'stale id';

/** What one connector needs: its fake, and the request data of one fixture contact per lookup kind. */
interface BenchedConnector {
  connector: AnyConnector;
  upstream: FakeUpstream;
  options?: Record<string, unknown>;
  auth: Record<string, string>;
  /** The fixture contact: its id, one of its emails and one of its phones, spelt as Talkdesk might. */
  contact: { id: string; name: string; email: string; phone: string };
  /** An id the vendor no longer knows (merged or deleted): resolution falls back to the email. */
  staleId: string;
  /** The most vendor rounds a view by synced id should take with this vendor's API (see above). */
  externalIdTarget: 1 | 2;
}

/** Connectors whose fakes are not exported through a `/fixtures` subpath in this tree yet. */
const NOT_MEASURED: { name: string; why: string }[] = [];

function benchedConnectors(): BenchedConnector[] {
  const hubspotOrigin = 'https://api.hubapi.bench.test';
  const salesforceFake = createFakeSalesforce();
  return [
    {
      connector: zendesk,
      externalIdTarget: 1,
      upstream: createFakeUpstream(
        ZENDESK_TEST_ORIGIN,
        ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN, { users: fakeUsers.slice(0, 1) }),
      ),
      auth: ZENDESK_TEST_AUTH,
      contact: { id: '35436', name: 'Jane Doe', email: 'Jane@Example.com', phone: '+1 555-555-0100' },
      staleId: '20978392',
    },
    {
      connector: freshdesk,
      externalIdTarget: 1,
      upstream: createFreshdeskUpstream('https://acme.freshdesk.com', {
        contacts: fixtureContacts().filter((contact) => [432, 433, 435].includes(contact.id)),
        tickets: fixtureTickets().filter((ticket) => [20, 12].includes(ticket.id)),
        agents: fixtureAgents().slice(0, 2),
      }),
      auth: { domain: 'acme', api_key: FRESHDESK_API_KEY },
      contact: { id: '432', name: 'Emily Garcia', email: 'emily.garcia@example.com', phone: '+15555550123' },
      staleId: '999',
    },
    {
      connector: helpscout,
      externalIdTarget: 1,
      upstream: createFakeHelpScout({ origin: HELPSCOUT_ORIGIN }),
      options: { mailboxId: 85 },
      auth: { access_token: HELPSCOUT_TOKEN },
      contact: { id: '238604', name: 'Jane Roe', email: 'Jane.Roe@example.com', phone: '+15555550142' },
      staleId: '999999',
    },
    {
      connector: hubspot,
      externalIdTarget: 2,
      upstream: createFakeUpstream(hubspotOrigin, fakeHubspot(hubspotOrigin, fakeHubspotData())),
      auth: { access_token: HUBSPOT_TEST_TOKEN },
      contact: {
        id: '151',
        name: 'Maria Garcia',
        email: 'maria.garcia@example.com',
        phone: '+1 617-555-0142',
      },
      staleId: '999999',
    },
    {
      connector: pipedrive,
      externalIdTarget: 1,
      upstream: createFakePipedrive('https://acme.pipedrive.com'),
      auth: { api_token: PIPEDRIVE_TOKEN, company_domain: 'acme' },
      contact: {
        id: String(JANE_ID),
        name: 'Jane Doe',
        email: 'jane.doe@example.com',
        phone: '+14155550132',
      },
      staleId: '999999',
    },
    {
      connector: intercom,
      externalIdTarget: 2,
      upstream: fakeIntercom('https://api.intercom.bench.test'),
      auth: { access_token: INTERCOM_TOKEN, region: 'us' },
      contact: {
        id: INTERCOM_CONTACT_ID,
        name: 'Joe Bloggs',
        email: INTERCOM_CONTACT_EMAIL,
        phone: '+14155550132',
      },
      staleId: '6f0000000000000000000000',
    },
    {
      connector: zohoCrm,
      externalIdTarget: 1,
      upstream: createZohoFake('https://zoho-crm.bench.test'),
      auth: { access_token: ZOHO_TOKEN, api_domain: 'https://www.zohoapis.eu' },
      contact: {
        id: JANE.id,
        name: 'Jane Roe',
        email: 'Jane.Roe@zylker.example',
        phone: '+1 (415) 555-0142',
      },
      staleId: '3652397000000999999',
    },
    {
      connector: salesforce,
      externalIdTarget: 1,
      upstream: salesforceFake.upstream,
      auth: { access_token: FAKE_ACCESS_TOKEN, instance_url: 'https://acme.my.salesforce.com' },
      contact: {
        id: JANE_CONTACT_ID,
        name: 'Jane Doe',
        email: 'Jane@Example.com',
        phone: '+1 (415) 555-0132',
      },
      staleId: STALE_CONTACT_ID,
    },
  ];
}

/** The request data of one lookup kind: only that identifier (the stale id comes with the email). */
function lookupData(bench: BenchedConnector, kind: LookupKind) {
  const { contact } = bench;
  const name = { contact_name: contact.name };
  switch (kind) {
    case 'external id':
      return { ...name, contact_external_id: contact.id };
    case 'email':
      return { ...name, contact_emails: [contact.email] };
    case 'phone':
      return { ...name, contact_phones: [contact.phone] };
    case 'stale id':
      return { ...name, contact_external_id: bench.staleId, contact_emails: [contact.email] };
  }
}

interface VendorCall {
  start: number;
  end?: number;
}

/** One measured retrieval. */
interface Run {
  status: number;
  items: number;
  omittedTypes: string | null;
  calls: number;
  wallMs: number;
  /** Time during which at least one vendor call was in flight. */
  vendorMs: number;
}

/**
 * Holds every answer of `upstream` back by LATENCY_MS, recording when each call started (on arrival at
 * the fake) and ended (when its answer left the fake): a handler in front of the fake's own that waits,
 * then falls through to them.
 */
function delayVendor(upstream: FakeUpstream, calls: VendorCall[]): void {
  const byRequestId = new Map<string, VendorCall>();
  upstream.use(
    http.all(`${upstream.origin}/*`, async ({ request, requestId }) => {
      const call: VendorCall = { start: performance.now() };
      calls.push(call);
      byRequestId.set(requestId, call);
      await delay(LATENCY_MS);
      if (new URL(request.url).pathname === CALIBRATION_PATH) return HttpResponse.json({});
      return undefined;
    }),
  );
  upstream.server.events.on('response:mocked', ({ requestId }) => {
    const call = byRequestId.get(requestId);
    if (call) call.end = performance.now();
    byRequestId.delete(requestId);
  });
}

/** Answered by the delaying handler itself: what the msw rig costs a call outside its recorded span. */
const CALIBRATION_PATH = '/__bench-calibration';

/**
 * The test rig's own cost per vendor call, outside the span the delaying handler records (msw intercepting
 * the fetch, building its Request and Response, events): sequential direct calls from this process, wall
 * time minus recorded time, median. The gateway column below includes this cost once per sequential call.
 */
async function rigMsPerCall(upstream: FakeUpstream, calls: VendorCall[]): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < 6; index += 1) {
    calls.length = 0;
    const started = performance.now();
    const response = await fetch(`${upstream.origin}${CALIBRATION_PATH}`);
    await response.json();
    const ended = performance.now();
    if (index > 0) samples.push(ended - started - inFlightMs(calls, ended));
  }
  return median(samples);
}

/** The length of the union of the intervals [start, end]. */
function inFlightMs(calls: readonly VendorCall[], until: number): number {
  const intervals = calls.map((call) => [call.start, call.end ?? until] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = Number.NaN;
  let currentEnd = Number.NaN;
  for (const [start, end] of intervals) {
    if (Number.isNaN(currentEnd) || start > currentEnd) {
      if (!Number.isNaN(currentEnd)) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else {
      currentEnd = Math.max(currentEnd, end);
    }
  }
  if (!Number.isNaN(currentEnd)) total += currentEnd - currentStart;
  return total;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const LOOKUPS: LookupKind[] = ['external id', 'email', 'phone', 'stale id'];
const rows: string[] = [];
const rigMs: Record<string, number> = {};
const benches = benchedConnectors();

// The gateway's logs are not what is measured: kept in memory at warn (printing them would cost time).
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
let gateway: RunningGateway;

beforeAll(async () => {
  const config = resolveGatewayConfig(
    {
      inboundAuth: { required: false },
      integrations: Object.fromEntries(
        benches.map((bench) => [
          bench.connector.id,
          {
            connector: bench.connector.id,
            options: { ...bench.options, baseUrl: bench.upstream.origin },
            contactCacheTtlSeconds: 0,
          },
        ]),
      ),
    },
    benches.map((bench) => bench.connector),
  );
  gateway = await serveGateway({
    config,
    logger: createGatewayLogger({ level: 'warn', destination: quiet }),
  });
});

afterAll(async () => {
  await gateway?.close();
  const table = [
    `Round trips per view — vendor latency ${LATENCY_MS} ms per call, median of ${RUNS} run(s) after a warm-up, contact cache off`,
    `msw rig cost per sequential vendor call, included in the gateway column: ${Object.entries(rigMs)
      .map(([id, ms]) => `${id} ${ms.toFixed(1)} ms`)
      .join(', ')}`,
    '',
    '| connector | lookup | calls | depth | gateway ms beyond vendor | target (email ≤ 2; external id 1 where the vendor filters by id) |',
    '|---|---|---|---|---|---|',
    ...rows,
    ...NOT_MEASURED.map(({ name, why }) => `| ${name} | — | not measured | — | — | ${why} |`),
  ].join('\n');
  // The table is the output of this run: printed whatever the reporter.
  process.stdout.write(`\n${table}\n\n`);
});

async function retrieve(bench: BenchedConnector, kind: LookupKind, calls: VendorCall[]): Promise<Run> {
  calls.length = 0;
  const body = JSON.stringify({
    auth: bench.auth,
    meta: { interaction_types: [...bench.connector.interactionTypes] },
    data: lookupData(bench, kind),
  });
  const started = performance.now();
  const response = await fetch(`${gateway.url}/integrations/${bench.connector.id}/interaction_retrieval`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const answer = (await response.json()) as unknown;
  const ended = performance.now();
  return {
    status: response.status,
    items: Array.isArray(answer) ? answer.length : 0,
    omittedTypes: response.headers.get('x-talkbridge-omitted-types'),
    calls: calls.length,
    wallMs: ended - started,
    vendorMs: inFlightMs(calls, ended),
  };
}

for (const bench of benches) {
  describe(bench.connector.id, () => {
    const calls: VendorCall[] = [];
    beforeAll(async () => {
      bench.upstream.listen();
      delayVendor(bench.upstream, calls);
      rigMs[bench.connector.id] = await rigMsPerCall(bench.upstream, calls);
    });
    afterAll(() => bench.upstream.close());

    for (const kind of LOOKUPS) {
      it(`${kind}: answers 200`, { timeout: 120_000 }, async () => {
        const runs: Run[] = [];
        for (let index = 0; index <= RUNS; index += 1) {
          await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
          bench.upstream.requests.length = 0;
          const run = await retrieve(bench, kind, calls);
          expect(run.status, `${bench.connector.id} by ${kind}`).toBe(200);
          if (index > 0) runs.push(run); // the first run warms the code paths up and is not counted
        }
        const middle = runs.find((run) => run.wallMs === median(runs.map((each) => each.wallMs))) as Run;
        const callCounts = [...new Set(runs.map((run) => run.calls))].join('/');
        const depth = middle.wallMs / LATENCY_MS;
        const beyondVendor = middle.wallMs - middle.vendorMs;
        const notes = [
          `${Math.round(middle.vendorMs / LATENCY_MS)} vendor round${Math.round(middle.vendorMs / LATENCY_MS) === 1 ? '' : 's'}`,
          `${middle.items} interaction${middle.items === 1 ? '' : 's'}`,
          ...(middle.omittedTypes ? [`omitted: ${middle.omittedTypes}`] : []),
        ].join('; ');
        // Sequential vendor rounds: the time some vendor call was in flight, in latencies (the gateway's
        // own time between rounds is not counted against the vendor).
        const vendorRounds = Math.round(middle.vendorMs / LATENCY_MS);
        const targetDepth =
          kind === 'email' ? EMAIL_TARGET_DEPTH : kind === 'external id' ? bench.externalIdTarget : undefined;
        const target =
          targetDepth === undefined
            ? '—'
            : `≤ ${targetDepth}: ${vendorRounds <= targetDepth ? 'met' : '**exceeded**'}`;
        rows.push(
          `| ${bench.connector.id} | ${kind} | ${callCounts} | ${depth.toFixed(1)} | ${beyondVendor.toFixed(1)} | ${target} (${notes}) |`,
        );
      });
    }
  });
}
