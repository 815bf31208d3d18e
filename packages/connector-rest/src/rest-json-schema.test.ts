import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { restDefinitionJsonSchema } from './rest-json-schema.js';

describe('the shipped JSON Schema', () => {
  it('is the one generated from the zod schema (regenerate: pnpm --filter @talkbridge/connector-rest schema)', () => {
    const shipped = JSON.parse(
      readFileSync(new URL('../schema/rest-definition.schema.json', import.meta.url), 'utf8'),
    );
    expect(shipped).toEqual(restDefinitionJsonSchema());
  });

  it('describes the top-level keys, strictly', () => {
    const schema = restDefinitionJsonSchema() as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'name',
        'auth',
        'service',
        'contacts',
        'interactions',
        'syncContacts',
        'actions',
      ]),
    );
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'contacts', 'interactions']));
  });
});
