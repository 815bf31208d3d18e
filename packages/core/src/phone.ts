import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Normalises a phone number to E.164 (`+15555555555`) so that `(555) 555-5555` and `+1 555-555-5555` compare
 * equal. Numbers without a country code are read in `defaultCountry`.
 * Returns undefined for text that is not a plausible phone number.
 */
export function toE164(raw: string, defaultCountry: CountryCode = 'US'): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const parsed = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  if (!parsed?.isPossible()) return undefined;
  return parsed.number;
}

export type { CountryCode };
