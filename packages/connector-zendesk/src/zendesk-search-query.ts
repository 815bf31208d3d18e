import { phoneParts } from '@talkbridge/core';

// Building Zendesk search queries (`GET /api/v2/search?query=…`) from request data, safely.
//
// Zendesk's query language has `keyword:value` terms, `-` negation, `*` wildcards, `<`/`>` comparisons and
// double-quoted phrases ("the search only returns records that contain an exact match of the phrase"). It
// documents no escape for a double quote inside a phrase, so every value from a request is put inside one
// phrase with its double quotes and backslashes removed: whatever the value holds (`type:`, `OR`, spaces,
// quotes), it stays one literal phrase of its keyword and cannot add, close or negate a term.

/** `keyword:"value"`, or undefined when nothing searchable is left of the value. */
export function searchTerm(keyword: string, value: string): string | undefined {
  const literal = value.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim();
  return literal === '' ? undefined : `${keyword}:"${literal}"`;
}

/**
 * A search query: the `type:` term, then the terms. Zendesk ORs repeated terms of one keyword
 * (`requester_id:1 requester_id:2` finds tickets of either requester) and ANDs different keywords.
 */
export function searchQuery(type: 'user' | 'ticket', terms: readonly (string | undefined)[]): string {
  return [`type:${type}`, ...terms.filter((term): term is string => term !== undefined)].join(' ');
}

/**
 * The forms a phone may be stored in, for a `phone:` search. Zendesk keeps the `phone` field as typed
 * unless the account validates numbers (then E.164), and its search takes a number as digits: the
 * international digits (`15555550100`), the national number (`5555550100`), with the trunk `0` outside
 * North America (`02079460018`), and North American numbers as the three groups of their usual spelling.
 */
export function phoneSearchValues(e164: string): string[] {
  const parts = phoneParts(e164);
  if (!parts) return [];
  const { countryCode, nationalNumber: national } = parts;
  const values = [`${countryCode}${national}`, national];
  if (countryCode === '1' && national.length === 10) {
    values.push(`${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`);
  } else if (countryCode !== '1') {
    values.push(`0${national}`);
  }
  return values;
}

/**
 * Whether a stored phone is this E.164 number. Written internationally (`+`, `00`, `011`) it must be the
 * same number; written nationally (`(555) 555-0100`, `020 7946 0018`) its digits must be the national
 * number, with or without the trunk `0` or the country code. An extension (`x123`) is ignored.
 */
export function storedPhoneMatches(stored: string, e164: string): boolean {
  const parts = phoneParts(e164);
  if (!parts) return false;
  const { countryCode, nationalNumber: national } = parts;
  const [number = ''] = stored.split(/x|ext|#|;/i);
  const trimmed = number.trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits === `${countryCode}${national}`;
  for (const prefix of ['00', '011']) {
    if (digits.startsWith(prefix) && digits.slice(prefix.length) === `${countryCode}${national}`) return true;
  }
  return digits === national || digits === `0${national}` || digits === `${countryCode}${national}`;
}
