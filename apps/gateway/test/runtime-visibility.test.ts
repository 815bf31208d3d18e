// What the runtime state does is visible to an operator: cache hits and misses and coalesced work in
// /metrics, where the state lives in /readyz, and PostgreSQL pool gauges registered on the same registry.
import { afterAll, describe, expect, it } from 'vitest';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { defaultGatewayConfig } from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';
import { GatewayMetrics } from '../src/metrics.js';
import { createGatewayRuntimeState } from '../src/runtime-state.js';
import { serveGateway } from '../src/server.js';
import { specExampleRequest } from './start-test-gateway.js';

const logger = createGatewayLogger({ level: 'silent' });
const metrics = new GatewayMetrics({ processMetrics: false });
const runtimeState = createGatewayRuntimeState({
  env: {},
  log: logger,
  onEvent: (event) => metrics.recordRuntimeEvent(event),
});
const gateway = await serveGateway({
  config: defaultGatewayConfig(bundledConnectors),
  logger,
  metrics,
  runtimeState,
});
afterAll(() => gateway.close());

const retrieve = () =>
  fetch(`${gateway.url}/integrations/sandbox/interaction_retrieval`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(specExampleRequest),
  });

/** The value of one metric line, e.g. `talkbridge_x_total{a="b"}`; 0 when the line is absent. */
async function metricValue(line: string): Promise<number> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

describe('runtime state in metrics and readiness', () => {
  it('counts a cold view as a cache miss and the repeat view as a hit', async () => {
    const miss = 'talkbridge_contact_cache_lookups_total{integration="sandbox",outcome="miss"}';
    const hit = 'talkbridge_contact_cache_lookups_total{integration="sandbox",outcome="hit"}';
    expect((await retrieve()).status).toBe(200);
    const missesAfterFirst = await metricValue(miss);
    const hitsAfterFirst = await metricValue(hit);
    expect(missesAfterFirst).toBeGreaterThan(0);
    expect((await retrieve()).status).toBe(200);
    expect(await metricValue(hit)).toBeGreaterThan(hitsAfterFirst);
    expect(await metricValue(miss)).toBe(missesAfterFirst);
  });

  it('reports where the state lives in /readyz without failing readiness', async () => {
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ready',
      runtime_state: { backend: 'memory', state: 'ok' },
    });
  });

  it('exposes the PostgreSQL pool gauge (empty without a postgres integration)', async () => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toContain('# TYPE talkbridge_postgres_pool_connections gauge');
  });
});
