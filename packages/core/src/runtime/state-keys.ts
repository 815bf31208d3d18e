import { createHmac, createSecretKey, hash, randomBytes } from 'node:crypto';

/** Shortest configured secret accepted: an HMAC key must not be guessable. */
export const MIN_STATE_SECRET_LENGTH = 32;

/**
 * Derives every key the runtime state stores under. Each key is an HMAC-SHA256 of its parts under a secret
 * that never leaves the process, so a key holds no credential, email or phone number, nothing in it can be
 * reversed by guessing emails, and one tenant's parts can never produce another tenant's key.
 */
export interface StateKeys {
  /**
   * Who the credentials are, without the credentials: a SHA-256 of the parsed auth fields in a canonical
   * order. Only ever used as an input of another key, never stored on its own.
   */
  credentialIdentity(auth: unknown): string;
  /** The key of one integration's one set of credentials: its generation counter lives under it. */
  scope(integrationId: string, credentialIdentity: string): string;
  /** Any other key: `kind` names the family (`contact`, `budget`), `parts` what sets it apart. */
  derive(kind: string, parts: readonly unknown[]): string;
}

/** Kinds whose keys are remembered once derived (see `createStateKeys`). */
const REMEMBERED_KINDS: ReadonlySet<string> = new Set(['scope', 'budget']);
/** Remembered keys at most, per process: a few per integration and account. */
export const MAX_REMEMBERED_KEYS = 10_000;

/**
 * `secret` is the operator's (every instance sharing a Redis must have the same one); without it a random
 * per-process secret is used, which is all a single instance with memory state needs.
 */
export function createStateKeys(secret?: string): StateKeys {
  if (secret !== undefined && secret.length < MIN_STATE_SECRET_LENGTH) {
    throw new TypeError(`The runtime state secret must be at least ${MIN_STATE_SECRET_LENGTH} characters`);
  }
  // A key object made once: an HMAC given the secret as a string prepares a key from it on every call.
  const key = createSecretKey(Buffer.from(secret ?? randomBytes(32).toString('hex'), 'utf8'));
  const hmac = (input: string) => createHmac('sha256', key).update(input).digest('base64url');
  // Keys of these kinds are derived from configuration and a credential identity only (never an email, a
  // phone or a raw credential), and derived again and again: every request its scope, every upstream call
  // one budget key per budget it draws from. Remembered, in a map that starts over when full.
  const remembered = new Map<string, string>();
  const derive = (kind: string, parts: readonly unknown[]) => {
    // The parts as one JSON array: no two different part lists serialise alike.
    const input = JSON.stringify([kind, ...parts]);
    if (!REMEMBERED_KINDS.has(kind)) return `${kind}:${hmac(input)}`;
    let derived = remembered.get(input);
    if (derived === undefined) {
      derived = `${kind}:${hmac(input)}`;
      if (remembered.size >= MAX_REMEMBERED_KEYS) remembered.clear();
      remembered.set(input, derived);
    }
    return derived;
  };
  // One request asks for its credentials' identity several times (retrieval key, contact cache, budgets),
  // always with the same parsed auth object: hash it once per object.
  const identities = new WeakMap<object, string>();
  const credentialIdentity = (auth: unknown) => {
    const remembered = auth !== null && typeof auth === 'object' ? identities.get(auth) : undefined;
    if (remembered !== undefined) return remembered;
    // One-shot SHA-256 (Node ≥ 20.12): the same digest without a Hash object per request.
    const identity = hash('sha256', canonicalJson(auth), 'base64url');
    if (auth !== null && typeof auth === 'object') identities.set(auth, identity);
    return identity;
  };
  return {
    credentialIdentity,
    scope: (integrationId, credentialIdentity) => derive('scope', [integrationId, credentialIdentity]),
    derive,
  };
}

/** JSON with object keys sorted at every level, so equal auth fields give one identity whatever their order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((name) => [name, sortKeys((value as Record<string, unknown>)[name])]),
    );
  }
  return value;
}
