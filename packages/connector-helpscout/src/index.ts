export { type HelpScoutSettings, helpscout } from './helpscout-connector.js';
export const VERSION = '0.1.0';
