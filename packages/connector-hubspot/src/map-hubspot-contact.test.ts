import { describe, expect, it } from 'vitest';
import type { HubspotObject } from './hubspot-api.js';
import { contactUpdateTime, mapHubspotContact } from './map-hubspot-contact.js';

const portal = { portalId: '7654321', uiDomain: 'app-eu1.hubspot.com' };
const contact = (properties: Record<string, unknown>, extra: Partial<HubspotObject> = {}): HubspotObject => ({
  id: '42',
  properties: { lastmodifieddate: '2025-03-04T15:21:02.004Z', ...properties },
  ...extra,
});

describe('mapHubspotContact', () => {
  it('names the contact by first and last name, else its email, phone or id', () => {
    expect(mapHubspotContact(contact({ firstname: 'Ana', lastname: null }), portal).name).toBe('Ana');
    expect(mapHubspotContact(contact({ lastname: 'Lima' }), portal).name).toBe('Lima');
    expect(mapHubspotContact(contact({ email: 'ana@example.com' }), portal).name).toBe('ana@example.com');
    expect(mapHubspotContact(contact({ mobilephone: '+351 912 345 678' }), portal).name).toBe(
      '+351912345678',
    );
    expect(mapHubspotContact(contact({ firstname: '  ' }), portal).name).toBe('HubSpot contact 42');
  });

  it('merges the primary and additional emails once each, whatever their case', () => {
    const mapped = mapHubspotContact(
      contact({
        email: 'Ana@Example.com',
        hs_additional_emails: 'ana@example.com;ana@work.example, a@b.example',
      }),
      portal,
    );
    expect(mapped.emails).toEqual(['Ana@Example.com', 'ana@work.example', 'a@b.example']);
  });

  it('sends international phones in E.164 and keeps local ones as typed, once each', () => {
    expect(
      mapHubspotContact(contact({ phone: '0044 20 7946 0321', mobilephone: '+44 20 7946 0321' }), portal)
        .phones,
    ).toEqual(['+442079460321']);
    expect(
      mapHubspotContact(contact({ phone: '(617) 555-0142', mobilephone: '+1 banana' }), portal).phones,
    ).toEqual(['(617) 555-0142', '+1 banana']);
  });

  it('reads the Twitter username out of a handle or a profile link', () => {
    for (const handle of [
      '@ana',
      'ana',
      'https://twitter.com/ana',
      'x.com/ana?lang=en',
      'https://www.x.com/ana/',
    ]) {
      expect(mapHubspotContact(contact({ twitterhandle: handle }), portal).twitter).toBe('ana');
    }
    expect(mapHubspotContact(contact({ twitterhandle: 'https://x.com/' }), portal)).not.toHaveProperty(
      'twitter',
    );
  });

  it('builds the address from its parts and links the record on the portal’s own UI domain', () => {
    const mapped = mapHubspotContact(
      contact({ city: 'Lisboa', country: 'Portugal', zip: '1100-148' }),
      portal,
    );
    expect(mapped.address).toBe('Lisboa, 1100-148, Portugal');
    expect(mapped.url).toBe('https://app-eu1.hubspot.com/contacts/7654321/record/0-1/42');
    expect(mapHubspotContact(contact({}), undefined)).not.toHaveProperty('url');
  });

  it('takes the update time from lastmodifieddate, else updatedAt', () => {
    expect(contactUpdateTime(contact({}))).toBe(Date.parse('2025-03-04T15:21:02.004Z'));
    expect(
      contactUpdateTime(contact({ lastmodifieddate: null }, { updatedAt: '2025-01-01T00:00:00.000Z' })),
    ).toBe(Date.parse('2025-01-01T00:00:00.000Z'));
    expect(contactUpdateTime(contact({ lastmodifieddate: '1741101662004' }))).toBe(1741101662004);
    expect(contactUpdateTime(contact({ lastmodifieddate: 'soon' }))).toBeNaN();
  });
});
