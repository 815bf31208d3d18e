import { describe, expect, it } from 'vitest';
import persons from './__fixtures__/persons.json' with { type: 'json' };
import { mapPipedrivePerson } from './map-pipedrive-person.js';
import type { PipedriveSyncedPerson } from './pipedrive-api.js';

const APP = 'https://acme.pipedrive.com';
const jane = persons.data.find((person) => person.id === 1042) as PipedriveSyncedPerson;
const person = (fields: Partial<PipedriveSyncedPerson>): PipedriveSyncedPerson => ({ ...jane, ...fields });

describe('mapPipedrivePerson', () => {
  it('maps every field Pipedrive has: name, company, title, emails, phones, address, link, update time', () => {
    expect(mapPipedrivePerson(jane, { appOrigin: APP, company: 'Acme Inc' })).toEqual({
      id: '1042',
      name: 'Jane Doe',
      company: 'Acme Inc',
      title: 'CTO',
      emails: ['jane.doe@example.com', 'jane@example.net'],
      phones: ['415-555-0132'],
      address: '37 Famous St, New York, NY 10001, USA',
      url: `${APP}/person/1042`,
      updatedAt: '2025-03-04T15:10:00Z',
    });
  });

  it('leaves out what the person lacks (contact sync off, no organization, no web app address)', () => {
    const bare = person({ job_title: null, postal_address: null, org_id: null, emails: [], phones: null });
    expect(mapPipedrivePerson(bare, { appOrigin: undefined, company: undefined })).toEqual({
      id: '1042',
      name: 'Jane Doe',
      emails: [],
      phones: [],
      updatedAt: '2025-03-04T15:10:00Z',
    });
  });

  it('drops empty and repeated emails and phones, trimming them', () => {
    const mapped = mapPipedrivePerson(
      person({
        emails: [
          { value: ' jane.doe@example.com ' },
          { value: 'jane.doe@example.com' },
          { value: '' },
          'x@y.z',
        ],
        phones: [{ value: null }, { value: '415-555-0132' }],
      }),
      { appOrigin: APP, company: undefined },
    );
    expect(mapped.emails).toEqual(['jane.doe@example.com', 'x@y.z']);
    expect(mapped.phones).toEqual(['415-555-0132']);
  });

  it.each([
    [{ name: '  ', first_name: 'Jane', last_name: 'Doe' }, 'Jane Doe'],
    [{ name: null, first_name: null, last_name: null }, 'jane.doe@example.com'],
    [{ name: null, first_name: null, last_name: null, emails: [] }, '415-555-0132'],
    [{ name: null, first_name: null, last_name: null, emails: [], phones: [] }, 'Person 1042'],
  ])('always has a name: %o → %s', (fields, name) => {
    expect(mapPipedrivePerson(person(fields), { appOrigin: APP, company: undefined }).name).toBe(name);
  });

  it('falls back to the creation time, and leaves an unreadable time for the pipeline to refuse', () => {
    expect(
      mapPipedrivePerson(person({ update_time: null }), { appOrigin: APP, company: undefined }).updatedAt,
    ).toBe('2024-10-01T09:00:00Z');
    expect(
      mapPipedrivePerson(person({ update_time: null, add_time: null }), {
        appOrigin: APP,
        company: undefined,
      }).updatedAt,
    ).toBe('');
  });
});
