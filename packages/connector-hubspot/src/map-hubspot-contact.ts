// A HubSpot contact as Talkdesk's synchronized contact: pure mapping, no I/O.
import {
  addressLine,
  type ConnectorContact,
  distinct,
  fullName,
  toE164,
  toEpochMillis,
  twitterHandle,
} from '@talkbridge/core';
import { type HubspotObject, hubspotDate, propertyOf } from './hubspot-api.js';
import { contactUrl, type HubspotPortal } from './hubspot-links.js';

/** The contact properties contact synchronization reads (HubSpot ignores names a portal does not have). */
export const HUBSPOT_CONTACT_SYNC_PROPERTIES = [
  'firstname',
  'lastname',
  'email',
  'hs_additional_emails',
  'phone',
  'mobilephone',
  'company',
  'jobtitle',
  'website',
  'twitterhandle',
  'address',
  'city',
  'state',
  'zip',
  'country',
  'lastmodifieddate',
] as const;

/**
 * When the contact last changed, in epoch ms: `lastmodifieddate`, the property the sync filters and sorts
 * on, else the record's `updatedAt` (the same instant in v3 answers). NaN when neither is readable.
 */
export function contactUpdateTime(record: HubspotObject): number {
  const time =
    toEpochMillis(hubspotDate(propertyOf(record, 'lastmodifieddate'))) ??
    toEpochMillis(record.updatedAt ?? undefined);
  return time ?? Number.NaN;
}

export function mapHubspotContact(
  record: HubspotObject,
  portal: HubspotPortal | undefined,
): ConnectorContact {
  const text = (name: string) => propertyOf(record, name)?.trim() || undefined;
  const emails = distinct(
    [text('email'), ...(text('hs_additional_emails')?.split(/[;,\s]+/) ?? [])],
    (email) => email.toLowerCase(),
  );
  const phones = distinct([text('phone'), text('mobilephone')].map(phoneAsStored), (phone) =>
    phone.replace(/[^\d+]/g, ''),
  );
  const name = fullName(text('firstname'), text('lastname'));
  // `Lisboa, 1100-148, Portugal`: the state and zip code go together, as on an envelope.
  const stateZip = [text('state'), text('zip')].filter(Boolean).join(' ');
  const address = addressLine([text('address'), text('city'), stateZip, text('country')]);
  const website = text('website');
  const twitter = twitterHandle(text('twitterhandle'));
  const company = text('company');
  const title = text('jobtitle');
  return {
    id: record.id,
    name: name || emails[0] || phones[0] || `HubSpot contact ${record.id}`,
    ...(company ? { company } : {}),
    ...(title ? { title } : {}),
    emails,
    phones,
    ...(address ? { address } : {}),
    websites: website ? [website] : [],
    ...(twitter ? { twitter } : {}),
    ...(portal ? { url: contactUrl(portal, record.id) } : {}),
    updatedAt: contactUpdateTime(record),
  };
}

/**
 * HubSpot keeps phones as typed. A number typed with its country code is unambiguous and goes out in
 * E.164; a local one stays as typed, since its country cannot be known here.
 */
function phoneAsStored(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const international = phone.startsWith('00') ? `+${phone.slice(2)}` : phone;
  return international.startsWith('+') ? (toE164(international) ?? phone) : phone;
}
