import { describe, expect, it } from 'vitest';
import { intercomSyncedContactSchema } from './intercom-api.js';
import { intercomAgentLinks } from './intercom-regions.js';
import { mapIntercomContact } from './map-intercom-contact.js';

const links = intercomAgentLinks('us', 'ecahpwf5');
const map = (fields: Record<string, unknown>, contactLinks = links) =>
  mapIntercomContact(
    intercomSyncedContactSchema.parse({ id: 'c1', updated_at: 1734600000, ...fields }),
    contactLinks,
  );

describe('mapIntercomContact', () => {
  it('gives the update time in epoch ms and the profile link', () => {
    expect(map({ name: 'Ann' })).toEqual({
      id: 'c1',
      name: 'Ann',
      url: 'https://app.intercom.com/a/apps/ecahpwf5/users/c1',
      updatedAt: 1734600000 * 1000,
    });
  });

  it('leaves the link out when the workspace is unknown', () => {
    expect(map({ name: 'Ann' }, intercomAgentLinks('us', null))).not.toHaveProperty('url');
  });

  it('names a nameless contact by its email, else its phone, else its role', () => {
    expect(map({ name: ' ', email: 'a@example.com', phone: '+15555550100' }).name).toBe('a@example.com');
    expect(map({ phone: '+15555550100' }).name).toBe('+15555550100');
    expect(map({ role: 'lead' }).name).toBe('Unnamed lead');
    expect(map({ role: 'user' }).name).toBe('Unnamed user');
  });

  it('writes international numbers in E.164 and keeps national ones as typed', () => {
    expect(map({ phone: '+1 (415) 555-0132' }).phones).toEqual(['+14155550132']);
    expect(map({ phone: '0044 20 7946 0958' }).phones).toEqual(['+442079460958']);
    expect(map({ phone: '020 7946 0958' }).phones).toEqual(['020 7946 0958']);
    expect(map({ phone: '+1 call me' }).phones).toEqual(['+1 call me']);
  });

  it('reads the avatar as an object or, in older answers, a URL', () => {
    expect(map({ avatar: { type: 'avatar', image_url: 'https://img.example/a.png' } }).photo_url).toBe(
      'https://img.example/a.png',
    );
    expect(map({ avatar: 'https://img.example/b.png' }).photo_url).toBe('https://img.example/b.png');
    expect(map({ avatar: { type: 'avatar', image_url: null } })).not.toHaveProperty('photo_url');
  });

  it('joins city, region and country without repeats', () => {
    expect(map({ location: { city: 'Dublin', region: 'Dublin', country: 'Ireland' } }).address).toBe(
      'Dublin, Ireland',
    );
    expect(map({ location: { city: null, region: 'California', country: 'United States' } }).address).toBe(
      'California, United States',
    );
    expect(
      map({ location: { type: 'location', city: null, region: null, country: null } }),
    ).not.toHaveProperty('address');
  });

  it('takes the Twitter handle from its profile URL and the other profiles as websites', () => {
    const mapped = map({
      social_profiles: {
        type: 'list',
        data: [
          { type: 'social_profile', name: 'Twitter', url: 'https://x.com/@ann_lee/' },
          { type: 'social_profile', name: 'Facebook', url: 'https://facebook.com/ann.lee' },
          { type: 'social_profile', name: 'Empty', url: null },
        ],
      },
    });
    expect(mapped.twitter).toBe('ann_lee');
    expect(mapped.websites).toEqual(['https://facebook.com/ann.lee']);
  });

  it('treats a Twitter URL without a handle as a website', () => {
    const mapped = map({ social_profiles: { data: [{ name: 'Twitter', url: 'https://twitter.com/' }] } });
    expect(mapped).not.toHaveProperty('twitter');
    expect(mapped.websites).toEqual(['https://twitter.com/']);
  });
});
