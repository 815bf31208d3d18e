import { describe, expect, it } from 'vitest';
import { canonicalJson, createStateKeys, MAX_REMEMBERED_KEYS } from './state-keys.js';

const SECRET = 'k'.repeat(40);

describe('createStateKeys', () => {
  it('gives one identity for the same auth fields in any order, and different ones otherwise', () => {
    const keys = createStateKeys(SECRET);
    const a = keys.credentialIdentity({ subdomain: 'acme', token: 'secret-1', email: 'ops@acme.test' });
    const b = keys.credentialIdentity({ email: 'ops@acme.test', token: 'secret-1', subdomain: 'acme' });
    expect(a).toBe(b);
    expect(
      keys.credentialIdentity({ subdomain: 'acme', token: 'secret-2', email: 'ops@acme.test' }),
    ).not.toBe(a);
    expect(a).not.toContain('secret-1');
  });

  it('holds no input in a key, and the same parts under another secret give another key', () => {
    const keys = createStateKeys(SECRET);
    const identity = keys.credentialIdentity({ token: 'tok_live_abc' });
    const scope = keys.scope('zendesk-acme', identity);
    const key = keys.derive('contact', [scope, '0', 'email', 'jane.doe@example.com']);
    for (const text of ['zendesk-acme', 'jane', 'example.com', 'tok_live_abc', identity]) {
      expect(key).not.toContain(text);
      expect(scope).not.toContain(text);
    }
    expect(key).toMatch(/^contact:[\w-]{43}$/);
    expect(
      createStateKeys('x'.repeat(40)).derive('contact', [scope, '0', 'email', 'jane.doe@example.com']),
    ).not.toBe(key);
    expect(keys.derive('contact', [scope, '0', 'email', 'jane.doe@example.com'])).toBe(key);
  });

  it('keeps part lists that concatenate alike apart', () => {
    const keys = createStateKeys(SECRET);
    expect(keys.derive('contact', ['ab', 'c'])).not.toBe(keys.derive('contact', ['a', 'bc']));
    expect(keys.scope('a', 'bc')).not.toBe(keys.scope('ab', 'c'));
  });

  it('derives the same keys as before (instances of two versions share one Redis)', () => {
    // HMAC-SHA256 under the secret's UTF-8 bytes, of the kind and parts as one JSON array.
    const keys = createStateKeys(SECRET);
    expect(keys.derive('contact', ['s', '0', 'email', 'jane@example.com'])).toBe(
      'contact:sByUN-vSwfeVAvbZIP0ACMm7tNB7F-4FCYHGs99qygc',
    );
    expect(keys.scope('zendesk-acme', 'id-1')).toBe('scope:TYHQK3xzoSsTH1hCQ_HhRpe-3BVoZf1JLyisCtEsBe4');
    // SHA-256 of the canonical JSON of the auth fields.
    expect(keys.credentialIdentity({ b: 'y', a: 'x' })).toBe('koA4jWKfsGUP-O5GE5z5wNDcC6UATmjpZRYtbfNY7aM');
  });

  it('remembers scope and budget keys as derived, past the point where it starts over', () => {
    const keys = createStateKeys(SECRET);
    const count = MAX_REMEMBERED_KEYS + 50;
    const scopes = Array.from({ length: count }, (_, index) => keys.scope(`integration-${index}`, 'id'));
    const budgets = Array.from({ length: count }, (_, index) =>
      keys.derive('budget', ['freshdesk', `account-${index}`, 'general', 50, 60_000]),
    );
    // Asked again (from memory or derived anew), and by a fresh instance under the same secret: the same.
    const fresh = createStateKeys(SECRET);
    for (const index of [0, 1, count - 51, count - 1]) {
      expect(keys.scope(`integration-${index}`, 'id')).toBe(scopes[index]);
      expect(fresh.scope(`integration-${index}`, 'id')).toBe(scopes[index]);
      const parts = ['freshdesk', `account-${index}`, 'general', 50, 60_000];
      expect(keys.derive('budget', parts)).toBe(budgets[index]);
      expect(fresh.derive('budget', parts)).toBe(budgets[index]);
    }
    expect(new Set(scopes).size).toBe(count);
    expect(keys.scope('integration-0', 'other-id')).not.toBe(scopes[0]);
  });

  it('uses a random secret per process when none is configured', () => {
    expect(createStateKeys().derive('x', [1])).not.toBe(createStateKeys().derive('x', [1]));
  });

  it('refuses a short configured secret', () => {
    expect(() => createStateKeys('short')).toThrow(/at least 32 characters/);
  });

  it('sorts object keys at every level in canonical JSON', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ f: 1, e: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[{"e":2,"f":1}]},"b":1}',
    );
  });
});
