import type { SettingsInputOf } from '@talkbridge/core';
import type { sandboxSettings } from './sandbox-context.js';

export { sandbox } from './sandbox-connector.js';
/** The options an operator writes for a sandbox integration (`dataFile`, `baseUrl`). */
export type SandboxSettings = SettingsInputOf<typeof sandboxSettings>;

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
