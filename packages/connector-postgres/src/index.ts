export { createPostgresConnector, PostgresConfigError, postgres } from './postgres-connector.js';
export type { PostgresSettingsInput as PostgresSettings } from './postgres-context.js';
export { type PostgresPoolStats, postgresPoolStats } from './postgres-pool.js';
export const VERSION = '0.1.0';
