export { type ZohoCrmSettings, zohoCrm } from './zoho-crm-connector.js';

export const VERSION = '0.1.0';
