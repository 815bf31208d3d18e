import {
  type AnyConnector,
  type Interaction,
  type RetrieveInteractionsOptions,
  type RetryPolicy,
  retrieveInteractions,
} from '@talkbridge/core';
import { decodeSyncOffset, encodeSyncOffset } from '@talkbridge/core/internal';
import { z } from 'zod';

/** Retries that keep a test fast: three attempts, a few milliseconds apart. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

export interface RetrievalHarnessOptions extends RetrieveInteractionsOptions {
  /** The auth fields sent when a call gives none. */
  auth: Record<string, unknown>;
  /** The interaction types asked for when a call gives none (all of the connector's when absent). */
  types?: readonly string[];
}

export interface RetrievalCall extends Partial<Omit<RetrieveInteractionsOptions, 'settings'>> {
  auth?: Record<string, unknown>;
  types?: readonly string[];
  /** Merged over the harness's settings (e.g. its `baseUrl`). */
  settings?: Record<string, unknown>;
}

/**
 * `retrieve(data, call?)` for one connector's tests: Talkdesk's request built from the contact data, the
 * harness's auth, types and pipeline options (FAST_RETRY and a 3 s deadline by default), overridable per call.
 */
export function retrievalHarness(
  connector: AnyConnector,
  harness: RetrievalHarnessOptions,
): (data: Record<string, unknown>, call?: RetrievalCall) => Promise<Interaction[]> {
  const { auth, types, settings, ...options } = harness;
  return (data, call = {}) => {
    const { auth: callAuth, types: callTypes, settings: callSettings, ...callOptions } = call;
    const wanted = callTypes ?? types;
    return retrieveInteractions(
      connector,
      { auth: callAuth ?? auth, ...(wanted ? { meta: { interaction_types: [...wanted] } } : {}), data },
      {
        deadlineMs: 3_000,
        retry: FAST_RETRY,
        ...options,
        ...callOptions,
        ...(settings || callSettings
          ? { settings: { ...(settings as Record<string, unknown> | undefined), ...callSettings } }
          : {}),
      },
    );
  };
}

/**
 * A `meta.offset` holding this cursor, as the pipeline would issue it: for tests that hand a connector a
 * forged or stale cursor and expect core's 400 (or the vendor's refusal turned into one).
 */
export function offsetWithCursor(cursor: unknown): string {
  return encodeSyncOffset({ cursor });
}

/** The cursor inside an offset the pipeline issued (no schema check: for assertions only). */
export function cursorInOffset(offset: string | undefined): unknown {
  if (offset === undefined) throw new Error('expected an offset, got none');
  return decodeSyncOffset(offset, z.unknown()).cursor;
}
