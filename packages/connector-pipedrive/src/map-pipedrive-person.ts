import { type ConnectorContact, distinct, fullName } from '@talkbridge/core';
import { type PipedriveSyncedPerson, textsOf } from './pipedrive-api.js';
import { pipedriveAppUrl } from './pipedrive-links.js';

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
  const emails = distinct(textsOf(person.emails));
  const phones = distinct(textsOf(person.phones));
  const url = pipedriveAppUrl(context.appOrigin, 'person', person.id);
  const title = person.job_title?.trim();
  const address = person.postal_address?.value?.trim();
  return {
    id: String(person.id),
    // Pipedrive requires a name, but the contract needs one even for odd records.
    name:
      person.name?.trim() ||
      fullName(person.first_name, person.last_name) ||
      emails[0] ||
      phones[0] ||
      `Person ${person.id}`,
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
