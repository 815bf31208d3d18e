// Help Scout's `query` parameter is a Lucene-style search language: `(email:"a@x.com" OR email:"b@y.com")`.
// Values from a Talkdesk request go in only as quoted phrases with `\` and `"` escaped, so that quotes,
// parentheses, `OR`/`AND`/`NOT`, `*` or `:` in them stay part of one literal and cannot change the query.

/** A value as one quoted phrase of the query language. */
export function quoteQueryValue(value: string): string {
  return `"${value.replace(/[\\"]/g, (character) => `\\${character}`)}"`;
}

/** `(field:"a" OR field:"b")`: any of these text values. */
export function anyOfQuoted(field: string, values: readonly string[]): string {
  return `(${values.map((value) => `${field}:${quoteQueryValue(value)}`).join(' OR ')})`;
}

/**
 * `(customerIds:1 OR customerIds:2)`, unquoted as the language wants ids. Only integer ids go in (anything
 * else could not be a Help Scout id); undefined when none is left.
 */
export function anyOfIds(field: string, ids: readonly string[]): string | undefined {
  const numeric = ids.filter((id) => /^\d+$/.test(id));
  if (numeric.length === 0) return undefined;
  return `(${numeric.map((id) => `${field}:${id}`).join(' OR ')})`;
}
