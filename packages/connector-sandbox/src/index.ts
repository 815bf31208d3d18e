export { SANDBOX_DEFAULT_URL, type SandboxSettings, sandbox } from './sandbox-connector.js';
export { type SandboxData, sandboxDataSchema } from './sandbox-data.js';
export const VERSION = '0.1.0';
