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
export const VERSION = '0.1.0';
