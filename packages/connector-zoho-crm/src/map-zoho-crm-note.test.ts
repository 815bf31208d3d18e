import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import notes from './__fixtures__/notes.json' with { type: 'json' };
import { createZohoNoteMapper, ZOHO_NOTE_PRIORITY, ZOHO_NOTE_STATUS } from './map-zoho-crm-note.js';
import { zohoNoteSchema } from './zoho-crm-api.js';
import { zohoWebLinks } from './zoho-crm-web.js';

const options = {
  links: zohoWebLinks('https://www.zohoapis.in'),
  log: createCaptureLogger(),
  now: Date.parse('2025-06-01T12:00:00Z'),
};

describe('mapZohoNote', () => {
  it('maps a note: title, HTML content as plain text, created date, link to the contact it is on', () => {
    const map = createZohoNoteMapper(options, 'Contacts', '3652397000000624001');
    expect(map(zohoNoteSchema.parse(notes.data[0]))).toEqual({
      id: 'note-3652397000000660001',
      subject: 'Renewal call',
      description: 'Wants the Enterprise plan & a 2-year term.',
      date: '2025-02-27T17:45:00+01:00',
      url: 'https://crm.zoho.in/crm/tab/Contacts/3652397000000624001',
      status: 'closed',
      priority: 'none',
    });
  });

  it('an untitled note takes its subject from the content; a lead note links to the lead', () => {
    const map = createZohoNoteMapper(options, 'Leads', '3652397000000625001');
    const mapped = map(zohoNoteSchema.parse({ ...notes.data[1]!, Parent_Id: null }));
    expect(mapped.subject).toBe('Prefers email over phone.');
    expect(mapped.url).toBe('https://crm.zoho.in/crm/tab/Leads/3652397000000625001');
  });

  it('a note without title or content is "Note", without a description', () => {
    const map = createZohoNoteMapper(options, 'Contacts', '1');
    const mapped = map(zohoNoteSchema.parse({ id: '9', Note_Title: null, Note_Content: '<p> </p>' }));
    expect(mapped.subject).toBe('Note');
    expect(mapped).not.toHaveProperty('description');
    expect(mapped.date).toBe('');
  });

  it('notes are always closed and without priority', () => {
    expect(ZOHO_NOTE_STATUS).toBe('closed');
    expect(ZOHO_NOTE_PRIORITY).toBe('none');
  });
});
