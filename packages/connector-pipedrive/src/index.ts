import type { SettingsInputOf } from '@talkbridge/core';
import type { pipedriveSettings } from './pipedrive-context.js';

export { pipedrive } from './pipedrive-connector.js';
export type PipedriveSettings = SettingsInputOf<typeof pipedriveSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
