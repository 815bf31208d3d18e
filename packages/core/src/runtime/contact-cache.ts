import { sleepUnlessAborted } from '../abortable-sleep.js';
import type { ContactLookup, ContactRef } from '../connector.js';
import type { RuntimeStateListener } from './runtime-events.js';
import { SingleFlight } from './single-flight.js';
import type { StateKeys } from './state-keys.js';

export const DEFAULT_CONTACT_TTL_MS = 60_000;
export const DEFAULT_NEGATIVE_CONTACT_TTL_MS = 10_000;
/** The longest TTL any integration may configure; a generation outlives every entry made before it. */
export const MAX_CONTACT_TTL_MS = 3_600_000;
/** A lookup that found more than fits here is not cached (a value is never allowed to grow unbounded). */
export const MAX_CACHED_CONTACTS_BYTES = 32 * 1024;
/** How long another instance's lookup of the same contact is waited for before doing it ourselves. */
export const CONTACT_CLAIM_MS = 2_000;
const CLAIM_POLL_MS = 25;

/**
 * Where cached resolutions live: process memory, or a store every instance shares. Implementations answer
 * from local state rather than throw when a shared store is away; the cache still treats a failure as a miss.
 */
export interface ContactCacheStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** The scope's current generation; `'0'` until the scope is first invalidated. */
  generation(scope: string): Promise<string>;
  /** Gives the scope a new generation, never used before, kept at least `ttlMs`. */
  renewGeneration(scope: string, ttlMs: number): Promise<void>;
  /**
   * Shared stores only: claims the right to compute `key` for `ttlMs`, so that other instances wait for its
   * result instead of making the same upstream calls. False when someone else holds the claim.
   */
  claim?(key: string, ttlMs: number): Promise<boolean>;
  release?(key: string): Promise<void>;
}

export interface ContactCacheOptions {
  store: ContactCacheStore;
  keys: StateKeys;
  /** How long a lookup that found contacts is kept. Default 60 s; 0 turns the cache off. */
  ttlMs?: number;
  /** How long a lookup that found nobody is kept (at most `ttlMs`). Default 10 s. */
  negativeTtlMs?: number;
  onEvent?: RuntimeStateListener;
  /** Waits between polls for another instance's result; tests pass their own. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Whose lookup this is: the cache never shares an entry across integrations or credentials. */
export interface ContactCacheScope {
  integrationId: string;
  /** From `StateKeys.credentialIdentity(auth)`. */
  credentialIdentity: string;
  /** This integration's TTL, replacing the cache's default; 0 turns caching off for it. */
  ttlMs?: number;
  signal?: AbortSignal;
}

/**
 * The contact-resolution cache: what one lookup step (external id, emails or phones) found, as the
 * connector's contact references, for a short TTL; a lookup that found nobody for a shorter one. Identical
 * lookups in flight share one run.
 *
 * Invalidation is by generation, per integration and credentials: an action that may create or change a
 * contact renews the scope's generation, and since the generation is part of every key, every entry made
 * before it becomes unreachable at once (and expires by its TTL). A reverse index from contact to keys could
 * not do this: a newly created contact is in no entry yet, but a cached "nobody found" for its email is
 * stale; and a changed email moves a contact between lookups. Actions are rare next to views, so dropping
 * the scope's few entries costs little. Generations are random, so an expired one is never reused.
 */
export class ContactCache {
  readonly #store: ContactCacheStore;
  readonly #keys: StateKeys;
  readonly #ttlMs: number;
  readonly #negativeTtlMs: number;
  readonly #onEvent: RuntimeStateListener;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #flights = new SingleFlight();

  constructor(options: ContactCacheOptions) {
    this.#store = options.store;
    this.#keys = options.keys;
    this.#ttlMs = clampTtl(options.ttlMs ?? DEFAULT_CONTACT_TTL_MS);
    this.#negativeTtlMs = clampTtl(options.negativeTtlMs ?? DEFAULT_NEGATIVE_CONTACT_TTL_MS);
    this.#onEvent = options.onEvent ?? (() => {});
    this.#sleep = options.sleep ?? sleepUnlessAborted;
  }

