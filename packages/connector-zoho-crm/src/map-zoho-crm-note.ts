import { type ConnectorInteraction, plainTextPreview } from '@talkbridge/core';
import type { ZohoNote } from './zoho-crm-api.js';
import { firstText, type ZohoMappingOptions } from './zoho-crm-mapping.js';
import type { ZohoTab } from './zoho-crm-web.js';

/** Notes have no status or priority in Zoho: a note is a closed record of what happened. */
export const ZOHO_NOTE_STATUS = 'closed' as const;
export const ZOHO_NOTE_PRIORITY = 'none' as const;

const UNTITLED_SUBJECT_LENGTH = 80;

/**
 * Notes → Talkdesk. A note has no page of its own in the CRM: its link opens the contact or lead it is
 * attached to (`parentTab`), where the note is listed.
 */
export function createZohoNoteMapper(
  options: ZohoMappingOptions,
  parentTab: Extract<ZohoTab, 'Contacts' | 'Leads'>,
  parentId: string,
): (record: ZohoNote) => ConnectorInteraction {
  return (record) => {
    const description = plainTextPreview(record.Note_Content);
    return {
      id: `note-${record.id}`,
      subject:
        firstText(record.Note_Title) ??
        plainTextPreview(record.Note_Content, UNTITLED_SUBJECT_LENGTH) ??
        'Note',
      ...(description ? { description } : {}),
      date: record.Created_Time ?? '',
      url: options.links.record(parentTab, record.Parent_Id?.id ?? parentId),
      status: ZOHO_NOTE_STATUS,
      priority: ZOHO_NOTE_PRIORITY,
    };
  };
}
