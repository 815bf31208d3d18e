import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { BridgeError } from '../errors.js';
import { executeAction } from './execute-action.js';

const runs: unknown[] = [];
const connector = defineConnector({
  id: 'desk',
  displayName: 'Desk',
  description: 'test',
  auth: z.object({ token: z.string() }),
  interactions: { ticket: async () => [] },
  findContacts: async () => [],
  actions: {
    create_ticket: {
      display: 'create a ticket',
      description: 'create a new ticket in Desk',
      inputs: [
        { key: 'subject', name: 'Subject', mandatory: true },
        { key: 'description', name: 'Description', mandatory: true },
        { key: 'priority', name: 'Priority', mandatory: false },
      ],
      async run(_ctx, request) {
        runs.push(request);
        if (request.data.subject === 'refuse')
          throw new BridgeError('action_failed', 'Subject is not allowed');
        if (request.data.subject === 'bad answer') return { external_id: 42 } as never;
        return { message: 'Ticket 7 created', external_id: '7' };
      },
    },
  },
});
const auth = { token: 'tok-abcdef' };
const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as BridgeError,
  );

describe('executeAction', () => {
  it('runs once with trimmed text inputs, meta ids, and only declared inputs', async () => {
    runs.length = 0;
    const result = await executeAction(connector, 'create_ticket', {
      auth,
      meta: { contact_external_id: '12', agent_external_id: '3' },
      data: { subject: '  Call missed ', description: 42, priority: true, injected: 'x' },
    });
    expect(result).toEqual({ message: 'Ticket 7 created', external_id: '7' });
    expect(runs).toEqual([
      {
        data: { subject: 'Call missed', description: '42', priority: 'true' },
        contactExternalId: '12',
        agentExternalId: '3',
      },
    ]);
  });

  it('names every missing or non-text mandatory input, without running', async () => {
    runs.length = 0;
    const error = await failureOf(
      executeAction(connector, 'create_ticket', {
        auth,
        data: { subject: ' ', description: { html: '<b>' } },
      }),
    );
    expect(error?.code).toBe('invalid_request');
    expect(error?.issues?.map((issue) => issue.path)).toEqual(['data.subject', 'data.description']);
    expect(runs).toHaveLength(0);
  });

  it('lists the known actions for an unknown one, inherited object keys included', async () => {
    for (const name of ['delete_everything', 'constructor', '__proto__']) {
      const error = await failureOf(executeAction(connector, name, { auth, data: {} }));
      expect(error?.code).toBe('unknown_action');
      expect(error?.details).toEqual({ known_actions: ['create_ticket'] });
    }
  });

  it('passes the service’s refusal on as action_failed, and a malformed result as internal', async () => {
    expect(
      (
        await failureOf(
          executeAction(connector, 'create_ticket', { auth, data: { subject: 'refuse', description: 'd' } }),
        )
      )?.code,
    ).toBe('action_failed');
    expect(
      (
        await failureOf(
          executeAction(connector, 'create_ticket', {
            auth,
            data: { subject: 'bad answer', description: 'd' },
          }),
        )
      )?.code,
    ).toBe('internal');
  });

  it('validates the auth fields', async () => {
    const error = await failureOf(executeAction(connector, 'create_ticket', { auth: {}, data: {} }));
    expect(error?.code).toBe('invalid_request');
  });
});
