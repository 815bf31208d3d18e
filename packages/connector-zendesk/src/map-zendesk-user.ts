// Pure mapping of Zendesk users to Talkdesk contacts and agents.
import type { Agent, ConnectorContact } from '@talkbridge/core';
import type { ZendeskIdentity, ZendeskSyncUser } from './zendesk-api.js';

/** What an export page sideloads about its users. */
export interface ZendeskUserRelations {
  identities?: readonly ZendeskIdentity[] | null | undefined;
  organizations?: readonly { id: number; name?: string | null | undefined }[] | null | undefined;
}

export type ZendeskContactMapper = (user: ZendeskSyncUser) => ConnectorContact;

/**
 * Maps the users of one export page. Emails and phones are the user's primary ones followed by every other
 * identity of that type (duplicates removed); `company` is the default organization's name; `address` is
 * the free-text `details` field; `twitter` the X/Twitter identity's handle; `url` the user's page in the
 * agent interface.
 */
export function createZendeskContactMapper(
  relations: ZendeskUserRelations,
  userUrl: (id: number) => string | undefined,
): ZendeskContactMapper {
  const identitiesByUser = new Map<number, ZendeskIdentity[]>();
  for (const identity of relations.identities ?? []) {
    const list = identitiesByUser.get(identity.user_id) ?? [];
    list.push(identity);
    identitiesByUser.set(identity.user_id, list);
  }
  const organizationNames = new Map<number, string>();
  for (const organization of relations.organizations ?? []) {
    const name = organization.name?.trim();
    if (name) organizationNames.set(organization.id, name);
  }

  return (user) => {
    // Primary identities first, so the first email and phone are the ones Zendesk shows first.
    const identities = [...(identitiesByUser.get(user.id) ?? [])].sort(
      (a, b) => Number(b.primary === true) - Number(a.primary === true),
    );
    const valuesOf = (type: string) =>
      identities.filter((identity) => identity.type === type).map((identity) => identity.value);
    const emails = distinct([user.email, ...valuesOf('email')], (email) => email.toLowerCase());
    const phones = distinct([user.phone, ...valuesOf('phone_number')], (phone) =>
      phone.replace(/[^\d+]/g, ''),
    );
    const twitter = distinct(valuesOf('twitter'), (handle) => handle.toLowerCase())[0]?.replace(/^@/, '');
    const company =
      user.organization_id !== null && user.organization_id !== undefined
        ? organizationNames.get(user.organization_id)
        : undefined;
    const url = userUrl(user.id);
    const address = user.details?.trim();
    const photoUrl = user.photo?.content_url?.trim();

    return {
      id: String(user.id),
      name: user.name?.trim() || emails[0] || phones[0] || `Zendesk user ${user.id}`,
      ...(company ? { company } : {}),
      ...(emails.length > 0 ? { emails } : {}),
      ...(phones.length > 0 ? { phones } : {}),
      ...(photoUrl ? { photo_url: photoUrl } : {}),
      ...(address ? { address } : {}),
      ...(twitter ? { twitter } : {}),
      ...(url ? { url } : {}),
      // A user without an update time is a broken answer: the pipeline reports it.
      updatedAt: user.updated_at ?? '',
    };
  };
}

/** An agent for Talkdesk, or undefined for a user Talkdesk could not use (no email). */
export function mapZendeskAgent(user: ZendeskSyncUser): Agent | undefined {
  const email = user.email?.trim();
  if (!email) return undefined;
  return { id: String(user.id), name: user.name?.trim() || email, email };
}

/** Trimmed, non-empty values, the first of each `key` kept, in order. */
function distinct(values: readonly (string | null | undefined)[], key: (value: string) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const value = raw?.trim();
    if (!value) continue;
    const id = key(value);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(value);
  }
  return out;
}
