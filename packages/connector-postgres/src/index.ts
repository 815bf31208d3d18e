export { createPostgresConnector, PostgresConfigError, postgres } from './postgres-connector.js';
export type { PostgresSettingsInput as PostgresSettings } from './postgres-context.js';
export { type PostgresPoolStats, postgresPoolStats } from './postgres-pool.js';

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
