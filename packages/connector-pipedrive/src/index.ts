export { type PipedriveSettings, pipedrive } from './pipedrive-connector.js';
export const VERSION = '0.1.0';
