import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ConnectorInteraction, defineConnector } from '../connector.js';
import { BridgeError, type BridgeErrorCode } from '../errors.js';
import { type OmittedType, retrieveInteractions } from './retrieve-interactions.js';

const item = (id: string): ConnectorInteraction => ({
  id,
  subject: id,
  date: '2024-01-01T00:00:00Z',
  priority: 'none',
  status: 'open',
});

type Behaviour = 'ok' | 'hang' | BridgeErrorCode;

/** A connector whose `ticket`, `note` and `call` listers behave as each test says. */
function connectorWith(behaviours: Record<'ticket' | 'note' | 'call', Behaviour>) {
  const lister = (type: keyof typeof behaviours) => async (ctx: { signal: AbortSignal }) => {
    const behaviour = behaviours[type];
    if (behaviour === 'ok') return [item(`${type}-1`)];
    if (behaviour === 'hang') {
      // Never answers: like a vendor that stops responding; only the operation's end stops it.
      await new Promise((_resolve, reject) =>
        ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
      return [];
    }
    throw new BridgeError(behaviour, `${type} failed`);
  };
  return defineConnector({
    id: 'partial',
    displayName: 'Partial',
    description: 'test',
    auth: z.object({ token: z.string() }),
    findContacts: async () => [{ id: 'c1' }],
    interactions: { ticket: lister('ticket'), note: lister('note'), call: lister('call') },
  });
}

const body = { auth: { token: 'tok-123456' }, data: { contact_external_id: 'c1' } };

async function run(
  behaviours: Record<'ticket' | 'note' | 'call', Behaviour>,
  options: { partialAnswers?: boolean; deadlineMs?: number } = {},
) {
  const omitted: OmittedType[] = [];
  const answer = await retrieveInteractions(connectorWith(behaviours), body, {
    deadlineMs: 2_000,
    ...options,
    onOmittedTypes: (types) => omitted.push(...types),
  });
  return { ids: answer.map((interaction) => interaction.id), omitted };
}

describe('partial answers', () => {
  it.each(['upstream_unavailable', 'upstream_invalid_response', 'rate_limited', 'internal'] as const)(
    'one type failing with %s leaves the others in the answer and names it',
    async (code) => {
      const { ids, omitted } = await run({ ticket: 'ok', note: code, call: 'ok' });
      expect(ids.sort()).toEqual(['call-1', 'ticket-1']);
      expect(omitted).toEqual([{ type: 'note', code }]);
    },
  );

  it('a type still running near the deadline is left out; the finished ones are answered', async () => {
    const { ids, omitted } = await run({ ticket: 'ok', note: 'hang', call: 'ok' }, { deadlineMs: 400 });
    expect(ids.sort()).toEqual(['call-1', 'ticket-1']);
    expect(omitted).toEqual([{ type: 'note', code: 'deadline_exceeded' }]);
  });

  it('refused credentials fail the whole answer, so Talkdesk refreshes the token', async () => {
    await expect(run({ ticket: 'ok', note: 'invalid_credentials', call: 'ok' })).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('every type failing is the first failure; every type too slow is the deadline', async () => {
    await expect(
      run({ ticket: 'rate_limited', note: 'upstream_unavailable', call: 'rate_limited' }),
    ).rejects.toMatchObject({
      code: 'rate_limited',
    });
    await expect(
      run({ ticket: 'hang', note: 'hang', call: 'hang' }, { deadlineMs: 300 }),
    ).rejects.toMatchObject({
      code: 'deadline_exceeded',
    });
  });

  it('turned off, any failing type fails the answer', async () => {
    await expect(
      run({ ticket: 'ok', note: 'upstream_unavailable', call: 'ok' }, { partialAnswers: false }),
    ).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
  });

  it('a complete answer reports nothing left out', async () => {
    const { ids, omitted } = await run({ ticket: 'ok', note: 'ok', call: 'ok' });
    expect(ids).toHaveLength(3);
    expect(omitted).toEqual([]);
  });
});
