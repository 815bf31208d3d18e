import { describe, expect, it } from 'vitest';
import { phoneSearchTerms } from './pipedrive-phone.js';

describe('phoneSearchTerms', () => {
  it('searches the E.164 form and the national digits', () => {
    expect(phoneSearchTerms('+14155550132')).toEqual(['+14155550132', '4155550132']);
    expect(phoneSearchTerms('+442079460958')).toEqual(['+442079460958', '2079460958']);
  });

  it('searches only the text given when it is not a phone number', () => {
    expect(phoneSearchTerms('+1')).toEqual(['+1']);
  });
});
