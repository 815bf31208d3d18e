export { type SalesforceSettings, salesforce } from './salesforce-connector.js';
export const VERSION = '0.1.0';
