// Who may call the gateway: inbound tokens (header, query parameter, per integration, gateway-wide, rotated),
// allowed networks behind trusted proxies, JSON-only hooks, and endpoint URLs that no Host header can move.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { printedLogLines, specExampleRequest, startTestGateway } from './start-test-gateway.js';

const ACME_OLD = 'acme-token-old-0123456789';
const ACME_NEW = 'acme-token-new-0123456789';
const BETA = 'beta-token-0123456789abcdef';
const GATEWAY_WIDE = 'gateway-wide-token-0123456789';
const EVERY_TOKEN = [ACME_OLD, ACME_NEW, BETA, GATEWAY_WIDE];

const guardedConfig = (acmeTokens: string[]) => ({
  publicUrl: 'https://bridge.example.com',
  integrations: {
    acme: { connector: 'sandbox', inboundTokens: acmeTokens },
    beta: { connector: 'sandbox', inboundTokens: [BETA] },
  },
});

const gateway = await startTestGateway(guardedConfig([ACME_OLD, ACME_NEW]), undefined, {
  TALKBRIDGE_INBOUND_TOKENS: GATEWAY_WIDE,
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function errorCodeOf(response: Response): Promise<string> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  // A refusal never echoes a token back.
  for (const token of EVERY_TOKEN) expect(JSON.stringify(body)).not.toContain(token);
  return body.error.code;
}

/** A GET with headers fetch would not let us set (Host), over a real socket. */
function rawGet(
  url: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      { host: target.hostname, port: target.port, path, method: 'GET', headers },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += String(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('inbound tokens', () => {
  it('refuses a missing token with 403 caller_not_allowed on every hook and listing, never 401', async () => {
    const refusals = [
      await gateway.post('/integrations/acme/interaction_retrieval', specExampleRequest),
      await gateway.post('/integrations/acme/auth_validation', specExampleRequest),
      await gateway.post('/integrations/acme/actions/create_ticket', specExampleRequest),
      await gateway.get('/integrations'),
      await gateway.get('/integrations/acme/configuration'),
      await gateway.get('/integrations/acme/actions'),
      await gateway.get('/integrations/nope/configuration'),
      await gateway.get('/no/such/route'),
    ];
    for (const response of refusals) {
      expect(response.status).toBe(403);
      expect(await errorCodeOf(response)).toBe('caller_not_allowed');
    }
  });

  it('refuses a wrong token, in the header or the query', async () => {
    const wrong = 'acme-token-wrong-012345678';
    const inHeader = await gateway.post(
      '/integrations/acme/interaction_retrieval',
      specExampleRequest,
      bearer(wrong),
    );
    expect(inHeader.status).toBe(403);
    expect(await errorCodeOf(inHeader)).toBe('caller_not_allowed');
    const inQuery = await gateway.post(
      `/integrations/acme/interaction_retrieval?token=${wrong}`,
      specExampleRequest,
    );
    expect(inQuery.status).toBe(403);
    // Another scheme than Bearer is no token at all.
    const basic = await gateway.get('/integrations', { authorization: `Basic ${ACME_OLD}` });
    expect(basic.status).toBe(403);
  });

  it("accepts either of an integration's tokens, as a Bearer header or a query parameter", async () => {
    const byHeader = await gateway.post(
      '/integrations/acme/interaction_retrieval',
      specExampleRequest,
      bearer(ACME_OLD),
    );
    expect(byHeader.status).toBe(200);
    expect(((await byHeader.json()) as unknown[]).length).toBeGreaterThan(0);
    const byQuery = await gateway.post(
      `/integrations/acme/interaction_retrieval?token=${ACME_NEW}`,
      specExampleRequest,
    );
    expect(byQuery.status).toBe(200);
    const lowerCaseScheme = await gateway.get('/integrations/acme/actions', {
      authorization: `bearer ${ACME_NEW}`,
    });
    expect(lowerCaseScheme.status).toBe(200);
  });

  it("refuses one integration's token on another, and lists only the integrations a token opens", async () => {
    const crossed = await gateway.post(
      '/integrations/beta/interaction_retrieval',
      specExampleRequest,
      bearer(ACME_OLD),
    );
    expect(crossed.status).toBe(403);
    expect(await errorCodeOf(crossed)).toBe('caller_not_allowed');

    const idsListedFor = async (token: string) => {
      const response = await gateway.get('/integrations', bearer(token));
      expect(response.status).toBe(200);
      const body = (await response.json()) as { integrations: { id: string }[] };
      return body.integrations.map((integration) => integration.id);
    };
    expect(await idsListedFor(ACME_OLD)).toEqual(['acme']);
    expect(await idsListedFor(BETA)).toEqual(['beta']);
    expect(await idsListedFor(GATEWAY_WIDE)).toEqual(['acme', 'beta']);

    const unknown = await gateway.get('/integrations/nope/configuration', bearer(BETA));
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      error: { code: 'unknown_integration', known_integrations: ['beta'] },
    });
  });

  it('accepts the gateway-wide token of TALKBRIDGE_INBOUND_TOKENS on every integration', async () => {
    for (const id of ['acme', 'beta']) {
      const response = await gateway.post(
        `/integrations/${id}/interaction_retrieval?token=${GATEWAY_WIDE}`,
        specExampleRequest,
      );
      expect(response.status).toBe(200);
    }
  });

  it('leaves /healthz and the logo open to anyone', async () => {
    expect((await gateway.get('/healthz')).status).toBe(200);
    const logo = await gateway.get('/integrations/acme/logo.svg');
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toContain('image/svg+xml');
  });

  it('never logs a token, whether it was right or wrong, in the header or the query', async () => {
    await gateway.post(`/integrations/acme/interaction_retrieval?token=${ACME_NEW}`, specExampleRequest);
    await gateway.post(`/integrations/beta/interaction_retrieval?token=${ACME_NEW}`, specExampleRequest);
    await gateway.get(`/integrations/acme/configuration?token=${GATEWAY_WIDE}`);
    await gateway.get(`/integrations?token=${BETA}`);
    // Debug lines too: the gateway under test logs at debug.
    expect(gateway.logs().some((line) => line.msg === 'request' && line.status === 403)).toBe(true);
    const everything = printedLogLines.join('\n');
    expect(everything).toContain('"integration_id":"acme"');
    for (const token of EVERY_TOKEN) expect(everything).not.toContain(token);
  });
});

describe('token rotation', () => {
  it('refuses a token once it is removed from the config, and keeps accepting the other', async () => {
    const rotated = await startTestGateway(guardedConfig([ACME_NEW]));
    const withOld = await rotated.post(
      '/integrations/acme/interaction_retrieval',
      specExampleRequest,
      bearer(ACME_OLD),
    );
    expect(withOld.status).toBe(403);
    const withNew = await rotated.post(
      '/integrations/acme/interaction_retrieval',
      specExampleRequest,
      bearer(ACME_NEW),
    );
    expect(withNew.status).toBe(200);
  });
});

describe('JSON only', () => {
  it('answers 415 unsupported_media_type to a hook body that is not application/json', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const response = await gateway.post(
        '/integrations/acme/interaction_retrieval',
        JSON.stringify(specExampleRequest),
        { ...bearer(ACME_OLD), 'content-type': contentType },
      );
      expect(response.status).toBe(415);
      expect(await errorCodeOf(response)).toBe('unsupported_media_type');
    }
    const untyped = await fetch(`${gateway.url}/integrations/acme/interaction_retrieval`, {
      method: 'POST',
      headers: bearer(ACME_OLD),
      body: new Blob([JSON.stringify(specExampleRequest)]),
    });
    expect(untyped.status).toBe(415);
  });

  it('accepts application/json with a charset, in any case', async () => {
    const response = await gateway.post('/integrations/acme/interaction_retrieval', specExampleRequest, {
      ...bearer(ACME_OLD),
      'content-type': 'Application/JSON; charset=utf-8',
    });
    expect(response.status).toBe(200);
  });

  it('checks the token before the media type', async () => {
    const response = await gateway.post('/integrations/acme/interaction_retrieval', 'x', {
      'content-type': 'text/plain',
    });
    expect(response.status).toBe(403);
  });
});

