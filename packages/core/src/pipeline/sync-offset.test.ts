import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { decodeSyncOffset, encodeSyncOffset } from './sync-offset.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return BridgeError.isInstance(error) ? error.code : 'not a BridgeError';
  }
  return 'no error';
};

describe('sync offsets', () => {
  it('round-trip the cursor and the high-water mark as URL-safe text', () => {
    const text = encodeSyncOffset({ cursor: 'page=2&after=x/y+z', high: 1_700_000_000_000 });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSyncOffset(text)).toEqual({ cursor: 'page=2&after=x/y+z', high: 1_700_000_000_000 });
  });

  it.each([
    ['not base64url', 'a b c'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['another version', Buffer.from('{"v":2,"cursor":"x"}').toString('base64url')],
    ['an extra field', Buffer.from('{"v":1,"cursor":"x","admin":true}').toString('base64url')],
    ['a cursor that is not text', Buffer.from('{"v":1,"cursor":{"$gt":""}}').toString('base64url')],
    ['a huge cursor', Buffer.from(JSON.stringify({ v: 1, cursor: 'x'.repeat(5000) })).toString('base64url')],
    ['a negative high-water mark', Buffer.from('{"v":1,"cursor":"x","high":-1}').toString('base64url')],
    ['an oversized text', 'A'.repeat(10_000)],
  ])('refuse %s with invalid_request', (_what, text) => {
    expect(codeOf(() => decodeSyncOffset(text))).toBe('invalid_request');
  });

  it('name the offending field', () => {
    try {
      decodeSyncOffset('%%%');
    } catch (error) {
      expect((error as BridgeError).issues).toEqual([
        { path: 'meta.offset', message: 'not an offset this bridge issued' },
      ]);
    }
    expect.assertions(1);
  });
});
