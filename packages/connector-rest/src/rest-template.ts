// Logic-less templates: `https://{{auth.subdomain}}.example.com`, `/customers/{{contact.id}}/orders`.
// A placeholder names a value by root and path; nothing in a template is ever evaluated. Values are
// encoded for where they go (a path segment, a query value, a JSON body), and a missing value is an error,
// never an empty string.
import { formatPath, type PathSegment, parsePath, valueAt } from './rest-path.js';

export interface TemplateReference {
  /** As written, e.g. `auth.subdomain`. */
  text: string;
  root: string;
  path: PathSegment[];
}

export interface Template {
  source: string;
  /** Literal text and placeholders, in order. */
  parts: (string | TemplateReference)[];
}

export const MAX_TEMPLATE_LENGTH = 2_000;

/** Parses a template in one pass, or throws a TypeError that says what is wrong. */
export function parseTemplate(source: string): Template {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw new TypeError(`a template is at most ${MAX_TEMPLATE_LENGTH} characters`);
  }
  const parts: Template['parts'] = [];
  let index = 0;
  while (index < source.length) {
    const open = source.indexOf('{{', index);
    const strayClose = source.indexOf('}}', index);
    if (strayClose >= 0 && (open < 0 || strayClose < open)) {
      throw new TypeError(`"}}" without "{{" in "${source}"`);
    }
    if (open < 0) {
      parts.push(source.slice(index));
      break;
    }
    if (open > index) parts.push(source.slice(index, open));
    const close = source.indexOf('}}', open + 2);
    if (close < 0) throw new TypeError(`"{{" without "}}" in "${source}"`);
    const text = source.slice(open + 2, close).trim();
    if (text.includes('{{')) throw new TypeError(`"{{" inside a placeholder in "${source}"`);
    const dot = text.search(/[.[]/);
    const root = dot < 0 ? text : text.slice(0, dot);
    if (!/^[a-z][A-Za-z]*$/.test(root)) {
      throw new TypeError(`"{{${text}}}" must start with a name such as auth, contact or record`);
    }
    let path: PathSegment[];
    try {
      path = dot < 0 ? [] : parsePath(text.slice(dot + (text[dot] === '.' ? 1 : 0)));
    } catch (error) {
      throw new TypeError(`"{{${text}}}": ${(error as Error).message}`);
    }
    parts.push({ text, root, path });
    index = close + 2;
  }
  return { source, parts };
}

export function referencesOf(template: Template): TemplateReference[] {
  return template.parts.filter((part): part is TemplateReference => typeof part !== 'string');
}

/** The template is one placeholder and nothing else: its value keeps its type in a JSON body. */
export function soleReference(template: Template): TemplateReference | undefined {
  const [only] = template.parts;
  return template.parts.length === 1 && typeof only !== 'string' ? only : undefined;
}

/** A placeholder whose value is absent (or null) when the template is filled. */
export class MissingTemplateValueError extends Error {
  override name = 'MissingTemplateValueError';
  constructor(readonly reference: string) {
    super(`{{${reference}}} has no value`);
  }
}

/** The values a template may read, by root: `{ auth: {...}, contact: {...} }`. */
export type TemplateScope = Readonly<Record<string, unknown>>;

export function lookupReference(reference: TemplateReference, scope: TemplateScope): unknown {
  const value = valueAt(scope[reference.root], reference.path);
  if (value === undefined || value === null || value === '') {
    throw new MissingTemplateValueError(
      `${reference.root}${reference.path.length ? '.' : ''}${reference.path.length ? formatPath(reference.path) : ''}`,
    );
  }
  return value;
}

function scalarText(value: unknown, reference: TemplateReference, encode: (text: string) => string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return encode(String(value));
  }
  if (Array.isArray(value) && value.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
    // A list in text: its items, each encoded, joined with commas.
    return value.map((item) => encode(String(item))).join(',');
  }
  throw new TypeError(`{{${reference.text}}} is not text, a number or a list of them`);
}

/** Fills a template as text, encoding each value with `encode` (e.g. encodeURIComponent in a path). */
export function renderText(
  template: Template,
  scope: TemplateScope,
  encode: (text: string) => string = (text) => text,
): string {
  let out = '';
  for (const part of template.parts) {
    out += typeof part === 'string' ? part : scalarText(lookupReference(part, scope), part, encode);
  }
  return out;
}

/** Fills a template as a value: a lone placeholder keeps its value's type (a number, a list). */
export function renderValue(template: Template, scope: TemplateScope): unknown {
  const only = soleReference(template);
  return only ? lookupReference(only, scope) : renderText(template, scope);
}
