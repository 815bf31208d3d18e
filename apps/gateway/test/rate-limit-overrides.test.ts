// An integration's `rateLimits` replaces the size of its connector's declared budgets: checked against the
// names the connector declares, and felt in how the next call is paced.
import { hubspot } from '@talkbridge/connector-hubspot';
import { salesforce } from '@talkbridge/connector-salesforce';
import { zendesk } from '@talkbridge/connector-zendesk';
import { createMemoryRuntimeState, type RuntimeStateEvent } from '@talkbridge/core';
import { createFakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from '../src/app.js';
import { GatewayConfigError, resolveGatewayConfig } from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';

const origin = 'https://acme.zendesk.rate-limits.test';
const upstream = createFakeUpstream(
  origin,
  http.get(`${origin}/api/v2/search`, () => HttpResponse.json({ results: [], count: 0, next_page: null })),
);
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const connectors = [zendesk, hubspot, salesforce];

function configError(rateLimits: unknown, connector = 'hubspot'): string {
  try {
    resolveGatewayConfig(
      { inboundAuth: { required: false }, integrations: { crm: { connector, rateLimits } } },
      connectors,
    );
  } catch (error) {
    if (error instanceof GatewayConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a config error');
}

describe("an integration's rateLimits", () => {
  it("refuses a budget name the connector does not declare, naming the integration and the connector's budgets", () => {
    const message = configError({ serach: { points: 10, durationSeconds: 1 } });
    expect(message).toContain('integrations.crm.rateLimits');
    expect(message).toContain('unknown rate budget "serach"');
    expect(message).toContain('declared: search, ten_second');
    expect(message).toContain('connector "hubspot"');
    expect(configError({ general: { points: 10, durationSeconds: 1 } }, 'salesforce')).toContain(
      'this connector declares none',
    );
  });

  it('refuses sizes that are not a whole number of calls over a positive window of at most an hour', () => {
    expect(configError({ search: { points: 0, durationSeconds: 1 } })).toContain(
      'integrations.crm.rateLimits.search.points',
    );
    expect(configError({ search: { points: 10, durationSeconds: 0 } })).toContain('durationSeconds');
    expect(configError({ search: { points: 10, durationSeconds: 7_200 } })).toContain('durationSeconds');
    expect(configError({ search: { points: 10, durationSeconds: 1, burst: 2 } })).toContain('burst');
  });

  it("keeps the sizes (in ms) for the integration's requests", () => {
    const config = resolveGatewayConfig(
      {
        inboundAuth: { required: false },
        integrations: {
          crm: { connector: 'hubspot', rateLimits: { search: { points: 10, durationSeconds: 1.5 } } },
        },
      },
      connectors,
    );
    expect(config.integrations.get('crm')?.rateBudgetSizes).toEqual({
      search: { points: 10, durationMs: 1_500 },
    });
  });

  async function twoRetrievals(rateLimits?: unknown): Promise<{ waits: number; calls: number }> {
    const events: RuntimeStateEvent[] = [];
    const runtimeState = createMemoryRuntimeState({ onEvent: (event) => events.push(event) });
    const config = resolveGatewayConfig(
      {
        inboundAuth: { required: false },
        integrations: {
          zd: { connector: 'zendesk', options: { baseUrl: origin }, ...(rateLimits ? { rateLimits } : {}) },
        },
      },
      connectors,
    );
    const app = createGatewayApp({ config, logger: createGatewayLogger({ level: 'silent' }), runtimeState });
    const body = {
      auth: { account: 'acme', email: 'agent@acme.example', token: 'zd-api-token-7c1e9f42' },
      meta: { interaction_types: ['ticket'] },
      data: { contact_phones: ['+1 415 555 0100'] },
    };
    for (let view = 0; view < 2; view += 1) {
      // By phone, nobody found: one call per view (a first view by one email would also search tickets
      // beside the user search).
      const response = await app.request('/integrations/zd/interaction_retrieval', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, data: { contact_phones: [`+1 415 555 010${view}`] } }),
      });
      expect(response.status).toBe(200);
    }
    await runtimeState.close();
    return {
      waits: events.filter((event) => event.type === 'budget_wait').length,
      calls: upstream.requests.length,
    };
  }

  it("paces by the operator's size: with one call per 5 seconds, the second view waits for its turn", async () => {
    expect(await twoRetrievals()).toEqual({ waits: 0, calls: 2 });
    upstream.reset();
    expect(await twoRetrievals({ general: { points: 1, durationSeconds: 5 } })).toEqual({
      waits: 1,
      calls: 2,
    });
  });
});
