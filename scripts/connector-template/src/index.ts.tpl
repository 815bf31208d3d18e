export { __name__ } from './__id__-connector.js';
export type { __Name__Settings } from './__id__-context.js';
export const VERSION = '0.0.0';
