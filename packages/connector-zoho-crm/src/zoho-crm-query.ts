import { phoneParts } from '@talkbridge/core';
// Building Zoho's two query languages from request data: search `criteria` and COQL. Every value that
// comes from a request is escaped here, in one place, so it stays one literal and cannot change the query.

/** Zoho record ids are 64-bit integers written in decimal. */
export const ZOHO_RECORD_ID = /^\d{1,20}$/;

/** The most conditions one search `criteria` may hold (Zoho's documented limit). */
export const MAX_CRITERIA_CONDITIONS = 10;

/**
 * A value inside a search criteria `(Field:operator:value)`. Zoho's rule: parentheses and commas in the
 * value are escaped with a backslash (then the whole parameter is URL-encoded, which the HTTP client does).
 * The backslash itself is escaped first, so a value ending in `\` cannot escape our closing parenthesis.
 * Colons need no escape: Zoho splits on the first two only (its own examples put times in values).
 */
export function escapeCriteriaValue(value: string): string {
  return value.replace(/[\\(),]/g, (character) => `\\${character}`);
}

/** `(Email:equals:a)` or `((Email:equals:a)or(Email:equals:b))`: one condition per value. */
export function equalsAnyCriteria(field: string, values: readonly string[]): string {
  const conditions = values.map((value) => `(${field}:equals:${escapeCriteriaValue(value)})`);
  return conditions.length === 1 ? (conditions[0] as string) : `(${conditions.join('or')})`;
}

/**
 * A COQL string literal. Zoho's rule (Kaizen #171, COQL FAQ): a single quote inside a single-quoted value
 * is escaped by doubling it. Callers only pass record ids (digits) today; this is the second line of defence.
 */
export function coqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `('1','2')` for a COQL `in`, from record ids only: anything that is not a Zoho id is left out. */
export function coqlIdList(ids: readonly string[]): string {
  return `(${ids
    .filter((id) => ZOHO_RECORD_ID.test(id))
    .map(coqlString)
    .join(',')})`;
}

/**
 * The national significant number of an E.164 phone (`+14155550142` → `4155550142`): the digits every
 * stored formatting of that number contains (`(415) 555-0142`, `+1 415 555 0142`, `0415…` with a trunk
 * prefix), which is what a phone search should look for.
 */
export function nationalDigits(e164: string): string {
  const digits = e164.replace(/\D/g, '');
  const national = phoneParts(e164)?.nationalNumber ?? digits;
  // A number too short to be a subscriber number would match far too much: search the whole of it.
  return national.length >= 6 ? national : digits;
}
