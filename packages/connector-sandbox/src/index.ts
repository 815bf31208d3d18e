export { type SandboxSettings, sandbox } from './sandbox-connector.js';
export { type SandboxData, sandboxDataSchema } from './sandbox-data.js';
export { SANDBOX_DEFAULT_URL } from './sandbox-store.js';

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
