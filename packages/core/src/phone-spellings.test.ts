import { describe, expect, it } from 'vitest';
import { phoneParts, phoneSpellings, samePhoneNumber } from './phone.js';

describe('phoneSpellings', () => {
  it('spells a North American number the common ways', () => {
    expect(phoneSpellings('+15555550123')).toEqual([
      '+15555550123',
      '+1 555 555 0123',
      '(555) 555-0123',
      '5555550123',
      '15555550123',
      '0015555550123',
    ]);
  });

  it('spells a UK number with its national trunk prefix', () => {
    const spellings = phoneSpellings('+442079460958');
    expect(spellings).toContain('+44 20 7946 0958');
    expect(spellings).toContain('020 7946 0958');
    expect(spellings).toContain('2079460958');
  });

  it('returns the input alone when it is not a number', () => {
    expect(phoneSpellings('not a phone')).toEqual(['not a phone']);
  });
});

describe('samePhoneNumber', () => {
  it.each([
    ['(555) 555-0123', '+15555550123'],
    ['555.555.0123', '+15555550123'],
    ['+1 (555) 555-0123', '+15555550123'],
    ['1-555-555-0123', '+15555550123'],
    ['555-555-0123 ext. 42', '+15555550123'],
    ['555 555 0123 x42', '+15555550123'],
    ['+44 20 7946 0958', '+442079460958'],
    ['020 7946 0958', '+442079460958'],
    ['0044 20 7946 0958', '+442079460958'],
    ['06 1234 5678', '+390612345678'],
  ])('%s is %s', (stored, e164) => {
    expect(samePhoneNumber(stored, e164)).toBe(true);
  });

  it.each([
    ['(555) 555-0124', '+15555550123'],
    ['+44 5555550123', '+15555550123'],
    ['+33 20 7946 0958', '+442079460958'],
    ['555-0123', '+15555550123'],
    ['', '+15555550123'],
    ['call the office', '+15555550123'],
  ])('%s is not %s', (stored, e164) => {
    expect(samePhoneNumber(stored, e164)).toBe(false);
  });
});

describe('phoneParts', () => {
  it('splits a number into country code and national number', () => {
    expect(phoneParts('+442079460958')).toEqual({ countryCode: '44', nationalNumber: '2079460958' });
    expect(phoneParts('+15555550123')).toEqual({ countryCode: '1', nationalNumber: '5555550123' });
    expect(phoneParts('+390612345678')).toEqual({ countryCode: '39', nationalNumber: '0612345678' });
    expect(phoneParts('nope')).toBeUndefined();
  });
});
