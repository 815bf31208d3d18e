// How a contact is searched by email and by phone: the request body of POST /crm/v3/objects/contacts/search.
// Values travel as JSON strings inside filters, never spliced into a query string; operators are chosen so
// that a value is compared as one literal (EQ/IN), and the one wildcard-capable operator (CONTAINS_TOKEN,
// where `*` matches anything) only ever receives a plain address, and its hits are re-checked here.
import { isEmailAddress, phoneParts, samePhoneNumber } from '@talkbridge/core';
import { type HubspotObject, propertyOf } from './hubspot-api.js';

export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'IN' | 'CONTAINS_TOKEN';
  value?: string;
  values?: string[];
}

export interface ContactSearchRequest {
  filterGroups: { filters: SearchFilter[] }[];
  properties: string[];
  limit: number;
}

/** HubSpot accepts at most five filter groups (ORed) in one search. */
export const MAX_FILTER_GROUPS = 5;
/** Contacts one lookup takes: their interactions are merged, so more would only be noise. */
export const MAX_MATCHING_CONTACTS = 20;

/**
 * An address simple enough for CONTAINS_TOKEN: no wildcard (`*`), no whitespace, no quotes or list
 * separators that the tokenizer could split into several tokens.
 */
const TOKEN_SAFE_CHARACTERS = /^[a-z0-9._%+@-]+$/i;
const isPlainAddress = (email: string) => isEmailAddress(email) && TOKEN_SAFE_CHARACTERS.test(email);

/**
 * One search for every email: `email IN [...]` (exact, one literal per address), then one
 * `hs_additional_emails CONTAINS_TOKEN <address>` group per plain address, as long as groups remain.
 */
export function emailSearchRequest(emails: readonly string[]): ContactSearchRequest {
  const groups: ContactSearchRequest['filterGroups'] = [
    { filters: [{ propertyName: 'email', operator: 'IN', values: [...emails] }] },
  ];
  for (const email of emails) {
    if (groups.length >= MAX_FILTER_GROUPS) break;
    if (!isPlainAddress(email)) continue;
    groups.push({
      filters: [{ propertyName: 'hs_additional_emails', operator: 'CONTAINS_TOKEN', value: email }],
    });
  }
  return {
    filterGroups: groups,
    properties: ['email', 'hs_additional_emails'],
    limit: MAX_MATCHING_CONTACTS,
  };
}

/**
 * Keeps the contacts that really hold one of the emails, as primary or additional address: a token match
 * on `hs_additional_emails` is broader than equality, and HubSpot's tokenizer is not ours to trust.
 */
export function contactsHoldingEmails(
  contacts: readonly HubspotObject[],
  emails: readonly string[],
): HubspotObject[] {
  const wanted = new Set(emails.map((email) => email.toLowerCase()));
  return contacts.filter((contact) => {
    const addresses = [
      propertyOf(contact, 'email'),
      ...(propertyOf(contact, 'hs_additional_emails')?.split(/[;,\s]+/) ?? []),
    ];
    return addresses.some((address) => address !== undefined && wanted.has(address.trim().toLowerCase()));
  });
}

/**
 * One search for every phone (E.164). HubSpot keeps phones as typed; its calculated
 * `hs_searchable_calculated_phone_number` / `…_mobile_number` hold the digits without the country code,
 * so those are matched against the national numbers, and `phone` / `mobilephone` against the E.164 text
 * for portals that store it verbatim. All comparisons are exact (IN): digits cannot widen a match.
 */
export function phoneSearchRequest(phones: readonly string[]): ContactSearchRequest {
  const e164 = [...new Set(phones)];
  const national = [...new Set(phones.flatMap(nationalVariants))];
  const groups: ContactSearchRequest['filterGroups'] = [];
  if (national.length > 0) {
    groups.push(
      {
        filters: [
          { propertyName: 'hs_searchable_calculated_phone_number', operator: 'IN', values: national },
        ],
      },
      {
        filters: [
          { propertyName: 'hs_searchable_calculated_mobile_number', operator: 'IN', values: national },
        ],
      },
    );
  }
  groups.push(
    { filters: [{ propertyName: 'phone', operator: 'IN', values: e164 }] },
    { filters: [{ propertyName: 'mobilephone', operator: 'IN', values: e164 }] },
  );
  return { filterGroups: groups, properties: ['phone', 'mobilephone'], limit: MAX_MATCHING_CONTACTS };
}

/**
 * Keeps the contacts whose phone or mobile really is one of the numbers: HubSpot's calculated numbers drop
 * the country code, so `+1 207 946 0321` would otherwise also find `+44 20 7946 0321`.
 */
export function contactsHoldingPhones(
  contacts: readonly HubspotObject[],
  phones: readonly string[],
): HubspotObject[] {
  return contacts.filter((contact) =>
    [propertyOf(contact, 'phone'), propertyOf(contact, 'mobilephone')].some(
      (stored) => stored !== undefined && phones.some((phone) => samePhoneNumber(stored, phone)),
    ),
  );
}

/**
 * The national number of an E.164 phone (`+16175550142` → `6175550142`), plus the form with a trunk `0`
 * that most countries outside North America dial locally (`+442079460000` → `2079460000`, `02079460000`).
 */
export function nationalVariants(e164: string): string[] {
  const parts = phoneParts(e164);
  if (!parts || parts.nationalNumber.length < 4) return [];
  const national = parts.nationalNumber;
  return parts.countryCode === '1' ? [national] : [national, `0${national}`];
}
