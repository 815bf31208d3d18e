import type { SettingsInputOf } from '@talkbridge/core';
import type { helpScoutSettings } from './helpscout-context.js';

export { helpscout } from './helpscout-connector.js';
/** The options an operator writes for a Help Scout integration (`statusMap`, `mailboxId`, `baseUrl`). */
export type HelpScoutSettings = SettingsInputOf<typeof helpScoutSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