  /** The lookup's contacts: from the cache, from the same lookup in flight, or from `find`. */
  async resolve<T extends ContactRef>(
    scope: ContactCacheScope,
    lookup: ContactLookup,
    find: () => Promise<T[]>,
  ): Promise<T[]> {
    const ttlMs = clampTtl(scope.ttlMs ?? this.#ttlMs);
    if (ttlMs === 0) return find();
    const key = await this.keyOf(scope, lookup);
    // Without the scope's generation an entry could outlive an invalidation: do not cache at all.
    if (key === undefined) return find();
    return this.#flights.run(
      key,
      async () => {
        const cached = await this.#read<T>(key);
        if (cached) {
          this.#onEvent({
            type: 'contact_cache',
            outcome: 'hit',
            integrationId: scope.integrationId,
            found: cached.length > 0,
          });
          return cached;
        }
        this.#onEvent({
          type: 'contact_cache',
          outcome: 'miss',
          integrationId: scope.integrationId,
          found: false,
        });
        const fromElsewhere = await this.#awaitOtherInstance<T>(key, scope);
        if (fromElsewhere) return fromElsewhere;
        try {
          const found = await find();
          await this.#write(key, found, found.length > 0 ? ttlMs : Math.min(this.#negativeTtlMs, ttlMs));
          return found;
        } finally {
          await this.#store.release?.(key).catch(() => {});
        }
      },
      () => this.#onEvent({ type: 'coalesced', what: 'contact_lookup', integrationId: scope.integrationId }),
    );
  }

  /** Drops every entry of this integration and credentials (see the class comment for why all of them). */
  async invalidate(scope: Pick<ContactCacheScope, 'integrationId' | 'credentialIdentity'>): Promise<void> {
    const scopeKey = this.#keys.scope(scope.integrationId, scope.credentialIdentity);
    try {
      await this.#store.renewGeneration(scopeKey, MAX_CONTACT_TTL_MS);
    } catch {
      // A store that cannot renew has failed over to local state, which renews in its own right.
    }
  }

  /** The entry's key: an HMAC of the scope, its generation, the lookup kind and its normalised values. */
  async keyOf(scope: ContactCacheScope, lookup: ContactLookup): Promise<string | undefined> {
    const scopeKey = this.#keys.scope(scope.integrationId, scope.credentialIdentity);
    const generation = await this.#store.generation(scopeKey).catch(() => undefined);
    if (generation === undefined) return undefined;
    return this.#keys.derive('contact', [scopeKey, generation, ...lookupParts(lookup)]);
  }

  async #read<T extends ContactRef>(key: string): Promise<T[] | undefined> {
    let text: string | undefined;
    try {
      text = await this.#store.get(key);
    } catch {
      return undefined;
    }
    if (text === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      // Our own writes only, but a shared store is still outside the process: check the shape.
      if (Array.isArray(value) && value.every(isContactRef)) return value as T[];
    } catch {
      // An unreadable entry is a miss; the write that follows replaces it.
    }
    return undefined;
  }

  async #write(key: string, contacts: ContactRef[], ttlMs: number): Promise<void> {
    const text = JSON.stringify(contacts);
    if (Buffer.byteLength(text) > MAX_CACHED_CONTACTS_BYTES) return;
    await this.#store.set(key, text, ttlMs).catch(() => {});
  }

  /**
   * When the store is shared and another instance is already looking this up, waits (briefly, within the
   * caller's deadline) for its result instead of repeating its upstream calls. Undefined: do it ourselves.
   */
  async #awaitOtherInstance<T extends ContactRef>(
    key: string,
    scope: ContactCacheScope,
  ): Promise<T[] | undefined> {
    if (!this.#store.claim) return undefined;
    const claimed = await this.#store.claim(key, CONTACT_CLAIM_MS).catch(() => true);
    if (claimed) return undefined;
    for (let waited = 0; waited < CONTACT_CLAIM_MS && !scope.signal?.aborted; waited += CLAIM_POLL_MS) {
      await this.#sleep(CLAIM_POLL_MS, scope.signal);
      const cached = await this.#read<T>(key);
      if (cached) {
        this.#onEvent({ type: 'coalesced', what: 'contact_lookup', integrationId: scope.integrationId });
        return cached;
      }
    }
    return undefined;
  }
}

/** What tells one lookup from another: its kind and its values in a fixed order. */
export function lookupParts(lookup: ContactLookup): string[] {
  if (lookup.by === 'externalId') return ['externalId', lookup.externalId];
  if (lookup.by === 'email') return ['email', ...[...lookup.emails].sort()];
  return ['phone', ...[...lookup.phones].sort()];
}

function isContactRef(value: unknown): value is ContactRef {
  return typeof value === 'object' && value !== null && typeof (value as ContactRef).id === 'string';
}

function clampTtl(ttlMs: number): number {
  return Math.max(0, Math.min(MAX_CONTACT_TTL_MS, Math.floor(ttlMs)));
}
