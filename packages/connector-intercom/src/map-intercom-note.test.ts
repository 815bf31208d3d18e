import { describe, expect, it } from 'vitest';
import notes from './__fixtures__/notes.json' with { type: 'json' };
import { type IntercomNote, intercomNoteListSchema } from './intercom-api.js';
import { intercomAgentLinks } from './intercom-regions.js';
import { INTERCOM_NOTE_PRIORITY, INTERCOM_NOTE_STATUS, mapIntercomNote } from './map-intercom-note.js';

const links = intercomAgentLinks('us', 'ecahpwf5');
const contactId = '6762f0d01bb69f9f2193bb7d';
const fixtures = intercomNoteListSchema.parse(notes).data ?? [];
const base: IntercomNote = { id: '30', created_at: 1733932587, body: '<p>Hi</p>', author: { name: 'Ann' } };
const map = (note: Partial<IntercomNote>) => mapIntercomNote({ ...base, ...note }, contactId, links);

describe('mapIntercomNote', () => {
  it("maps the fixture notes: text as subject and description, linked to the contact's profile", () => {
    expect(fixtures.map((note) => mapIntercomNote(note, contactId, links))).toEqual([
      {
        id: 'note-26',
        subject: 'Called the customer: prefers email follow-ups.',
        description: 'Called the customer: prefers email follow-ups.',
        date: 1733932587000,
        url: `https://app.intercom.com/a/apps/ecahpwf5/users/${contactId}`,
        status: 'closed',
        priority: 'none',
      },
      {
        id: 'note-25',
        subject: 'This is a note.',
        description: 'This is a note.',
        date: 1733846187000,
        url: `https://app.intercom.com/a/apps/ecahpwf5/users/${contactId}`,
        status: 'closed',
        priority: 'none',
      },
    ]);
  });

  it('gives every note the fixed status and priority (notes have neither in Intercom)', () => {
    expect(INTERCOM_NOTE_STATUS).toBe('closed');
    expect(INTERCOM_NOTE_PRIORITY).toBe('none');
    expect(map({})).toMatchObject({ status: 'closed', priority: 'none' });
  });

  it('cuts a long note to a short subject and keeps a longer plain-text description', () => {
    const body = `<p>${'detail '.repeat(60)}</p>`;
    const mapped = map({ body });
    expect(mapped.subject.length).toBeLessThanOrEqual(80);
    expect(mapped.description?.length).toBeGreaterThan(80);
    expect(mapped.description).not.toContain('<');
  });

  it('names the author when the note has no text, and leaves the description out', () => {
    const mapped = map({ body: '<p> </p>' });
    expect(mapped.subject).toBe('Note by Ann');
    expect(mapped).not.toHaveProperty('description');
    expect(map({ body: null, author: null }).subject).toBe('Note');
  });

  it('dates the note by its creation time', () => {
    expect(map({ created_at: 1700000002 }).date).toBe(1700000002000);
  });

  it('links to the profile in the region, or not at all without a workspace id', () => {
    expect(mapIntercomNote(base, 'c 1', intercomAgentLinks('au', 'w2')).url).toBe(
      'https://app.au.intercom.com/a/apps/w2/users/c%201',
    );
    expect(mapIntercomNote(base, contactId, intercomAgentLinks('us', ''))).not.toHaveProperty('url');
  });
});
