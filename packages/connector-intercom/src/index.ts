import type { SettingsInputOf } from '@talkbridge/core';
import type { intercomSettings } from './intercom-context.js';

export { intercom } from './intercom-connector.js';
export type IntercomSettings = SettingsInputOf<typeof intercomSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
