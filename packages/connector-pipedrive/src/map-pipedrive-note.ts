import {
  type ConnectorInteraction,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
} from '@talkbridge/core';
import type { PipedriveNote } from './pipedrive-api.js';
import { pipedriveItemUrl } from './pipedrive-links.js';

/** A note is a record of something that happened: it has no status or priority in Pipedrive. */
export const PIPEDRIVE_NOTE_STATUS: InteractionStatus = 'closed';
export const PIPEDRIVE_NOTE_PRIORITY: InteractionPriority = 'none';

/** Subjects are the note's opening words, cut at a word boundary. */
export const NOTE_SUBJECT_LENGTH = 80;

export interface NoteMappingContext {
  appOrigin: string | undefined;
  /** The person the note was listed for. */
  contactId: string;
}

export function mapPipedriveNote(note: PipedriveNote, context: NoteMappingContext): ConnectorInteraction {
  const url = pipedriveItemUrl(context.appOrigin, note, context.contactId);
  // Notes are HTML (Pipedrive's rich-text editor): agents get plain text.
  const description = plainTextPreview(note.content);
  const dealTitle = note.deal?.title?.trim();
  return {
    id: `note-${note.id}`,
    subject:
      plainTextPreview(note.content, NOTE_SUBJECT_LENGTH) ?? (dealTitle ? `Note on ${dealTitle}` : 'Note'),
    ...(description ? { description } : {}),
    date: note.add_time ?? '',
    ...(url ? { url } : {}),
    status: PIPEDRIVE_NOTE_STATUS,
    priority: PIPEDRIVE_NOTE_PRIORITY,
  };
}
