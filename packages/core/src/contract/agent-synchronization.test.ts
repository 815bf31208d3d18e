import { describe, expect, it } from 'vitest';
import {
  agentSynchronizationRequestSchema,
  agentSynchronizationResponseSchema,
} from './agent-synchronization.js';

/** talkdesk-bridge-spec/agent-synchronization.md, request example, verbatim. */
const specRequest = {
  auth: {
    username: 'john.doe@example.com',
    password: '605b32dd',
  },
};

/** talkdesk-bridge-spec/agent-synchronization.md, response example, verbatim: its id is a number. */
const specResponse = {
  agents: [
    {
      id: 341231,
      name: 'John Doe',
      email: 'john.doe@unkn.own',
    },
  ],
};

describe('agentSynchronizationRequestSchema', () => {
  it('parses the spec example unchanged', () => {
    const result = agentSynchronizationRequestSchema.safeParse(specRequest);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specRequest);
  });

  it('accepts a paging offset, and a null one', () => {
    expect(agentSynchronizationRequestSchema.parse({ ...specRequest, meta: { offset: '2' } }).meta).toEqual({
      offset: '2',
    });
    expect(
      agentSynchronizationRequestSchema.safeParse({ ...specRequest, meta: { offset: null } }).success,
    ).toBe(true);
  });

  it('rejects a missing auth', () => {
    const result = agentSynchronizationRequestSchema.safeParse({});
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['auth']]);
  });
});

describe('agentSynchronizationResponseSchema', () => {
  it('accepts the spec example with its id as a string', () => {
    const asStrings = { agents: specResponse.agents.map((agent) => ({ ...agent, id: String(agent.id) })) };
    const result = agentSynchronizationResponseSchema.safeParse(asStrings);
    expect(result.success).toBe(true);
    expect(result.data).toEqual({ agents: [{ id: '341231', name: 'John Doe', email: 'john.doe@unkn.own' }] });
  });

  it('rejects the numeric id of the spec example: bridges answer strings', () => {
    const result = agentSynchronizationResponseSchema.safeParse(specResponse);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['agents', 0, 'id']]);
  });

  it('accepts next_offset and an empty list', () => {
    expect(agentSynchronizationResponseSchema.safeParse({ agents: [], next_offset: '2' }).success).toBe(true);
  });

  it('requires agents, and id, name and email on each agent', () => {
    expect(agentSynchronizationResponseSchema.safeParse({}).success).toBe(false);
    const result = agentSynchronizationResponseSchema.safeParse({ agents: [{ id: '', name: 'A' }] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['agents', 0, 'id'],
      ['agents', 0, 'email'],
    ]);
  });
});
