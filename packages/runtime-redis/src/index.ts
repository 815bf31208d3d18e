export { RedisBudgetStore } from './redis-budget-store.js';
export { REDIS_COMMAND_TIMEOUT_MS, RedisConnection } from './redis-connection.js';
export { RedisContactStore } from './redis-contact-store.js';
export { createRedisRuntimeState, type RedisRuntimeStateOptions } from './redis-runtime-state.js';