describe('configuration URLs', () => {
  it('come from publicUrl with the integration token, whatever the Host header says', async () => {
    const { status, body } = await rawGet(gateway.url, '/integrations/acme/configuration', {
      host: 'attacker.example',
      'x-forwarded-host': 'attacker.example',
      ...bearer(ACME_OLD),
    });
    expect(status).toBe(200);
    expect(body).not.toContain('attacker.example');
    expect(JSON.parse(body)).toMatchObject({
      interaction_retrieval_endpoint: `https://bridge.example.com/integrations/acme/interaction_retrieval?token=${ACME_OLD}`,
      logo_url: 'https://bridge.example.com/integrations/acme/logo.svg',
    });
    const actions = await rawGet(gateway.url, '/integrations/acme/actions', {
      host: 'attacker.example',
      ...bearer(GATEWAY_WIDE),
    });
    const endpoints = (JSON.parse(actions.body) as { endpoint: string }[]).map((action) => action.endpoint);
    expect(endpoints).toContain(
      `https://bridge.example.com/integrations/acme/actions/create_ticket?token=${ACME_OLD}`,
    );
    for (const endpoint of endpoints) expect(endpoint).toMatch(/^https:\/\/bridge\.example\.com\/.*\?token=/);
  });

  it('carry the first gateway-wide token for an integration without its own', async () => {
    const shared = await startTestGateway(
      { publicUrl: 'https://bridge.example.com', integrations: { demo: { connector: 'sandbox' } } },
      undefined,
      { TALKBRIDGE_INBOUND_TOKENS: `${GATEWAY_WIDE},${ACME_NEW}` },
    );
    const response = await shared.get('/integrations/demo/configuration', bearer(ACME_NEW));
    expect(await response.json()).toMatchObject({
      interaction_retrieval_endpoint: `https://bridge.example.com/integrations/demo/interaction_retrieval?token=${GATEWAY_WIDE}`,
    });
  });

  it('in the quick start come from the listening address, not from Host', async () => {
    const quickStart = await startTestGateway();
    const { status, body } = await rawGet(quickStart.url, '/integrations/sandbox/configuration', {
      host: 'attacker.example',
    });
    expect(status).toBe(200);
    expect(body).not.toContain('attacker.example');
    expect(JSON.parse(body)).toMatchObject({
      interaction_retrieval_endpoint: `${quickStart.url}/integrations/sandbox/interaction_retrieval`,
    });
  });

  it('with a config file but no publicUrl are refused with a message saying to configure it', async () => {
    const unconfigured = await startTestGateway({ integrations: { demo: { connector: 'sandbox' } } });
    for (const path of ['/integrations/demo/configuration', '/integrations/demo/actions']) {
      const response = await rawGet(unconfigured.url, path, { host: 'attacker.example' });
      expect(response.status).toBe(500);
      expect(JSON.parse(response.body)).toMatchObject({
        error: { code: 'not_configured', message: expect.stringMatching(/publicUrl is not configured/) },
      });
    }
  });
});

