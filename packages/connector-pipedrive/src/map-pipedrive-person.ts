import type { ConnectorContact } from '@talkbridge/core';
import type { PipedriveSyncedPerson } from './pipedrive-api.js';
import { pipedriveAppUrl } from './pipedrive-links.js';
import { textsOf } from './pipedrive-person-lookup.js';

export interface PersonMappingContext {
  appOrigin: string | undefined;
  /** The name of the person's organization, looked up by `org_id`. */
  company: string | undefined;
}

/**
 * A Pipedrive person as a Talkdesk contact. Pipedrive persons have no website or Twitter fields; the
 * job title and postal address come only from companies with contact sync enabled; the photo needs a
 * call per person (`/persons/{id}/picture`), so it is left out.
 */
export function mapPipedrivePerson(
  person: PipedriveSyncedPerson,
  context: PersonMappingContext,
): ConnectorContact {
  const emails = unique(textsOf(person.emails).map((email) => email.trim()));
  const phones = unique(textsOf(person.phones).map((phone) => phone.trim()));
  const fullName = [person.first_name, person.last_name]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(' ');
  const url = pipedriveAppUrl(context.appOrigin, 'person', person.id);
  const title = person.job_title?.trim();
  const address = person.postal_address?.value?.trim();
  return {
    id: String(person.id),
    // Pipedrive requires a name, but the contract needs one even for odd records.
    name: person.name?.trim() || fullName || emails[0] || phones[0] || `Person ${person.id}`,
    ...(context.company ? { company: context.company } : {}),
    ...(title ? { title } : {}),
    emails,
    phones,
    ...(address ? { address } : {}),
    ...(url ? { url } : {}),
    // An unreadable time makes the pipeline refuse the page (upstream_invalid_response), naming the person.
    updatedAt: person.update_time ?? person.add_time ?? '',
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
