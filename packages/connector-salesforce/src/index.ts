import type { SettingsInputOf } from '@talkbridge/core';
import type { salesforceSettings } from './salesforce-context.js';

export { salesforce } from './salesforce-connector.js';
/** The options an operator writes for a Salesforce integration (with `baseUrl`). */
export type SalesforceSettings = SettingsInputOf<typeof salesforceSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
