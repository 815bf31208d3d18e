import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { interactionRetrievalRequestSchema } from '../contract/interaction-retrieval.js';
import { BridgeError } from '../errors.js';
import { parseAuth, parseRequest, parseSettings } from './parse-request.js';

const connector = defineConnector({
  id: 'acme',
  displayName: 'Acme',
  description: 'A service used in tests.',
  auth: z.object({
    subdomain: z.string().regex(/^[a-z0-9-]+$/),
    email: z.string(),
    token: z.string().min(8),
  }),
  settings: z.object({ pageSize: z.number().int().max(100).optional() }),
  interactions: { ticket: async () => [] },
  findContacts: async () => [],
});

function thrown(fn: () => unknown): BridgeError {
  try {
    fn();
  } catch (error) {
    expect(BridgeError.isInstance(error)).toBe(true);
    return error as BridgeError;
  }
  throw new Error('expected a throw');
}

describe('parseRequest', () => {
  it('returns the parsed body', () => {
    const body = { auth: { a: 1 }, data: { contact_name: 'Jane' } };
    expect(parseRequest(interactionRetrievalRequestSchema, body)).toEqual(body);
  });

  it('throws invalid_request naming every failing path', () => {
    const error = thrown(() =>
      parseRequest(interactionRetrievalRequestSchema, { data: { contact_phones: [1] } }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth', 'data.contact_phones[0]']);
    expect(error.message).toMatch(/^auth: .* \(and 1 more\)$/);
  });
});

describe('parseAuth', () => {
  const valid = { subdomain: 'acme', email: 'agent@acme.com', token: 'tok_12345678' };

  it("returns the connector's parsed auth", () => {
    expect(parseAuth(connector, { ...valid, unused: 'x' })).toEqual(valid);
  });

  it('names the failing auth fields under auth., never their values', () => {
    const error = thrown(() =>
      parseAuth(connector, { subdomain: 'evil.com/x', email: 'agent@acme.com', token: 'short' }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.subdomain', 'auth.token']);
    const visible = `${error.message} ${JSON.stringify(error.issues)}`;
    for (const value of ['evil.com/x', 'agent@acme.com', 'short']) expect(visible).not.toContain(value);
  });

  it('reports a missing field', () => {
    const error = thrown(() => parseAuth(connector, { subdomain: 'acme', email: 'agent@acme.com' }));
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.token']);
  });
});

describe('parseSettings', () => {
  it('treats missing settings as none', () => {
    expect(parseSettings(connector, undefined)).toEqual({});
    expect(parseSettings(connector, null)).toEqual({});
  });

  it('returns the parsed settings with baseUrl', () => {
    expect(parseSettings(connector, { pageSize: 50, baseUrl: 'https://acme.example.com' })).toEqual({
      pageSize: 50,
      baseUrl: 'https://acme.example.com',
    });
  });

  it('throws invalid_request naming the connector and each option', () => {
    const error = thrown(() =>
      parseSettings(connector, { pageSize: 500, baseUrl: 'ftp://acme.example.com' }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('Invalid options for connector "acme"');
    expect(error.issues?.map((issue) => issue.path).sort()).toEqual(['options.baseUrl', 'options.pageSize']);
  });

  it('rejects unknown options', () => {
    const error = thrown(() => parseSettings(connector, { page_size: 50 }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('page_size');
  });
});
