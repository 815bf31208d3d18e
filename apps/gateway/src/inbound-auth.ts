import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BridgeError } from '@talkbridge/core';
import type { MiddlewareHandler } from 'hono';
import proxyAddr from 'proxy-addr';
import { z } from 'zod';

/**
 * Who may call the gateway: inbound tokens (gateway-wide from TALKBRIDGE_INBOUND_TOKENS, per integration from
 * the config file) and, optionally, the client networks calls may come from.
 */

/**
 * Paths anyone may call, without a token and from any network. `*` stands for one path segment. The logo is
 * open because its URL is shown in browsers and must not carry a token; probes cannot carry one either.
 */
export const OPEN_PATHS: readonly string[] = [
  '/healthz',
  '/integrations/*/logo.svg',
  // Probes, the API description and its page. `/metrics` has a token of its own (METRICS_TOKEN).
  '/readyz',
  '/metrics',
  '/openapi.json',
  '/docs',
  '/docs/*',
];

/** The environment variable holding the gateway-wide tokens, comma-separated. */
export const INBOUND_TOKENS_ENV = 'TALKBRIDGE_INBOUND_TOKENS';

/** URL-safe characters only: the token travels unchanged in the `?token=` of Talkdesk's endpoint URLs. */
const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{16,256}$/;
const TOKEN_RULE = 'expected 16–256 URL-safe characters (letters, digits, ".", "_", "~", "-")';
export const inboundTokenSchema = z.string().regex(TOKEN_PATTERN, { error: TOKEN_RULE });

/** A client network: an address or a CIDR range, as proxy-addr reads it. */
const networkSchema = z.string().refine(
  (value) => {
    try {
      proxyAddr.compile(value);
      return true;
    } catch {
      return false;
    }
  },
  { error: 'expected an IP address or a CIDR range such as 10.0.0.0/8 or fd00::/8' },
);

/** `inboundAuth` in the config file. */
export const inboundAuthConfigSchema = z.strictObject({
  /**
   * With a config file the gateway refuses to start while an integration has no inbound token; `false` says
   * explicitly that integrations without one are served to anyone.
   */
  required: z.boolean().default(true),
  /** When set, only clients from these networks may call (everything but the open paths). */
  allowedNetworks: z.array(networkSchema).min(1).max(256).optional(),
  /** Proxies whose `X-Forwarded-For` is believed; from anyone else the header is ignored. */
  trustedProxies: z.array(networkSchema).max(256).default([]),
});

export interface InboundAuthSettings {
  required: boolean;
  /** Gateway-wide tokens, valid for every integration (TALKBRIDGE_INBOUND_TOKENS). */
  tokens: readonly string[];
  allowedNetworks?: readonly string[];
  trustedProxies: readonly string[];
}

/** What the gateway needs of an integration to decide who may call it. */
interface Reachable {
  id: string;
  inboundTokens?: readonly string[];
}

/**
 * The gateway-wide tokens of TALKBRIDGE_INBOUND_TOKENS. A malformed token is named by its position, never
 * by its value.
 */
export function inboundTokensFromEnvironment(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  const tokens = value.split(',').map((token) => token.trim());
  tokens.forEach((token, index) => {
    if (!TOKEN_PATTERN.test(token)) {
      throw new InboundAuthConfigError(
        `${INBOUND_TOKENS_ENV}: token ${index + 1} of ${tokens.length} is invalid: ${TOKEN_RULE}`,
      );
    }
  });
  return tokens;
}

export class InboundAuthConfigError extends Error {
  override name = 'InboundAuthConfigError';
}

/** The integrations anyone may call: no token of their own and no gateway-wide token. */
export function integrationsWithoutToken(
  integrations: Iterable<Reachable>,
  settings: InboundAuthSettings | undefined,
): string[] {
  if ((settings?.tokens.length ?? 0) > 0) return [];
  return [...integrations]
    .filter((integration) => (integration.inboundTokens?.length ?? 0) === 0)
    .map((integration) => integration.id);
}

type Digest = Buffer;
const digestOf = (token: string): Digest => createHash('sha256').update(token).digest();

