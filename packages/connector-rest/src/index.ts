export {
  defineRestConnector,
  parseRestDefinition,
  RestDefinitionError,
  type RestSettings,
  readDefinitionFile,
  rest,
} from './rest-connector.js';
export { type RestDefinition, type RestDefinitionInput, restDefinitionSchema } from './rest-definition.js';
export { restDefinitionJsonSchema } from './rest-json-schema.js';

declare const __PACKAGE_VERSION__: string;
/** This package's version, from its package.json at build time. */
export const VERSION: string = __PACKAGE_VERSION__;
