import { type CountryCode, type PhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import { LRUCache } from 'lru-cache';
import { MAX_PHONE_LENGTH } from './contract/limits.js';

/**
 * Parsing is the costly part of a retrieval that never leaves the process: the same request phones are
 * parsed several times per request (query, cache keys, each connector's comparisons) and again on every
 * retrieval for the same contact. Bounded, so a stream of distinct numbers costs memory only up to `max`;
 * each key is short: longer text (a vendor's free-text field) is parsed every time instead.
 */
const PHONE_CACHE_ENTRIES = 2_000;
/** What `toE164` answered, `''` standing for "not a phone number" (an LRU cannot hold undefined). */
const e164ByText = new LRUCache<string, string>({ max: PHONE_CACHE_ENTRIES });
/** Parsed E.164 numbers; never handed out, so no caller can change a cached one. */
const parsedByE164 = new LRUCache<string, PhoneNumber | false>({ max: PHONE_CACHE_ENTRIES });

/**
 * Normalises a phone number to E.164 (`+15555555555`) so that `(555) 555-5555` and `+1 555-555-5555` compare
 * equal. Numbers without a country code are read in `defaultCountry`.
 * Returns undefined for text that is not a plausible phone number.
 */
export function toE164(raw: string, defaultCountry: CountryCode = 'US'): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  // Longer text (a vendor's free-text phone field) is parsed every time rather than held in the cache.
  const key = text.length <= MAX_PHONE_LENGTH ? `${defaultCountry} ${text}` : undefined;
  let e164 = key === undefined ? undefined : e164ByText.get(key);
  if (e164 === undefined) {
    const parsed = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
    e164 = parsed?.isPossible() ? parsed.number : '';
    if (key !== undefined) e164ByText.set(key, e164);
  }
  return e164 === '' ? undefined : e164;
}

/** `parsePhoneNumberFromString(e164)`, remembered (E.164 is at most 16 characters; longer is not cached). */
function parseE164(e164: string): PhoneNumber | undefined {
  if (e164.length > MAX_PHONE_LENGTH) return parsePhoneNumberFromString(e164);
  let parsed = parsedByE164.get(e164);
  if (parsed === undefined) {
    parsed = parsePhoneNumberFromString(e164) ?? false;
    parsedByE164.set(e164, parsed);
  }
  return parsed || undefined;
}

export type { CountryCode };

/** `+442079460958` → `{ countryCode: '44', nationalNumber: '2079460958' }`; undefined when not a number. */
export function phoneParts(e164: string): { countryCode: string; nationalNumber: string } | undefined {
  const parsed = parseE164(e164);
  return parsed
    ? { countryCode: parsed.countryCallingCode, nationalNumber: parsed.nationalNumber }
    : undefined;
}

/**
 * The ways a person may have typed this E.164 number into a service that stores phones as text: E.164,
 * international and national formatting, and bare digits with and without the country code, e.g. for
 * `+15555550123`: `+1 555 555 0123`, `(555) 555-0123`, `5555550123`, `15555550123`, `0015555550123`.
 * For services whose phone search compares text; check the answers with `samePhoneNumber`.
 */
export function phoneSpellings(e164: string): string[] {
  const parsed = parseE164(e164);
  if (!parsed) return [e164];
  const national = parsed.nationalNumber;
  const code = parsed.countryCallingCode;
  return [
    ...new Set([
      parsed.number,
      parsed.formatInternational(),
      parsed.formatNational(),
      national,
      `${code}${national}`,
      `00${code}${national}`,
    ]),
  ];
}

/**
 * Whether a number stored in a service, in any formatting, is this E.164 number: equal once normalised
 * (local numbers read in `defaultCountry`), or written nationally without a country code, trunk prefix
 * and all (`020 7946 0958` is `+442079460958`).
 */
export function samePhoneNumber(stored: string, e164: string, defaultCountry: CountryCode = 'US'): boolean {
  const wanted = parseE164(e164);
  if (!wanted) return false;
  const text = stored.trim();
  // `00` is the international call prefix in most of the world: `0044 20…` is `+44 20…`.
  const international = text.startsWith('00') ? `+${text.slice(2)}` : text;
  if (toE164(international, defaultCountry) === wanted.number) return true;
  if (text.startsWith('+') || text.startsWith('00')) return false;
  // Written nationally: with or without the trunk prefix (Italy keeps its 0 in the national number).
  const digits = withoutExtension(text).replace(/\D/g, '');
  return (
    digits !== '' && (digits === wanted.nationalNumber || digits.replace(/^0+/, '') === wanted.nationalNumber)
  );
}

/**
 * `020 7946 0958 ext. 12` → `020 7946 0958`: a trailing extension (`ext`, `ext.`, `x` or `#`, then digits)
 * cut off. Scanned from the end by hand: the regex this replaces backtracked quadratically.
 */
function withoutExtension(text: string): string {
  const isSpace = (char: string | undefined) => char !== undefined && char.trim() === '';
  const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';
  let end = text.length;
  while (isSpace(text[end - 1])) end -= 1;
  const digitsEnd = end;
  while (isDigit(text[end - 1])) end -= 1;
  if (end === digitsEnd) return text;
  while (isSpace(text[end - 1])) end -= 1;
  const before = text.slice(0, end).toLowerCase();
  const marker = ['ext.', 'ext', 'x', '#'].find((candidate) => before.endsWith(candidate));
  if (!marker) return text;
  end -= marker.length;
  while (isSpace(text[end - 1])) end -= 1;
  return text.slice(0, end);
}
