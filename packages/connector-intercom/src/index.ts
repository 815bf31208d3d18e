export { type IntercomSettings, intercom } from './intercom-connector.js';
export const VERSION = '0.1.0';
