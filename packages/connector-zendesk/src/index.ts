export { type ZendeskSettings, zendesk } from './zendesk-connector.js';

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
