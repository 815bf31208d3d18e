import { toTalkdeskDate } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import notes from './__fixtures__/notes.json' with { type: 'json' };
import {
  mapPipedriveNote,
  NOTE_SUBJECT_LENGTH,
  PIPEDRIVE_NOTE_PRIORITY,
  PIPEDRIVE_NOTE_STATUS,
} from './map-pipedrive-note.js';
import type { PipedriveNote } from './pipedrive-api.js';

const APP = 'https://acme.pipedrive.com';
const context = { appOrigin: APP, contactId: '1042' };
const [dealNote, personNote] = notes.data as PipedriveNote[];

describe('mapPipedriveNote', () => {
  it('maps a deal note: HTML stripped, its deal page, created date in UTC, closed, no priority', () => {
    const mapped = mapPipedriveNote(dealNote!, context);
    expect(mapped).toEqual({
      id: 'note-5001',
      subject: 'Call recap: Jane wants SSO & audit logs before signing. Send the security docs',
      description: 'Call recap: Jane wants SSO & audit logs before signing. Send the security docs',
      date: '2025-03-04 15:10:00',
      url: `${APP}/deal/77`,
      status: 'closed',
      priority: 'none',
    });
    // Pipedrive v1 times carry no zone and are UTC.
    expect(toTalkdeskDate(mapped.date)).toBe('2025-03-04 15:10:00 UTC');
  });

  it("links a note without a deal to the person's page", () => {
    expect(mapPipedriveNote(personNote!, context).url).toBe(`${APP}/person/1042`);
    expect(mapPipedriveNote({ ...personNote!, person_id: null }, { ...context, contactId: '9' }).url).toBe(
      `${APP}/person/9`,
    );
    expect(mapPipedriveNote(personNote!, { ...context, appOrigin: undefined })).not.toHaveProperty('url');
  });

  it('cuts a long note to a short subject and a longer plain-text description', () => {
    const long = `<p>${'word '.repeat(100)}</p>`;
    const mapped = mapPipedriveNote({ ...personNote!, content: long }, context);
    expect(mapped.subject.length).toBeLessThanOrEqual(NOTE_SUBJECT_LENGTH);
    expect(mapped.subject).toMatch(/^word word .*…$/);
    expect(mapped.description?.length).toBeGreaterThan(NOTE_SUBJECT_LENGTH);
    expect(mapped.description).not.toMatch(/[<>]/);
  });

  it('names an empty note by its deal, or just "Note"', () => {
    const empty = mapPipedriveNote({ ...dealNote!, content: '<p> </p>' }, context);
    expect(empty.subject).toBe('Note on Acme annual plan');
    expect(empty).not.toHaveProperty('description');
    expect(mapPipedriveNote({ ...personNote!, content: null }, context).subject).toBe('Note');
  });

  it('uses the fixed status and priority of notes', () => {
    expect(PIPEDRIVE_NOTE_STATUS).toBe('closed');
    expect(PIPEDRIVE_NOTE_PRIORITY).toBe('none');
    expect(mapPipedriveNote(personNote!, context)).toMatchObject({ status: 'closed', priority: 'none' });
  });
});
