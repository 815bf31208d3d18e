export { __name__ } from './__id__-connector.js';
export type { __Name__Settings } from './__id__-context.js';

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
