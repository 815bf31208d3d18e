// One failing interaction type does not blank the agent's screen: the gateway answers with the types that
// loaded and names the others in a header and in metrics. A real gateway, a real loopback service.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ContextOf, defineConnector, path } from '@talkbridge/core';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OMITTED_TYPES_HEADER } from '../src/app.js';
import { startTestGateway } from './start-test-gateway.js';

// The service: tickets load, notes are down (503), calls refuse the token for user `revoked`.
const service = createServer((request, response) => {
  const url = request.url ?? '';
  const revoked = request.headers.authorization === 'Bearer revoked-token';
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (revoked) return send(401, { error: 'invalid token' });
  if (url.startsWith('/tickets'))
    return send(200, { items: [{ id: 't1', title: 'Broken lamp', at: '2024-03-02T10:00:00Z' }] });
  if (url.startsWith('/notes')) return send(503, { error: 'maintenance' });
  return send(404, {});
});
await new Promise<void>((resolve) => service.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => service.close(() => resolve())));
const baseUrl = `http://127.0.0.1:${(service.address() as AddressInfo).port}`;

const itemsSchema = z.object({
  items: z.array(z.object({ id: z.string(), title: z.string(), at: z.string() })),
});
const deskAuth = z.object({ token: z.string() });
const list = (kind: 'tickets' | 'notes') => async (ctx: ContextOf<typeof deskAuth>) => {
  const answer = await ctx.http.get(path`/${kind}`, { schema: itemsSchema });
  return answer.items.map((item) => ({
    id: item.id,
    subject: item.title,
    date: item.at,
    priority: 'none' as const,
    status: 'open' as const,
  }));
};
const desk = defineConnector({
  id: 'desk',
  displayName: 'Desk',
  description: 'A desk with tickets and notes.',
  auth: deskAuth,
  http: { origin: 'https://desk.example', authenticate: (auth) => ({ type: 'bearer', token: auth.token }) },
  findContacts: async () => [{ id: 'c1' }],
  interactions: { ticket: list('tickets'), note: list('notes') },
});

const gateway = await startTestGateway(
  {
    inboundAuth: { required: false },
    integrations: {
      desk: { connector: 'desk', options: { baseUrl } },
      strict: { connector: 'desk', options: { baseUrl }, partialAnswers: false },
    },
  },
  [desk],
);
const retrieval = (integration: string, token = 'good-token') =>
  gateway.post(`/integrations/${integration}/interaction_retrieval`, {
    auth: { token },
    meta: { interaction_types: ['ticket', 'note'] },
    data: { contact_external_id: 'c1' },
  });

describe('partial answers through the gateway', () => {
  it('answers 200 with the tickets, names the notes in a header, and counts them', async () => {
    const response = await retrieval('desk');
    expect(response.status).toBe(200);
    expect(response.headers.get(OMITTED_TYPES_HEADER)).toBe('note=upstream_unavailable');
    expect(((await response.json()) as { id: string }[]).map((item) => item.id)).toEqual(['t1']);
    const metrics = await (await gateway.get('/metrics')).text();
    expect(metrics).toMatch(
      /talkbridge_omitted_interaction_types_total\{integration="desk",type="note",code="upstream_unavailable"\} 1/,
    );
    expect(gateway.logs().some((line) => line.msg === 'interaction type left out of the answer')).toBe(true);
  });

  it('a complete answer carries no header', async () => {
    const response = await gateway.post('/integrations/desk/interaction_retrieval', {
      auth: { token: 'good-token' },
      meta: { interaction_types: ['ticket'] },
      data: { contact_external_id: 'c1' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get(OMITTED_TYPES_HEADER)).toBeNull();
  });

  it('refused credentials are still a 401 for the whole answer', async () => {
    const response = await retrieval('desk', 'revoked-token');
    expect(response.status).toBe(401);
  });

  it('with partialAnswers off, the failing type fails the retrieval (502)', async () => {
    const response = await retrieval('strict');
    expect(response.status).toBe(502);
    expect(response.headers.get(OMITTED_TYPES_HEADER)).toBeNull();
  });
});
