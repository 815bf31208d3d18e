import { describe, expect, it } from 'vitest';
import { toContactQuery } from './contact-query.js';

describe('toContactQuery', () => {
  it('maps the spec example', () => {
    expect(
      toContactQuery({
        contact_external_id: '1',
        contact_name: 'Jane',
        contact_emails: ['jane.doe@example.com', 'jane@example.com'],
        contact_phones: ['+15555555555'],
      }),
    ).toEqual({
      externalId: '1',
      name: 'Jane',
      emails: ['jane.doe@example.com', 'jane@example.com'],
      phones: ['+15555555555'],
    });
  });

  it('trims, lower-cases and de-duplicates emails, keeping first-seen order', () => {
    const query = toContactQuery({
      contact_emails: ['  Jane@Example.COM ', 'joe@example.com', 'jane@example.com', 'JOE@EXAMPLE.COM\t'],
    });
    expect(query.emails).toEqual(['jane@example.com', 'joe@example.com']);
  });

  it('drops blank emails', () => {
    expect(toContactQuery({ contact_emails: ['', '   ', 'a@b.co', '\n'] }).emails).toEqual(['a@b.co']);
  });

  it('normalises phones to E.164 and de-duplicates them', () => {
    const query = toContactQuery({
      contact_phones: ['(555) 555-5555', '+1 555-555-5555', '555.555.5555', '+44 20 7946 0958'],
    });
    expect(query.phones).toEqual(['+15555555555', '+442079460958']);
  });

  it('drops blank and unparsable phones', () => {
    const query = toContactQuery({ contact_phones: ['', '  ', 'call me maybe', '12', '(212) 555-0100'] });
    expect(query.phones).toEqual(['+12125550100']);
  });

  it('reads national phone numbers in the given default country', () => {
    expect(toContactQuery({ contact_phones: ['020 7946 0958'] }, 'GB').phones).toEqual(['+442079460958']);
    expect(toContactQuery({ contact_phones: ['020 7946 0958'] }).phones).not.toEqual(['+442079460958']);
  });

  it('trims the external id and the name', () => {
    const query = toContactQuery({ contact_external_id: '  42 ', contact_name: ' Jane Doe  ' });
    expect(query.externalId).toBe('42');
    expect(query.name).toBe('Jane Doe');
  });

  it('omits an empty, blank or null external id and name', () => {
    for (const value of ['', '   ', null, undefined]) {
      const query = toContactQuery({ contact_external_id: value, contact_name: value });
      expect(query).toEqual({ emails: [], phones: [] });
      expect('externalId' in query).toBe(false);
      expect('name' in query).toBe(false);
    }
  });

  it('gives empty lists for missing or null emails and phones', () => {
    expect(toContactQuery({})).toEqual({ emails: [], phones: [] });
    expect(toContactQuery({ contact_emails: null, contact_phones: null })).toEqual({
      emails: [],
      phones: [],
    });
  });
});
