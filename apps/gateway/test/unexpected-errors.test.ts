import { BridgeError, defineConnector } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestGateway } from './start-test-gateway.js';

// A connector whose service misbehaves in the ways our code must survive.
const broken = defineConnector({
  id: 'broken',
  displayName: 'Broken',
  description: 'Fails on purpose.',
  auth: z.object({ token: z.string() }),
  interactions: {
    ticket: async () => {
      return [];
    },
  },
  async findContacts(ctx) {
    if (ctx.query.name === 'hang') return new Promise<never>(() => {});
    if (ctx.query.name === 'rate')
      throw new BridgeError('rate_limited', 'Too many requests', { retryAfterSeconds: 7.2 });
    // A programming error whose message happens to contain the token.
    throw new TypeError(`cannot read properties of undefined (token ${ctx.auth.token})`);
  },
});

const gateway = await startTestGateway(
  { integrations: { broken: { connector: 'broken', deadlineMs: 200 } } },
  [broken],
);
const retrieve = (name: string) =>
  gateway.post('/integrations/broken/interaction_retrieval', {
    auth: { token: 'tok-very-secret-123' },
    data: { contact_name: name, contact_emails: ['a@example.com'] },
  });

describe('unexpected failures', () => {
  it('500 with a request id, a fixed message and no stack or secret', async () => {
    const response = await retrieve('crash');
    expect(response.status).toBe(500);
    const text = await response.text();
    const body = JSON.parse(text) as { error: { code: string; message: string; request_id: string } };
    expect(body.error.code).toBe('internal');
    expect(body.error.message).toBe('Unexpected error while handling the request');
    expect(body.error.request_id).toBe(response.headers.get('x-request-id'));
    expect(text).not.toMatch(/TypeError|at .*\.js|tok-very-secret/);
  });

  it('logs the internal error without its stack or the secret', () => {
    const internal = gateway.logs().find((line) => line.msg === 'internal error');
    expect(internal).toMatchObject({ err_name: 'TypeError' });
    const everything = JSON.stringify(gateway.logs());
    expect(everything).not.toContain('tok-very-secret-123');
    expect(everything).not.toMatch(/\n\s+at /);
  });

  it('504 deadline_exceeded when the service hangs past the integration’s deadline', async () => {
    const response = await retrieve('hang');
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('deadline_exceeded');
  });

  it('429 with Retry-After in whole seconds when rate limited', async () => {
    const response = await retrieve('rate');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('8');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
  });
});
