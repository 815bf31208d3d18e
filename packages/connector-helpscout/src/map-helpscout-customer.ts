// Help Scout customer → Talkdesk synced contact. Pure: no calls, no clock.
import { type ConnectorContact, fullName, twitterHandle } from '@talkbridge/core';
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
    fullName(customer.firstName, customer.lastName) || emails[0] || `Help Scout customer ${customer.id}`;
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
