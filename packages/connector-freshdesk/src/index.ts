export { type FreshdeskSettings, freshdesk } from './freshdesk-connector.js';
export const VERSION = '0.1.0';
