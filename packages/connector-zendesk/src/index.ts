export { type ZendeskSettings, zendesk } from './zendesk-connector.js';
export const VERSION = '0.1.0';
