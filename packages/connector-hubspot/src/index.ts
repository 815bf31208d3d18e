import type { SettingsInputOf } from '@talkbridge/core';
import type { hubspotSettings } from './hubspot-context.js';

export { hubspot } from './hubspot-connector.js';
export type HubspotSettings = SettingsInputOf<typeof hubspotSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
