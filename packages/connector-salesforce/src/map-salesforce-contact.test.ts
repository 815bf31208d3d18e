import { describe, expect, it } from 'vitest';
import contacts from './__fixtures__/contacts.json' with { type: 'json' };
import { contactPhones, mailingAddress, mapSalesforceContact } from './map-salesforce-contact.js';
import { contactRecordSchema, type SalesforceContact } from './salesforce-api.js';

const records = contacts.records.map((record) => contactRecordSchema.parse(record));
const jane = records[0] as SalesforceContact;
const ORIGIN = 'https://acme.my.salesforce.com';

describe('mapSalesforceContact', () => {
  it('maps a fixture Contact: account as company and website, mailing address, Lightning link', () => {
    expect(mapSalesforceContact(jane, { agentOrigin: ORIGIN })).toEqual({
      id: '003Dn00000QX9fLIAT',
      name: 'Jane Doe',
      company: 'Example Inc',
      title: 'Head of Operations',
      emails: ['jane@example.com'],
      phones: ['(415) 555-0132', '+14155550177', '415.555.0132'],
      photo_url: `${ORIGIN}/services/images/photo/003Dn00000QX9fLIAT`,
      address: '1 Market St, Suite 300, San Francisco, CA 94105, United States',
      websites: ['www.example.com'],
      url: `${ORIGIN}/lightning/r/Contact/003Dn00000QX9fLIAT/view`,
      updatedAt: '2025-03-01T12:00:00.000+0000',
    });
  });

  it('links nowhere without an agent origin, and never to a photo URL on another host', () => {
    const contact = mapSalesforceContact(
      { ...jane, PhotoUrl: '//evil.example/p.png' },
      { agentOrigin: undefined },
    );
    expect(contact.url).toBeUndefined();
    expect(contact.photo_url).toBeUndefined();
    expect(
      mapSalesforceContact({ ...jane, PhotoUrl: 'https://evil.example/p.png' }, { agentOrigin: ORIGIN })
        .photo_url,
    ).toBeUndefined();
  });

  it('falls back to the email, then the id, for a nameless record', () => {
    expect(mapSalesforceContact({ ...jane, Name: ' ' }, { agentOrigin: ORIGIN }).name).toBe(
      'jane@example.com',
    );
    expect(mapSalesforceContact({ ...jane, Name: null, Email: null }, { agentOrigin: ORIGIN }).name).toBe(
      jane.Id,
    );
  });
});

describe('contact phones and address', () => {
  it('normalises numbers that carry a country code, and national ones only in a named country', () => {
    const record = { ...jane, Phone: '0044 20 7946 0018', MobilePhone: '020 7946 0018', OtherPhone: null };
    expect(contactPhones(record)).toEqual(['+442079460018', '020 7946 0018']);
    expect(contactPhones(record, 'GB')).toEqual(['+442079460018']);
    expect(contactPhones({ ...jane, Phone: 'ask reception', MobilePhone: null, OtherPhone: null })).toEqual([
      'ask reception',
    ]);
  });

  it('joins street lines, city, state and postal code, and country, skipping what is empty', () => {
    expect(mailingAddress({ ...jane, MailingStreet: ' \n', MailingCity: null, MailingCountry: 'US' })).toBe(
      'CA 94105, US',
    );
    expect(
      mailingAddress({
        ...jane,
        MailingStreet: null,
        MailingCity: null,
        MailingState: null,
        MailingPostalCode: null,
        MailingCountry: null,
      }),
    ).toBeUndefined();
  });
});
