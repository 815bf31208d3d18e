import { describe, expect, it } from 'vitest';
import {
  contactsHoldingEmails,
  contactsHoldingPhones,
  emailSearchRequest,
  MAX_FILTER_GROUPS,
  nationalVariants,
  phoneSearchRequest,
} from './hubspot-contact-search.js';

describe('nationalVariants', () => {
  it.each([
    ['+16175550142', ['6175550142']],
    ['+442079460321', ['2079460321', '02079460321']],
    ['+4930123456', ['30123456', '030123456']],
    ['+353861234567', ['861234567', '0861234567']],
    ['+79161234567', ['9161234567', '09161234567']],
    ['+551155556666', ['1155556666', '01155556666']],
  ])('splits %s after its country calling code', (e164, expected) => {
    expect(nationalVariants(e164)).toEqual(expected);
  });

  it('gives nothing for numbers too short to carry a national number', () => {
    expect(nationalVariants('+1')).toEqual([]);
    expect(nationalVariants('+44123')).toEqual([]);
  });
});

describe('phoneSearchRequest', () => {
  it('puts every phone in the same four exact groups, within HubSpot’s limit', () => {
    const request = phoneSearchRequest(['+16175550142', '+442079460321']);
    expect(request.filterGroups.length).toBeLessThanOrEqual(MAX_FILTER_GROUPS);
    expect(request.filterGroups.map((group) => group.filters[0]?.operator)).toEqual(['IN', 'IN', 'IN', 'IN']);
    expect(request.filterGroups[0]?.filters[0]?.values).toEqual(['6175550142', '2079460321', '02079460321']);
    expect(request.filterGroups[2]?.filters[0]?.values).toEqual(['+16175550142', '+442079460321']);
  });
});

describe('emailSearchRequest', () => {
  it('sends CONTAINS_TOKEN only for plain addresses: no wildcard, space, quote or separator', () => {
    const request = emailSearchRequest([
      'plain.name+tag@example.com',
      '*@example.com',
      'a b@example.com',
      'x"y@example.com',
      "o'brien@example.com",
      'a;b@example.com',
    ]);
    const tokens = request.filterGroups.slice(1).map((group) => group.filters[0]?.value);
    expect(tokens).toEqual(['plain.name+tag@example.com']);
    expect(request.filterGroups[0]?.filters[0]?.values).toHaveLength(6);
  });
});

describe('contactsHoldingEmails', () => {
  it('keeps contacts whose primary or additional address is one of the emails, case-insensitively', () => {
    const contacts = [
      { id: '1', properties: { email: 'Jane@Example.com' } },
      {
        id: '2',
        properties: { email: 'other@example.com', hs_additional_emails: 'x@example.com;jane@example.org' },
      },
      {
        id: '3',
        properties: { email: 'jane@example.com.evil', hs_additional_emails: 'notjane@example.com' },
      },
      { id: '4', properties: null },
    ];
    expect(
      contactsHoldingEmails(contacts, ['jane@example.com', 'jane@example.org']).map((contact) => contact.id),
    ).toEqual(['1', '2']);
  });
});

describe('contactsHoldingPhones', () => {
  it('keeps contacts whose phone or mobile is the number in any formatting', () => {
    const contacts = [
      { id: '1', properties: { phone: '(617) 555-0142' } },
      { id: '2', properties: { phone: null, mobilephone: '07700 900123' } },
      { id: '3', properties: { phone: '+44 617 555 0142' } },
      { id: '4', properties: { phone: '+1 617-555-0142 ext. 12' } },
    ];
    expect(
      contactsHoldingPhones(contacts, ['+16175550142', '+447700900123']).map((contact) => contact.id),
    ).toEqual(['1', '2', '4']);
  });
});
