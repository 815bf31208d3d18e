import { describe, expect, it } from 'vitest';
import { toE164 } from './phone.js';

describe('toE164', () => {
  it.each([
    ['(555) 555-5555', '+15555555555'],
    ['555.555.5555', '+15555555555'],
    ['555-555-5555', '+15555555555'],
    ['5555555555', '+15555555555'],
    ['1-555-555-5555', '+15555555555'],
    ['+1 555-555-5555', '+15555555555'],
    ['+1 (555) 555-5555', '+15555555555'],
    ['+15555555555', '+15555555555'],
    ['  (212) 555-0100  ', '+12125550100'],
  ])('reads the US number %j as %s', (raw, expected) => {
    expect(toE164(raw)).toBe(expected);
  });

  it('reads international numbers whatever the default country', () => {
    expect(toE164('+44 20 7946 0958')).toBe('+442079460958');
    expect(toE164('+44 20 7946 0958', 'DE')).toBe('+442079460958');
    expect(toE164('+1 555-555-5555', 'GB')).toBe('+15555555555');
  });

  it('reads national numbers in the default country', () => {
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('07700 900123', 'GB')).toBe('+447700900123');
  });

  it('defaults to the US', () => {
    expect(toE164('(555) 555-5555')).toBe(toE164('(555) 555-5555', 'US'));
    expect(toE164('020 7946 0958')).not.toBe('+442079460958');
  });

  it('makes differently written forms of one number equal', () => {
    const forms = ['(555) 555-5555', '555.555.5555', '+1 555-555-5555', '+15555555555'];
    expect(new Set(forms.map((form) => toE164(form))).size).toBe(1);
  });

  it('remembers each text per default country: one country never answers for another', () => {
    // The same text, asked again and in another country, in an order that would expose a shared entry.
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'US')).toBeUndefined();
    expect(toE164('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(toE164('020 7946 0958', 'US')).toBeUndefined();
  });

  it.each(['', '   ', 'not a phone', 'abc', '12', '555-5555', '+', '++1 555'])(
    'returns undefined for %j',
    (raw) => {
      expect(toE164(raw)).toBeUndefined();
    },
  );
});
