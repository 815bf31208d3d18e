import type { SettingsInputOf } from '@talkbridge/core';
import type { zohoCrmSettings } from './zoho-crm-context.js';

export { zohoCrm } from './zoho-crm-connector.js';
export type ZohoCrmSettings = SettingsInputOf<typeof zohoCrmSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
