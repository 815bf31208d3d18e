import { describe, expect, it } from 'vitest';
import { applyAuth, encodedSecretsOf, type HttpAuth } from './http-auth.js';

function applied(auth: HttpAuth) {
  const headers = new Headers({ accept: 'application/json' });
  const query = new URLSearchParams('page=2');
  applyAuth(auth, headers, query);
  return { headers, query };
}

describe('applyAuth', () => {
  it('sends basic credentials as Basic base64(user:pass)', () => {
    const { headers, query } = applied({ type: 'basic', username: 'jane@example.com', password: 's3cret!' });
    expect(headers.get('authorization')).toBe('Basic amFuZUBleGFtcGxlLmNvbTpzM2NyZXQh');
    expect(query.toString()).toBe('page=2');
  });

  it('sends a bearer token', () => {
    expect(applied({ type: 'bearer', token: 'tok-1' }).headers.get('authorization')).toBe('Bearer tok-1');
  });

  it('sends any header', () => {
    const { headers } = applied({ type: 'header', name: 'Authorization', value: 'Zoho-oauthtoken 1000.abc' });
    expect(headers.get('authorization')).toBe('Zoho-oauthtoken 1000.abc');
  });

  it('sends a query parameter, replacing one of the same name', () => {
    const { headers, query } = applied({ type: 'query', name: 'page', value: 'tok' });
    expect(query.getAll('page')).toEqual(['tok']);
    expect(headers.has('authorization')).toBe(false);
  });

  it('adds nothing for none', () => {
    const { headers, query } = applied({ type: 'none' });
    expect([...headers.keys()]).toEqual(['accept']);
    expect(query.toString()).toBe('page=2');
  });
});

describe('encodedSecretsOf', () => {
  it('lists the base64 form of basic credentials', () => {
    expect(encodedSecretsOf({ type: 'basic', username: 'jane@example.com', password: 's3cret!' })).toEqual([
      'amFuZUBleGFtcGxlLmNvbTpzM2NyZXQh',
    ]);
  });

  it('lists nothing for credentials that travel as they are', () => {
    expect(encodedSecretsOf({ type: 'bearer', token: 't' })).toEqual([]);
    expect(encodedSecretsOf({ type: 'query', name: 'api_token', value: 't' })).toEqual([]);
  });
});
