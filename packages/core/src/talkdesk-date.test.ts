import { afterEach, describe, expect, it } from 'vitest';
import { TALKDESK_DATE_PATTERN } from './contract/shared.js';
import { talkdeskDateToMillis, toTalkdeskDate } from './talkdesk-date.js';

describe('toTalkdeskDate', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it.each([
    ['2024-03-01T10:00:00+02:00', '2024-03-01 08:00:00 UTC'],
    ['2024-03-01T10:00:00-05:00', '2024-03-01 15:00:00 UTC'],
    ['2024-03-01T01:30:00+05:30', '2024-02-29 20:00:00 UTC'],
    ['2024-12-31T23:30:00-01:00', '2025-01-01 00:30:00 UTC'],
    ['2024-03-01T10:00:00Z', '2024-03-01 10:00:00 UTC'],
    ['2024-03-01T10:00:00.999Z', '2024-03-01 10:00:00 UTC'],
    ['2024-03-01T10:00:00.123+00:00', '2024-03-01 10:00:00 UTC'],
    ['  2024-03-01T10:00:00Z  ', '2024-03-01 10:00:00 UTC'],
  ])('converts ISO 8601 %j', (input, expected) => {
    expect(toTalkdeskDate(input)).toBe(expected);
  });

  it('converts epoch milliseconds', () => {
    expect(toTalkdeskDate(Date.UTC(2024, 2, 1, 10, 0, 0))).toBe('2024-03-01 10:00:00 UTC');
    expect(toTalkdeskDate(1709287200000)).toBe('2024-03-01 10:00:00 UTC');
    expect(toTalkdeskDate(0)).toBe('1970-01-01 00:00:00 UTC');
  });

  it('converts Date objects', () => {
    expect(toTalkdeskDate(new Date('2012-11-21T17:53:51Z'))).toBe('2012-11-21 17:53:51 UTC');
    expect(toTalkdeskDate(new Date(Date.UTC(2000, 0, 1, 0, 0, 1, 500)))).toBe('2000-01-01 00:00:01 UTC');
  });

  it('keeps text already in Talkdesk format', () => {
    expect(toTalkdeskDate('2012-11-21 17:53:51 UTC')).toBe('2012-11-21 17:53:51 UTC');
    expect(toTalkdeskDate(' 2012-11-21 17:53:51 UTC ')).toBe('2012-11-21 17:53:51 UTC');
  });

  it('reads Talkdesk-format text as UTC whatever the process time zone', () => {
    process.env.TZ = 'America/New_York';
    expect(toTalkdeskDate('2012-11-21 17:53:51 UTC')).toBe('2012-11-21 17:53:51 UTC');
    process.env.TZ = 'Asia/Tokyo';
    expect(toTalkdeskDate('2012-11-21 17:53:51 UTC')).toBe('2012-11-21 17:53:51 UTC');
  });

  it('reads a date-only ISO text as midnight UTC', () => {
    expect(toTalkdeskDate('2024-03-01')).toBe('2024-03-01 00:00:00 UTC');
  });

  it.each([
    '',
    '   ',
    'not a date',
    'yesterday',
    '2024-13-01T00:00:00Z',
    '2024-03-01T25:00:00Z',
    '2012-11-21 17:53:51 XYZ',
  ])('returns undefined for the text %j', (input) => {
    expect(toTalkdeskDate(input)).toBeUndefined();
  });

  it('returns undefined for missing values, NaN, infinities and invalid Dates', () => {
    expect(toTalkdeskDate(undefined)).toBeUndefined();
    expect(toTalkdeskDate(null)).toBeUndefined();
    expect(toTalkdeskDate(Number.NaN)).toBeUndefined();
    expect(toTalkdeskDate(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(toTalkdeskDate(new Date('garbage'))).toBeUndefined();
  });

  it('never returns text outside the Talkdesk format (years past 9999 or before year 0)', () => {
    // e.g. a vendor sending epoch microseconds where milliseconds were expected (year ~55000)
    const inputs = [1_709_287_200_000_000, Date.UTC(10000, 0, 1), new Date(Date.UTC(-1, 0, 1))];
    const malformed = inputs
      .map((input) => toTalkdeskDate(input))
      .filter((result) => result !== undefined && !TALKDESK_DATE_PATTERN.test(result));
    expect(malformed).toEqual([]);
  });

  it('does not depend on the process time zone for ISO text without an offset', () => {
    // A vendor's "2024-03-01T10:00:00" must not mean 10:00 UTC on one gateway host and 15:00 UTC on another.
    process.env.TZ = 'UTC';
    const inUtc = toTalkdeskDate('2024-03-01T10:00:00');
    process.env.TZ = 'America/New_York';
    const inNewYork = toTalkdeskDate('2024-03-01T10:00:00');
    process.env.TZ = 'Asia/Tokyo';
    const inTokyo = toTalkdeskDate('2024-03-01T10:00:00');
    expect(inUtc).toBeDefined();
    expect(inNewYork).toBe(inUtc);
    expect(inTokyo).toBe(inUtc);
  });
});

describe('talkdeskDateToMillis', () => {
  it('reads a Talkdesk date as UTC', () => {
    expect(talkdeskDateToMillis('2012-11-21 17:53:51 UTC')).toBe(Date.UTC(2012, 10, 21, 17, 53, 51));
    expect(talkdeskDateToMillis('1970-01-01 00:00:00 UTC')).toBe(0);
  });

  it('round-trips with toTalkdeskDate at second precision', () => {
    for (const millis of [
      0,
      1709287200000,
      Date.UTC(2012, 10, 21, 17, 53, 51),
      Date.UTC(2099, 11, 31, 23, 59, 59),
    ]) {
      const text = toTalkdeskDate(millis);
      expect(text).toBeDefined();
      expect(talkdeskDateToMillis(text as string)).toBe(millis);
      expect(toTalkdeskDate(talkdeskDateToMillis(text as string))).toBe(text);
    }
    // Milliseconds are dropped, not rounded.
    expect(talkdeskDateToMillis(toTalkdeskDate(1709287200999) as string)).toBe(1709287200000);
  });

  it('orders dates like their instants', () => {
    const earlier = talkdeskDateToMillis('2024-02-29 23:59:59 UTC');
    const later = talkdeskDateToMillis('2024-03-01 00:00:00 UTC');
    expect(later - earlier).toBe(1000);
  });

  it('returns NaN for text that is not a date', () => {
    expect(talkdeskDateToMillis('nope')).toBeNaN();
  });
});
