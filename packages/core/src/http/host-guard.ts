import { isIP } from 'node:net';
import { BridgeError } from '../errors.js';

/**
 * Checks an origin built from request data (a tenant subdomain, an instance URL) before any connection is
 * made: https only, no user info, no path, no port but 443, a dotted DNS name (no IP literal, no
 * localhost, no single label) matching one of the connector's patterns. `*.zendesk.com` matches one or more
 * labels before `.zendesk.com`; a pattern without `*` matches that host exactly. Returns the normalised
 * origin (`https://acme.zendesk.com`).
 */
export function assertAllowedOrigin(candidate: string, patterns: readonly string[]): string {
  const refuse = (why: string) =>
    new BridgeError('host_not_allowed', `The service address from the auth fields is not allowed: ${why}`);
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw refuse('it is not a URL');
  }
  if (url.protocol !== 'https:') throw refuse('only https is allowed');
  if (url.username !== '' || url.password !== '') throw refuse('user info is not allowed');
  if (url.port !== '' && url.port !== '443') throw refuse('only the default https port is allowed');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw refuse('only an origin (scheme and host) is allowed');
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (isIP(host.replace(/^\[|\]$/g, '')) !== 0) throw refuse('IP addresses are not allowed');
  if (!host.includes('.') || host === 'localhost' || host.endsWith('.localhost')) {
    throw refuse('local and single-label host names are not allowed');
  }
  if (!patterns.some((pattern) => hostMatches(host, pattern.toLowerCase()))) {
    throw refuse(`the host must match ${patterns.join(' or ')}`);
  }
  return `https://${host}`;
}

export function hostMatches(host: string, pattern: string): boolean {
  if (!pattern.startsWith('*.')) return host === pattern;
  const suffix = pattern.slice(1); // ".zendesk.com"
  const prefix = host.slice(0, host.length - suffix.length);
  return host.endsWith(suffix) && prefix.split('.').every(isDnsLabel);
}

/** 1–63 letters, digits and inner hyphens. Checked label by label: no regex backtracks over the name. */
function isDnsLabel(label: string): boolean {
  return (
    label.length > 0 &&
    label.length <= 63 &&
    /^[a-z0-9-]+$/.test(label) &&
    !label.startsWith('-') &&
    !label.endsWith('-')
  );
}
