import { type ConnectorContact, type CountryCode, toE164 } from '@talkbridge/core';
import type { SalesforceContact } from './salesforce-api.js';

export interface ContactMappingOptions {
  /** Where agents open records (`https://acme.my.salesforce.com`); no links without it. */
  agentOrigin: string | undefined;
  /** The country numbers stored without a country code are read in; without it they go as stored. */
  phoneCountry?: CountryCode | undefined;
}

/**
 * A Salesforce Contact as a Talkdesk contact: every standard field Talkdesk has a place for. The company
 * and website are the parent Account's (a Contact has no website of its own); there is no Twitter field
 * since Salesforce retired Social Contacts.
 */
export function mapSalesforceContact(
  record: SalesforceContact,
  options: ContactMappingOptions,
): ConnectorContact {
  const email = text(record.Email);
  const company = text(record.Account?.Name);
  const title = text(record.Title);
  const website = text(record.Account?.Website);
  const address = mailingAddress(record);
  const photo = photoUrl(record.PhotoUrl, options.agentOrigin);
  const url = options.agentOrigin
    ? `${options.agentOrigin}/lightning/r/Contact/${encodeURIComponent(record.Id)}/view`
    : undefined;
  return {
    id: record.Id,
    // LastName is required on a Contact, so Name is never empty in practice.
    name: text(record.Name) ?? email ?? record.Id,
    ...(company ? { company } : {}),
    ...(title ? { title } : {}),
    emails: email ? [email] : [],
    phones: contactPhones(record, options.phoneCountry),
    ...(photo ? { photo_url: photo } : {}),
    ...(address ? { address } : {}),
    websites: website ? [website] : [],
    ...(url ? { url } : {}),
    updatedAt: record.SystemModstamp,
  };
}

/**
 * Phone, mobile, home and other phone, de-duplicated. Numbers written with their country code (`+44 …`,
 * `0044 …`) become E.164; national ones too when the operator names the org's country; anything else is
 * sent as stored rather than guessed. The assistant's phone and the fax are someone else's / not a phone.
 */
export function contactPhones(record: SalesforceContact, country?: CountryCode): string[] {
  const phones: string[] = [];
  for (const raw of [record.Phone, record.MobilePhone, record.HomePhone, record.OtherPhone]) {
    const stored = text(raw);
    if (!stored) continue;
    const international = stored.startsWith('00') ? `+${stored.slice(2)}` : stored;
    const normalised = international.startsWith('+') || country ? toE164(international, country) : undefined;
    const phone = normalised ?? stored;
    if (!phones.includes(phone)) phones.push(phone);
  }
  return phones;
}

/** `1 Market St, Suite 300, San Francisco, CA 94105, United States`: the mailing address on one line. */
export function mailingAddress(record: SalesforceContact): string | undefined {
  const street = (record.MailingStreet ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const region = [text(record.MailingState), text(record.MailingPostalCode)].filter(Boolean).join(' ');
  const parts = [...street, text(record.MailingCity), region, text(record.MailingCountry)].filter(
    (part): part is string => !!part,
  );
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** The photo path made absolute on the instance; only a path, never a URL to somewhere else. */
function photoUrl(path: string | null | undefined, origin: string | undefined): string | undefined {
  const value = text(path);
  if (!value || !origin || !value.startsWith('/') || value.startsWith('//')) return undefined;
  return `${origin}${value}`;
}

function text(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
