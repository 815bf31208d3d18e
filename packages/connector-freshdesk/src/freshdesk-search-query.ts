// Freshdesk's filter/search query language (`GET /search/contacts?query="…"`): the whole query sits in
// double quotes, string values in single quotes, terms joined by AND / OR, at most 512 characters.
// The language has no documented escape for a quote inside a value, so a value is either put in quotes
// as it is (when nothing in it can end the string or the query) or kept out of the language entirely.

/** The longest `query` Freshdesk accepts, its surrounding double quotes included. */
export const FRESHDESK_MAX_QUERY_LENGTH = 512;

/** Longer values go through the plain filters instead (an email is at most 254 characters). */
const MAX_QUOTED_VALUE_LENGTH = 254;

/**
 * Whether a value can stand inside `'…'` as one literal: no single quote (would end the string), no
 * double quote (would end the query), no backslash (an escape the language may or may not honour), no
 * control characters. Inside the quotes, `OR`, `:`, parentheses and spaces are plain text.
 */
export function isQuotableValue(value: string): boolean {
  return (
    value.length > 0 &&
    value.length <= MAX_QUOTED_VALUE_LENGTH &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
    !/['"\\\u0000-\u001f\u007f]/.test(value)
  );
}

/** `email:'jane@example.com'`; the value must pass `isQuotableValue`. */
export function queryTerm(field: string, value: string): string {
  if (!isQuotableValue(value)) throw new TypeError(`A ${field} value cannot be quoted in a Freshdesk query`);
  return `${field}:'${value}'`;
}

/**
 * The terms OR-ed together in as few queries as fit the length limit, each wrapped in double quotes as
 * Freshdesk requires: `"email:'a@x.com' OR email:'b@x.com'"`.
 */
export function orQueries(terms: readonly string[], maxLength = FRESHDESK_MAX_QUERY_LENGTH): string[] {
  const queries: string[] = [];
  let current: string[] = [];
  const lengthWith = (parts: string[]) => parts.join(' OR ').length + 2;
  for (const term of terms) {
    if (current.length > 0 && lengthWith([...current, term]) > maxLength) {
      queries.push(`"${current.join(' OR ')}"`);
      current = [];
    }
    current.push(term);
  }
  if (current.length > 0) queries.push(`"${current.join(' OR ')}"`);
  return queries;
}
