// Help Scout customer → Talkdesk synced contact. Pure: no calls, no clock.
import type { ConnectorContact } from '@talkbridge/core';
import type { HelpScoutCustomer } from './helpscout-api.js';

/** The customer's page in the agent UI (`0`: across all inboxes). */
export function helpScoutCustomerUrl(id: string): string {
  return `https://secure.helpscout.net/customer/${encodeURIComponent(id)}/0/`;
}

/** When the customer last changed, else when it was created; undefined when Help Scout sent neither. */
export function customerUpdateTime(customer: HelpScoutCustomer): number | undefined {
  for (const text of [customer.updatedAt, customer.createdAt]) {
    if (!text) continue;
    const time = Date.parse(text);
    if (!Number.isNaN(time)) return time;
  }
  return undefined;
}

/** Every field Talkdesk takes that the customer list gives; `updatedAt` from `customerUpdateTime`. */
export function mapHelpScoutCustomer(customer: HelpScoutCustomer, updatedAt: number): ConnectorContact {
  const embedded = customer._embedded;
  const values = (entries: readonly { value?: string | null | undefined }[] | null | undefined) =>
    (entries ?? []).flatMap((entry) => (entry.value?.trim() ? [entry.value.trim()] : []));
  const emails = values(embedded?.emails);
  const name =
    [customer.firstName, customer.lastName]
      .map((part) => part?.trim())
      .filter(Boolean)
      .join(' ') ||
    emails[0] ||
    `Help Scout customer ${customer.id}`;
  const twitter = (embedded?.social_profiles ?? [])
    .filter((profile) => profile.type?.toLowerCase() === 'twitter')
    .map((profile) => twitterHandle(profile.value))
    .find((handle) => handle !== undefined);
  return {
    id: customer.id,
    name,
    ...(customer.organization?.trim() ? { company: customer.organization.trim() } : {}),
    ...(customer.jobTitle?.trim() ? { title: customer.jobTitle.trim() } : {}),
    emails,
    phones: values(embedded?.phones),
    ...(customer.photoUrl?.trim() ? { photo_url: customer.photoUrl.trim() } : {}),
    ...(customer.location?.trim() ? { address: customer.location.trim() } : {}),
    websites: values(embedded?.websites),
    ...(twitter ? { twitter } : {}),
    url: helpScoutCustomerUrl(customer.id),
    updatedAt,
  };
}

/**
 * The username of a Twitter/X profile Help Scout stores either as a handle (`@jane`, `jane`) or as a URL
 * (`https://twitter.com/jane`, `x.com/jane`).
 */
export function twitterHandle(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const url = /^(?:https?:\/\/)?(?:www\.|mobile\.)?(?:twitter\.com|x\.com)\/@?([A-Za-z0-9_]{1,30})/i.exec(
    text,
  );
  if (url) return url[1];
  const handle = /^@?([A-Za-z0-9_]{1,30})$/.exec(text);
  return handle?.[1];
}
