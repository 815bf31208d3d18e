import { describe, expect, it } from 'vitest';
import { authValidationRequestSchema, authValidationResponseSchema } from './auth-validation.js';

/** talkdesk-bridge-spec/auth-validation.md, request example, verbatim. */
const specRequest = {
  auth: {
    username: 'john.doe@example.com',
    password: '605b32dd',
  },
};

describe('authValidationRequestSchema', () => {
  it('parses the spec example unchanged', () => {
    const result = authValidationRequestSchema.safeParse(specRequest);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specRequest);
  });

  it('ignores unknown top-level fields', () => {
    const result = authValidationRequestSchema.safeParse({ ...specRequest, meta: { anything: 1 } });
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specRequest);
  });

  it('requires auth to be an object', () => {
    for (const body of [{}, { auth: 'x' }, { auth: null }, { auth: ['a'] }]) {
      const result = authValidationRequestSchema.safeParse(body);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path)).toEqual([['auth']]);
    }
  });
});

describe('authValidationResponseSchema', () => {
  it('accepts an empty object and string fields for Talkdesk to store', () => {
    expect(authValidationResponseSchema.safeParse({}).success).toBe(true);
    expect(authValidationResponseSchema.parse({ access_token: 'abc', instance_url: 'https://x' })).toEqual({
      access_token: 'abc',
      instance_url: 'https://x',
    });
  });

  it('rejects non-string values with the key as path', () => {
    const result = authValidationResponseSchema.safeParse({ access_token: 'abc', expires_in: 3600 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['expires_in']]);
  });
});
