import { phoneSpellings } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import { intercomPhoneVariants, phoneLayouts } from './intercom-phone-variants.js';

describe('phone layouts', () => {
  it("starts from core's spellings", () => {
    expect(phoneLayouts('+14155550132')).toEqual(expect.arrayContaining(phoneSpellings('+14155550132')));
  });

  it('adds the North American layouts people type', () => {
    expect(phoneLayouts('+14155550132')).toEqual(
      expect.arrayContaining([
        '+1 (415) 555-0132',
        '1 (415) 555-0132',
        '415-555-0132',
        '+1 415-555-0132',
        '+1-415-555-0132',
        '1-415-555-0132',
        '415.555.0132',
      ]),
    );
  });

  it('adds dashed groups and the trunk-prefixed digits for other countries', () => {
    expect(phoneLayouts('+442079460958')).toEqual(
      expect.arrayContaining(['+44 20-7946-0958', '20-7946-0958', '02079460958', '00442079460958']),
    );
  });

  it('merges the layouts of several numbers without repeats', () => {
    const variants = intercomPhoneVariants(['+14155550132', '+14155550132', '+442079460958']);
    expect(new Set(variants).size).toBe(variants.length);
    expect(variants).toContain('+442079460958');
    expect(variants).toContain('(415) 555-0132');
    expect(intercomPhoneVariants([])).toEqual([]);
  });
});
