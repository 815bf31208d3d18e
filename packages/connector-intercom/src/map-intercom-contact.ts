import { type ConnectorContact, toE164 } from '@talkbridge/core';
import type { IntercomSyncedContact } from './intercom-api.js';
import type { IntercomAgentLinks } from './intercom-regions.js';

const TWITTER_HOSTS = new Set(['twitter.com', 'www.twitter.com', 'x.com', 'www.x.com']);

/**
 * An Intercom contact (user or lead) as a Talkdesk contact. Intercom's contact has no job title and names
 * no company (only company ids: a name would cost one call per contact), so `title` and `company` stay
 * empty. Social profiles give `twitter` (the handle) and `websites` (every other profile's URL).
 */
export function mapIntercomContact(
  contact: IntercomSyncedContact,
  links: IntercomAgentLinks,
): ConnectorContact {
  const email = contact.email?.trim();
  const phone = contact.phone?.trim();
  const photo = typeof contact.avatar === 'string' ? contact.avatar : contact.avatar?.image_url;
  const profiles = (contact.social_profiles?.data ?? []).flatMap((profile) =>
    profile.url ? [{ name: profile.name ?? '', url: profile.url.trim() }] : [],
  );
  const twitter = profiles.map((profile) => twitterHandle(profile.url)).find((handle) => handle);
  const websites = profiles.filter((profile) => !twitterHandle(profile.url)).map((profile) => profile.url);
  const address = addressOf(contact.location);
  const url = links.contact(contact.id);
  return {
    id: contact.id,
    name:
      contact.name?.trim() || email || phone || (contact.role === 'lead' ? 'Unnamed lead' : 'Unnamed user'),
    ...(email ? { emails: [email] } : {}),
    ...(phone ? { phones: [talkdeskPhone(phone)] } : {}),
    ...(photo ? { photo_url: photo } : {}),
    ...(address ? { address } : {}),
    ...(websites.length > 0 ? { websites } : {}),
    ...(twitter ? { twitter } : {}),
    ...(url ? { url } : {}),
    // Unix seconds → epoch ms, which core reads as a date.
    updatedAt: contact.updated_at * 1000,
  };
}

/**
 * E.164 when the stored number says its country (`+…` or `00…`); otherwise as typed, since guessing the
 * country of a national number could turn it into someone else's.
 */
function talkdeskPhone(stored: string): string {
  const international = stored.startsWith('00') ? `+${stored.slice(2)}` : stored;
  if (!international.startsWith('+')) return stored;
  return toE164(international) ?? stored;
}

/** City, region, country, without repeats ("Dublin, Dublin, Ireland" reads "Dublin, Ireland"). */
function addressOf(location: IntercomSyncedContact['location']): string | undefined {
  const parts: string[] = [];
  for (const part of [location?.city, location?.region, location?.country]) {
    const text = part?.trim();
    if (text && !parts.some((seen) => seen.toLowerCase() === text.toLowerCase())) parts.push(text);
  }
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** `http://twitter.com/th1sland` → `th1sland`; undefined for any other URL. */
function twitterHandle(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!TWITTER_HOSTS.has(parsed.hostname.toLowerCase())) return undefined;
  const handle = parsed.pathname.split('/').find((segment) => segment !== '');
  return handle && /^@?\w{1,50}$/.test(handle) ? handle.replace(/^@/, '') : undefined;
}
