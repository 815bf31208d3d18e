import type { SettingsInputOf } from '@talkbridge/core';
import type { zendeskSettings } from './zendesk-context.js';

export { zendesk } from './zendesk-connector.js';
/** The options an operator writes for a Zendesk integration (`statusMap`, `priorityMap`, `baseUrl`). */
export type ZendeskSettings = SettingsInputOf<typeof zendeskSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
