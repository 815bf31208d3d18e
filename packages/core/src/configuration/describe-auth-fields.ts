import { z } from 'zod';
import type { AuthenticationField } from '../contract/integration-configuration.js';

export interface AuthFieldDescription {
  name: string;
  field: AuthenticationField;
}

/**
 * The Talkdesk `authentication_configuration` fields of a connector's auth schema: every key of the
 * object (or of each alternative of a union, such as Zendesk's token-or-OAuth), mandatory when every
 * alternative requires it. Display names and help come from zod metadata (`.meta({ title, description })`),
 * else from the key (`api_key` → "Api key"); `format` from `.meta({ format })`; `.meta({ type: 'oauth' })`
 * for a field the OAuth 2.0 authority provides.
 */
export function describeAuthFields(schema: z.ZodType): AuthFieldDescription[] {
  const alternatives = objectAlternatives(schema);
  const names: string[] = [];
  for (const shape of alternatives)
    for (const name of Object.keys(shape)) if (!names.includes(name)) names.push(name);
  return names.map((name) => {
    const candidates = alternatives
      .map((shape) => shape[name])
      .filter((field): field is z.ZodType => !!field);
    const mandatory =
      candidates.length === alternatives.length &&
      candidates.every((field) => !field.safeParse(undefined).success);
    const meta = (candidates.map((field) => metaOf(field)).find((found) => found) ?? {}) as Record<
      string,
      unknown
    >;
    const field: AuthenticationField = {
      source: 'input',
      display: typeof meta.title === 'string' ? meta.title : humanise(name),
      mandatory,
      // `.meta({ type: 'oauth' })` marks a field Talkdesk obtains from the OAuth 2.0 authority.
      type: meta.type === 'oauth' ? 'oauth' : 'input',
      store: true,
      ...(typeof meta.description === 'string' ? { help: meta.description } : {}),
      ...(typeof meta.format === 'string' ? { format: meta.format } : {}),
    };
    return { name, field };
  });
}

function objectAlternatives(schema: z.ZodType): Record<string, z.ZodType>[] {
  if (schema instanceof z.ZodObject) return [schema.shape as Record<string, z.ZodType>];
  if (schema instanceof z.ZodUnion || schema instanceof z.ZodDiscriminatedUnion) {
    return (schema.options as z.ZodType[]).flatMap(objectAlternatives);
  }
  if (schema instanceof z.ZodPipe) return objectAlternatives(schema.in as z.ZodType);
  if (schema instanceof z.ZodIntersection) {
    const left = objectAlternatives(schema.def.left as z.ZodType);
    const right = objectAlternatives(schema.def.right as z.ZodType);
    return left.flatMap((l) => right.map((r) => ({ ...l, ...r })));
  }
  return [];
}

function metaOf(field: z.ZodType): Record<string, unknown> | undefined {
  let current: z.ZodType | undefined = field;
  // Look through optional/nullable/default wrappers for metadata set on the inner schema.
  for (let depth = 0; current && depth < 5; depth += 1) {
    const meta = z.globalRegistry.get(current);
    if (meta && Object.keys(meta).length > 0) return meta as Record<string, unknown>;
    const inner: unknown = (current as { def?: { innerType?: unknown } }).def?.innerType;
    current = inner instanceof z.ZodType ? inner : undefined;
  }
  return undefined;
}

function humanise(name: string): string {
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
