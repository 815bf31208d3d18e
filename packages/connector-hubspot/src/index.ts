export { type HubspotSettings, hubspot } from './hubspot-connector.js';
export const VERSION = '0.1.0';
