export {
  CONTACT_CLAIM_MS,
  ContactCache,
  type ContactCacheOptions,
  type ContactCacheScope,
  type ContactCacheStore,
  DEFAULT_CONTACT_TTL_MS,
  DEFAULT_NEGATIVE_CONTACT_TTL_MS,
  lookupParts,
  MAX_CACHED_CONTACTS_BYTES,
  MAX_CONTACT_TTL_MS,
} from './contact-cache.js';
export {
  countAtOrBelow,
  MemoryBudgetStore,
  MemoryContactStore,
  type MemoryStoreOptions,
} from './memory-stores.js';
export {
  type BudgetedCall,
  type BudgetResetHeader,
  type BudgetSpec,
  type ConnectorRateLimits,
  DEFAULT_CALL_ALLOWANCE_MS,
  earliestSlot,
  planReservation,
  type RateBudgetDeclaration,
  type RateBudgetSize,
  type RateBudgetStore,
  RateBudgets,
  type RateBudgetsOptions,
  type Reservation,
  resizeRateBudgets,
  withSafetyMargin,
} from './rate-budget.js';
export type { RuntimeStateEvent, RuntimeStateListener, RuntimeStateStatus } from './runtime-events.js';
export {
  createMemoryRuntimeState,
  createRuntimeState,
  type RuntimeState,
  type RuntimeStateOptions,
} from './runtime-state.js';
export { SingleFlight } from './single-flight.js';
export { canonicalJson, createStateKeys, MIN_STATE_SECRET_LENGTH, type StateKeys } from './state-keys.js';
