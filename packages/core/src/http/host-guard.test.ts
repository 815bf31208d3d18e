import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { assertAllowedOrigin, hostMatches } from './host-guard.js';

const ZENDESK = ['*.zendesk.com'];

function refusal(candidate: string, patterns: readonly string[] = ZENDESK): BridgeError {
  try {
    assertAllowedOrigin(candidate, patterns);
  } catch (error) {
    if (!BridgeError.isInstance(error)) throw error;
    return error;
  }
  throw new Error(`expected ${candidate} to be refused`);
}

describe('assertAllowedOrigin', () => {
  it('allows a tenant subdomain of an allowed domain and returns the normalised origin', () => {
    expect(assertAllowedOrigin('https://acme.zendesk.com', ZENDESK)).toBe('https://acme.zendesk.com');
  });

  it('normalises case, a trailing slash, the default port and a trailing dot', () => {
    expect(assertAllowedOrigin('https://ACME.Zendesk.COM/', ZENDESK)).toBe('https://acme.zendesk.com');
    expect(assertAllowedOrigin('https://acme.zendesk.com:443', ZENDESK)).toBe('https://acme.zendesk.com');
    expect(assertAllowedOrigin('https://acme.zendesk.com.', ZENDESK)).toBe('https://acme.zendesk.com');
  });

  it('lets a wildcard match several labels (a Salesforce My Domain)', () => {
    expect(assertAllowedOrigin('https://acme.my.salesforce.com', ['*.salesforce.com'])).toBe(
      'https://acme.my.salesforce.com',
    );
  });

  it('tries every pattern', () => {
    const patterns = ['*.freshdesk.com', 'api.hubapi.com'];
    expect(assertAllowedOrigin('https://api.hubapi.com', patterns)).toBe('https://api.hubapi.com');
    expect(assertAllowedOrigin('https://acme.freshdesk.com', patterns)).toBe('https://acme.freshdesk.com');
  });

  it.each([
    ['plain http', 'http://acme.zendesk.com'],
    ['another scheme', 'ftp://acme.zendesk.com'],
    ['an IPv4 literal', 'https://127.0.0.1'],
    ['a private IPv4 literal', 'https://10.0.0.8'],
    ['an IPv4 written as a number', 'https://2130706433'],
    ['an IPv6 loopback literal', 'https://[::1]'],
    ['an IPv6 literal', 'https://[2001:db8::1]'],
    ['localhost', 'https://localhost'],
    ['a .localhost name', 'https://foo.localhost'],
    ['a single-label host', 'https://intranet'],
    ['user info', 'https://u:p@acme.zendesk.com'],
    ['a user name alone', 'https://u@acme.zendesk.com'],
    ['another port', 'https://acme.zendesk.com:8443'],
    ['a path', 'https://acme.zendesk.com/api/v2'],
    ['a query', 'https://acme.zendesk.com?x=1'],
    ['a fragment', 'https://acme.zendesk.com#top'],
    ['a lookalike with the allowed domain as a prefix', 'https://acme.zendesk.com.evil.com'],
    ['a lookalike ending with the domain name', 'https://evilzendesk.com'],
    ['the bare domain of a wildcard pattern', 'https://zendesk.com'],
    ['another domain', 'https://acme.freshdesk.com'],
    ['something that is not a URL', 'acme.zendesk.com'],
    ['an empty string', ''],
  ])('refuses %s (%s) with host_not_allowed', (_what, candidate) => {
    const error = refusal(candidate);
    expect(error.code).toBe('host_not_allowed');
    expect(error.message).not.toBe('');
  });

  it.each([
    ['a fragment', 'evil.com#'],
    ['a path', 'evil.com/'],
    ['a backslash (a path separator in https URLs)', 'evil.com\\'],
    ['user info', 'evil.com@acme'],
    ['user info with a port', 'evil.com:443@acme'],
    ['a query', 'evil.com?'],
    ['an IP with a fragment', '127.0.0.1#'],
  ])(
    'refuses a subdomain field holding %s (%s) injected into https://{subdomain}.zendesk.com',
    (_what, subdomain) => {
      expect(refusal(`https://${subdomain}.zendesk.com`).code).toBe('host_not_allowed');
    },
  );

  it('refuses everything when the connector declares no hosts', () => {
    expect(refusal('https://acme.zendesk.com', []).code).toBe('host_not_allowed');
  });

  it('matches an exact pattern exactly', () => {
    expect(refusal('https://eu.api.hubapi.com', ['api.hubapi.com']).code).toBe('host_not_allowed');
  });

  it('compares patterns case-insensitively', () => {
    expect(assertAllowedOrigin('https://acme.zendesk.com', ['*.ZenDesk.com'])).toBe(
      'https://acme.zendesk.com',
    );
  });
});

describe('hostMatches', () => {
  it('matches one or more labels before a wildcard suffix', () => {
    expect(hostMatches('acme.zendesk.com', '*.zendesk.com')).toBe(true);
    expect(hostMatches('acme.my.salesforce.com', '*.salesforce.com')).toBe(true);
    expect(hostMatches('a-1.b2.zendesk.com', '*.zendesk.com')).toBe(true);
  });

  it('does not match the bare domain, lookalikes or other domains', () => {
    expect(hostMatches('zendesk.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('evilzendesk.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('acme.zendesk.com.evil.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('acme.freshdesk.com', '*.zendesk.com')).toBe(false);
  });

  it('refuses prefixes that are not DNS labels', () => {
    expect(hostMatches('.zendesk.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('-acme.zendesk.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('acme-.zendesk.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('a..b.zendesk.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('evil.com/x.zendesk.com', '*.zendesk.com')).toBe(false);
    expect(hostMatches('u@acme.zendesk.com', '*.zendesk.com')).toBe(false);
  });

  it('matches a pattern without a wildcard only exactly', () => {
    expect(hostMatches('api.hubapi.com', 'api.hubapi.com')).toBe(true);
    expect(hostMatches('eu.api.hubapi.com', 'api.hubapi.com')).toBe(false);
    expect(hostMatches('api.hubapi.com.evil.com', 'api.hubapi.com')).toBe(false);
  });
});
