import { describe, expect, it } from 'vitest';
import { actionExecutionRequestSchema, actionExecutionResponseSchema } from './action-execution.js';

/** talkdesk-bridge-spec/action-execution.md, request example, verbatim. */
const specRequest = {
  auth: {
    username: 'john.doe@example.com',
    password: '605b32dd',
  },
  meta: {
    contact_external_id: '1',
    agent_external_id: '2',
  },
  data: {
    subject: 'Call missed in Talkdesk',
    description: 'A call from Jane Doe was missed.',
  },
};

describe('actionExecutionRequestSchema', () => {
  it('parses the spec example unchanged', () => {
    const result = actionExecutionRequestSchema.safeParse(specRequest);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specRequest);
  });

  it('keeps every data field whatever its type', () => {
    const data = { subject: 'x', count: 3, tags: ['a'], nested: { ok: true }, nothing: null };
    expect(actionExecutionRequestSchema.parse({ ...specRequest, data }).data).toEqual(data);
  });

  it('defaults a missing data to an empty object and accepts a missing meta', () => {
    const result = actionExecutionRequestSchema.parse({ auth: specRequest.auth });
    expect(result.data).toEqual({});
    expect(result.meta).toBeUndefined();
  });

  it('accepts null or missing meta ids (an action outside a contact scope)', () => {
    const result = actionExecutionRequestSchema.safeParse({
      ...specRequest,
      meta: { contact_external_id: null },
    });
    expect(result.success).toBe(true);
  });

  it('rejects a numeric contact_external_id at meta.contact_external_id', () => {
    const result = actionExecutionRequestSchema.safeParse({
      ...specRequest,
      meta: { contact_external_id: 1 },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['meta', 'contact_external_id']]);
  });

  it('rejects data that is not an object', () => {
    const result = actionExecutionRequestSchema.safeParse({ ...specRequest, data: 'subject' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['data']]);
  });
});

describe('actionExecutionResponseSchema', () => {
  it('accepts the fields the spec lists, all optional', () => {
    const created = {
      message: 'Case successfully created',
      external_id: '4711',
      contact_external_id: '1',
      contact_external_type: 'lead',
      contact_external_url: 'http://example.com/users/1/',
    };
    expect(actionExecutionResponseSchema.parse(created)).toEqual(created);
    expect(actionExecutionResponseSchema.parse({})).toEqual({});
    expect(
      actionExecutionResponseSchema.safeParse({ message: 'Case creation failed, reason: x' }).success,
    ).toBe(true);
  });

  it('rejects a numeric external_id', () => {
    const result = actionExecutionResponseSchema.safeParse({ external_id: 4711 });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['external_id']]);
  });
});
