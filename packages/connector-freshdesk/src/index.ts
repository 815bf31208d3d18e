import type { SettingsInputOf } from '@talkbridge/core';
import type { freshdeskSettings } from './freshdesk-context.js';

export { freshdesk } from './freshdesk-connector.js';
/** The options an operator writes for a Freshdesk integration (`statusMap`, `syncCompanyNames`, `baseUrl`…). */
export type FreshdeskSettings = SettingsInputOf<typeof freshdeskSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