/**
 * True when one of the presented digests equals one of the valid ones. Every pair is compared, in constant
 * time, with no early exit: the answer's timing says nothing about which token came close.
 */
function matchesAny(presented: readonly Digest[], valid: readonly Digest[]): boolean {
  let matched = false;
  for (const candidate of presented) {
    for (const digest of valid) {
      const equal = timingSafeEqual(candidate, digest);
      matched = equal || matched;
    }
  }
  return matched;
}

/** The tokens a request presents: `Authorization: Bearer <token>` and the `token` query parameter. */
function presentedDigests(authorization: string | undefined, queryToken: string | undefined): Digest[] {
  const presented: string[] = [];
  if (authorization && authorization.slice(0, 7).toLowerCase() === 'bearer ') {
    presented.push(authorization.slice(7).trim());
  }
  if (queryToken !== undefined) presented.push(queryToken);
  // A string that cannot be a token is not hashed: it could only fail.
  return presented.filter((token) => TOKEN_PATTERN.test(token)).map(digestOf);
}

/** OPEN_PATHS split into segments once, not on every request. */
const OPEN_PATH_SEGMENTS = OPEN_PATHS.map((pattern) => pattern.split('/'));

function isOpenPath(path: string): boolean {
  const segments = path.split('/');
  return OPEN_PATH_SEGMENTS.some((expected) => {
    return (
      expected.length === segments.length &&
      expected.every((segment, index) => segment === '*' || segment === segments[index])
    );
  });
}

/** Which integrations the current caller may reach; set on every request by the inbound-auth middleware. */
export type CanReach = (integrationId: string) => boolean;

export function callerNotAllowed(): BridgeError {
  return new BridgeError(
    'caller_not_allowed',
    'This gateway needs a valid inbound token: send "Authorization: Bearer <token>" or "?token=<token>"',
  );
}

/**
 * The middleware that decides who may call. It refuses a caller from a network outside `allowedNetworks`,
 * and a caller whose token opens no integration at all (lists, unknown ids and unknown routes included);
 * it leaves `canReach` on the context for the routes of one integration to check that integration.
 */
export function inboundAuth(
  integrations: Iterable<Reachable>,
  settings: InboundAuthSettings | undefined,
): MiddlewareHandler<{ Variables: { canReach: CanReach } }> {
  const gatewayDigests = (settings?.tokens ?? []).map(digestOf);
  const digestsByIntegration = new Map<string, Digest[]>();
  for (const integration of integrations) {
    digestsByIntegration.set(integration.id, [
      ...gatewayDigests,
      ...(integration.inboundTokens ?? []).map(digestOf),
    ]);
  }
  const everyDigest = [...gatewayDigests, ...[...digestsByIntegration.values()].flat()];
  const somethingIsOpen =
    digestsByIntegration.size === 0
      ? gatewayDigests.length === 0
      : [...digestsByIntegration.values()].some((digests) => digests.length === 0);
  const isAllowedNetwork = settings?.allowedNetworks
    ? proxyAddr.compile([...settings.allowedNetworks])
    : undefined;
  const isTrustedProxy = proxyAddr.compile([...(settings?.trustedProxies ?? [])]);

  return async (c, next) => {
    let presented: Digest[] | undefined;
    const presentedTokens = () => {
      presented ??= presentedDigests(c.req.header('authorization'), c.req.query('token'));
      return presented;
    };
    const canReach: CanReach = (integrationId) => {
      const valid = digestsByIntegration.get(integrationId) ?? [];
      return valid.length === 0 || matchesAny(presentedTokens(), valid);
    };
    c.set('canReach', canReach);
    if (isOpenPath(c.req.path)) return next();

    if (isAllowedNetwork) {
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      // Without a socket (an in-process request) there is no address to allow.
      const client = incoming?.socket ? proxyAddr(incoming, isTrustedProxy) : undefined;
      if (client === undefined || !isAllowedNetwork(client, 0)) {
        throw new BridgeError('caller_not_allowed', 'Calls from this network are not allowed');
      }
    }
    if (!somethingIsOpen && !matchesAny(presentedTokens(), everyDigest)) throw callerNotAllowed();
    return next();
  };
}
