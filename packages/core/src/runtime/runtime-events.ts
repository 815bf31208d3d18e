/**
 * What the runtime state tells its owner, for metrics and the debug log. Nothing in an event identifies a
 * person or a credential: integration and connector ids, budget names and durations only.
 */
export type RuntimeStateEvent =
  | { type: 'contact_cache'; outcome: 'hit' | 'miss'; integrationId: string; found: boolean }
  | { type: 'coalesced'; what: 'retrieval' | 'contact_lookup'; integrationId: string }
  | { type: 'budget_wait'; connector: string; budget: string; waitMs: number }
  | { type: 'budget_refused'; connector: string; budget: string; retryAfterMs: number }
  | { type: 'budget_learned'; connector: string; budget: string; blockMs: number }
  /** A shared store could not be used for one operation; local state answered instead. */
  | { type: 'store_fallback'; store: 'contacts' | 'budgets'; operation: string }
  | { type: 'store_connection'; state: 'connected' | 'lost' };

export type RuntimeStateListener = (event: RuntimeStateEvent) => void;

/** For readiness details: where the state lives and whether the shared store is reachable right now. */
export interface RuntimeStateStatus {
  backend: 'memory' | 'redis';
  /** `degraded`: the shared store is away and this instance answers from its own memory meanwhile. */
  state: 'ok' | 'degraded';
  /** Operations answered locally because the shared store was away, since start. */
  fallbacks: number;
  /** When the shared store was last lost (ISO time), while degraded. */
  degradedSince?: string;
  /** The last connection problem, without addresses or credentials. */
  lastError?: string;
}
