import { z } from 'zod';
import { restDefinitionSchema } from './rest-definition.js';

/**
 * The JSON Schema of a definition as people write it (defaults optional), for editors: shipped as
 * `schema/rest-definition.schema.json`, regenerated with `pnpm --filter @talkbridge/connector-rest schema`.
 * Template references are checked by the connector only.
 */
export function restDefinitionJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(restDefinitionSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    // Paths, templates and requests recur everywhere: once each under $defs. (No registry ids: two copies
    // of this package in one process would collide in zod's global registry.)
    reused: 'ref',
  }) as Record<string, unknown>;
}
