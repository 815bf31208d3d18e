export { type SandboxSettings, sandbox } from './sandbox-connector.js';
export { type SandboxData, sandboxDataSchema } from './sandbox-data.js';
export { SANDBOX_DEFAULT_URL } from './sandbox-store.js';
export const VERSION = '0.1.0';
