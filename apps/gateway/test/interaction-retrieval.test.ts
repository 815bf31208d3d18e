import { interactionRetrievalResponseSchema } from '@talkbridge/core/contract';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/app.js';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { connectorsServedWithoutConfig } from '../src/gateway-config.js';
import { printedLogLines, specExampleRequest, startTestGateway } from './start-test-gateway.js';

const gateway = await startTestGateway();
const retrieve = (body: unknown, integration = 'sandbox') =>
  gateway.post(`/integrations/${integration}/interaction_retrieval`, body);

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.request_id).toBe(response.headers.get('x-request-id'));
  return body.error;
}

describe('POST /integrations/:id/interaction_retrieval on the sandbox', () => {
  it("answers the spec's example with Jane's cases and notes, valid against the contract", async () => {
    const response = await retrieve(specExampleRequest);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer.length).toBeGreaterThan(0);
    expect(new Set(answer.map((item) => item.type))).toEqual(new Set(['case', 'note']));
    expect(answer.map((item) => item.id)).toContain('101');
    const times = answer.map((item) => Date.parse(item.date.replace(' UTC', 'Z').replace(' ', 'T')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('is also served at interaction_update, the name of Talkdesk’s example endpoint', async () => {
    const response = await gateway.post('/integrations/sandbox/interaction_update', specExampleRequest);
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBeGreaterThan(0);
  });

  it('finds a contact by a phone written differently from the stored one', async () => {
    const response = await retrieve({
      auth: specExampleRequest.auth,
      data: { contact_phones: ['+1 415 555 0132'] },
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { id: string }[];
    expect(answer.map((item) => item.id).sort()).toEqual(['301', '302']);
  });

  it('answers 200 [] when nobody matches', async () => {
    const response = await retrieve({
      auth: specExampleRequest.auth,
      data: { contact_external_id: '999', contact_emails: ['nobody@example.com'] },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
  });

  it('caps the answer at the integration’s maxInteractions', async () => {
    const capped = await startTestGateway({
      integrations: { demo: { connector: 'sandbox', maxInteractions: 2 } },
    });
    const response = await capped.post('/integrations/demo/interaction_retrieval', {
      ...specExampleRequest,
      meta: {},
    });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { id: string }[];
    expect(answer.map((item) => item.id)).toEqual(['107', '101']);
  });
});

describe('errors', () => {
  it('400 on malformed JSON', async () => {
    const error = await expectError(await retrieve('{"auth": '), 400, 'invalid_request');
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('400 naming the failing path on a schema violation', async () => {
    const error = await expectError(
      await retrieve({ auth: specExampleRequest.auth, data: { contact_emails: 'jane@example.com' } }),
      400,
      'invalid_request',
    );
    expect(error.message).toMatch(/^data\.contact_emails: /);
    expect(error.issues).toEqual([{ path: 'data.contact_emails', message: expect.any(String) }]);
  });

  it('400 naming the missing auth fields, without echoing the values sent', async () => {
    const error = await expectError(
      await retrieve({ auth: { username: 'someone-secret-ish@example.com' }, data: {} }),
      400,
      'invalid_request',
    );
    expect(error.issues).toEqual([{ path: 'auth.password', message: expect.any(String) }]);
    expect(JSON.stringify(error)).not.toContain('someone-secret-ish');
  });

  it('401 when the service refuses the credentials', async () => {
    await expectError(
      await retrieve({
        ...specExampleRequest,
        auth: { username: 'john.doe@example.com', password: 'wrong-pass-1' },
      }),
      401,
      'invalid_credentials',
    );
  });

  it('404 listing the known integrations for an unknown id', async () => {
    const error = await expectError(await retrieve(specExampleRequest, 'zendsk'), 404, 'unknown_integration');
    expect(error.known_integrations).toEqual(
      connectorsServedWithoutConfig(bundledConnectors).map((connector) => connector.id),
    );
    expect(error.known_integrations).toContain('zendesk');
  });

  it('404 JSON for an unknown route', async () => {
    await expectError(await gateway.get('/nope'), 404, 'not_found');
  });

  it('413 for a body over 1 MiB', async () => {
    const padding = 'x'.repeat(MAX_BODY_BYTES);
    await expectError(
      await retrieve({ ...specExampleRequest, data: { ...specExampleRequest.data, contact_name: padding } }),
      413,
      'payload_too_large',
    );
  });
});

describe('GET endpoints', () => {
  it('GET /healthz', async () => {
    const response = await gateway.get('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /integrations lists every bundled connector under its own id by default', async () => {
    const response = await gateway.get('/integrations');
    const { integrations } = (await response.json()) as { integrations: Record<string, unknown>[] };
    expect(integrations.map((integration) => integration.id)).toEqual(
      connectorsServedWithoutConfig(bundledConnectors).map((connector) => connector.id),
    );
    expect(integrations[0]).toEqual({
      id: 'sandbox',
      connector: 'sandbox',
      display_name: 'Sandbox',
      interaction_types: ['case', 'note', 'call'],
    });
  });
});

describe('logging', () => {
  it('writes one line per request with request id, integration, status and duration', async () => {
    const response = await gateway.post('/integrations/sandbox/interaction_retrieval', specExampleRequest, {
      'x-request-id': 'test-request-42',
    });
    expect(response.headers.get('x-request-id')).toBe('test-request-42');
    const lines = gateway
      .logs()
      .filter((line) => line.request_id === 'test-request-42' && line.msg === 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      integration_id: 'sandbox',
      status: 200,
      duration_ms: expect.any(Number),
    });
  });

  // Runs last in this file: every request above sent credentials.
  it('never printed a credential it was sent', () => {
    expect(printedLogLines.length).toBeGreaterThan(5);
    const everything = printedLogLines.join('\n');
    for (const secret of ['605b32dd', 'wrong-pass-1', 'someone-secret-ish'])
      expect(everything).not.toContain(secret);
  });
});
