import { describe, expect, it } from 'vitest';
import { path, templateOf } from './url-path.js';

describe('path', () => {
  it('interpolates values and keeps the template without them', () => {
    expect(path`/users/${42}/tickets/requested.json`).toEqual({
      path: '/users/42/tickets/requested.json',
      template: '/users/{}/tickets/requested.json',
    });
  });

  it('handles several values, and values at the start and end', () => {
    expect(path`${'a'}/x/${'b'}`).toEqual({ path: 'a/x/b', template: '{}/x/{}' });
    expect(path`/static`).toEqual({ path: '/static', template: '/static' });
  });

  it('percent-encodes each value as one segment: no slash, query or fragment can be added', () => {
    expect(path`/users/${'a/../b'}`.path).toBe('/users/a%2F..%2Fb');
    expect(path`/users/${'x?admin=1'}`.path).toBe('/users/x%3Fadmin%3D1');
    expect(path`/users/${'x#y'}`.path).toBe('/users/x%23y');
    expect(path`/users/${'jane@example.com'}`.path).toBe('/users/jane%40example.com');
    expect(path`/search/${'a b&c'}`.path).toBe('/search/a%20b%26c');
  });

  it('keeps the template free of the values', () => {
    expect(path`/users/${'secret-id'}/tickets`.template).toBe('/users/{}/tickets');
  });
});

describe('templateOf', () => {
  it('replaces id-like segments and drops the query string', () => {
    expect(templateOf('/users/12345/tickets.json?page=2&api_token=abc')).toBe('/users/{}/tickets.json');
  });

  it('replaces emails (plain or encoded) and long opaque tokens', () => {
    expect(templateOf('/contacts/jane@example.com')).toBe('/contacts/{}');
    expect(templateOf('/contacts/jane%40example.com')).toBe('/contacts/{}');
    expect(templateOf('/objects/abcdefghijklmnopqrstuvwxyz')).toBe('/objects/{}');
  });

  it('keeps ordinary words', () => {
    expect(templateOf('/api/search')).toBe('/api/search');
  });
});