describe('allowed networks', () => {
  const networkGateway = (inboundAuth: unknown) =>
    startTestGateway({
      inboundAuth,
      integrations: { acme: { connector: 'sandbox', inboundTokens: [ACME_OLD] } },
    });
  const callFrom = (target: { url: string }, forwardedFor?: string) =>
    rawGet(target.url, '/integrations', {
      ...bearer(ACME_OLD),
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    });

  it('refuses a client outside the networks even with a valid token, and ignores X-Forwarded-For from it', async () => {
    const closed = await networkGateway({ allowedNetworks: ['10.0.0.0/8'] });
    const direct = await callFrom(closed);
    expect(direct.status).toBe(403);
    expect(JSON.parse(direct.body)).toMatchObject({
      error: { code: 'caller_not_allowed', message: 'Calls from this network are not allowed' },
    });
    // Loopback is no trusted proxy here: its X-Forwarded-For is a claim, not an address.
    expect((await callFrom(closed, '10.1.2.3')).status).toBe(403);
    expect((await rawGet(closed.url, '/healthz', {})).status).toBe(200);
  });

  it('allows a client inside the networks', async () => {
    const loopback = await networkGateway({ allowedNetworks: ['127.0.0.0/8', '::1/128'] });
    expect((await callFrom(loopback)).status).toBe(200);
  });

  it('behind a trusted proxy, judges the address the proxy forwarded, not one the client claimed', async () => {
    const proxied = await networkGateway({
      allowedNetworks: ['10.0.0.0/8'],
      trustedProxies: ['127.0.0.1', '::1', '::ffff:127.0.0.1'],
    });
    expect((await callFrom(proxied, '10.1.2.3')).status).toBe(200);
    expect((await callFrom(proxied, '192.168.1.9')).status).toBe(403);
    // The client wrote 10.1.2.3 itself; the proxy appended the address it really came from.
    expect((await callFrom(proxied, '10.1.2.3, 203.0.113.9')).status).toBe(403);
    // The proxy's own address is outside the networks.
    expect((await callFrom(proxied)).status).toBe(403);
  });

  it('rejects a malformed network in the config, naming the field', async () => {
    await expect(networkGateway({ allowedNetworks: ['10.0.0.0/33'] })).rejects.toThrow(
      /inboundAuth\.allowedNetworks\[0\]: expected an IP address or a CIDR range/,
    );
  });
});
