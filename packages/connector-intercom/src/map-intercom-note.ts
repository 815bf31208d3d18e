import {
  type ConnectorInteraction,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
} from '@talkbridge/core';
import type { IntercomNote } from './intercom-api.js';
import type { IntercomAgentLinks } from './intercom-regions.js';
import { fromEpochSeconds, SUBJECT_PREVIEW_LENGTH } from './map-intercom-conversation.js';

/** A note is a finished record, not work in progress: it has no native status or priority. */
export const INTERCOM_NOTE_STATUS: InteractionStatus = 'closed';
export const INTERCOM_NOTE_PRIORITY: InteractionPriority = 'none';

/**
 * An Intercom note on a contact as a Talkdesk interaction. Notes have no page of their own in the agent UI:
 * the link opens the contact's profile, where its notes are listed.
 */
export function mapIntercomNote(
  note: IntercomNote,
  contactId: string,
  links: IntercomAgentLinks,
): ConnectorInteraction {
  const description = plainTextPreview(note.body);
  const author = note.author?.name?.trim();
  const url = links.contact(contactId);
  return {
    id: `note-${note.id}`,
    subject: plainTextPreview(note.body, SUBJECT_PREVIEW_LENGTH) ?? (author ? `Note by ${author}` : 'Note'),
    ...(description ? { description } : {}),
    date: fromEpochSeconds(note.created_at),
    ...(url ? { url } : {}),
    status: INTERCOM_NOTE_STATUS,
    priority: INTERCOM_NOTE_PRIORITY,
  };
}
