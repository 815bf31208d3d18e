import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BridgeError } from '../errors.js';
import { decodeSyncOffset, encodeSyncOffset, nextOffset } from './sync-offset.js';

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
    ['another version', Buffer.from('{"v":3,"cursor":"x"}').toString('base64url')],
    ['an extra field', Buffer.from('{"v":1,"cursor":"x","admin":true}').toString('base64url')],
    ['a cursor that is not text', Buffer.from('{"v":1,"cursor":{"$gt":""}}').toString('base64url')],
    ['a huge cursor', Buffer.from(JSON.stringify({ v: 1, cursor: 'x'.repeat(5000) })).toString('base64url')],
    ['a negative high-water mark', Buffer.from('{"v":1,"cursor":"x","high":-1}').toString('base64url')],
    ['an oversized text', 'A'.repeat(10_000)],
  ])('refuse %s with invalid_request', (_what, text) => {
    expect(codeOf(() => decodeSyncOffset(text))).toBe('invalid_request');
  });

  it('read an offset issued before cursors were typed (v1, a string cursor)', () => {
    const v1 = Buffer.from('{"v":1,"cursor":"page-2","high":5}').toString('base64url');
    expect(decodeSyncOffset(v1)).toEqual({ cursor: 'page-2', high: 5 });
  });

  it("hand a typed cursor back only when it passes the connector's cursor schema", () => {
    const cursorSchema = z.strictObject({
      page: z.number().int().min(1).max(10_000),
      since: z.string().max(40),
    });
    const text = encodeSyncOffset({ cursor: { page: 3, since: '2024-01-01' }, high: 7 });
    expect(decodeSyncOffset(text, cursorSchema)).toEqual({
      cursor: { page: 3, since: '2024-01-01' },
      high: 7,
    });
    for (const forged of [
      { page: 0, since: 'x' },
      { page: 3 },
      { page: 3, since: 'x', admin: true },
      'page=3',
    ]) {
      expect(codeOf(() => decodeSyncOffset(encodeSyncOffset({ cursor: forged }), cursorSchema))).toBe(
        'invalid_request',
      );
    }
  });

  it("refuse to issue an offset whose cursor the connector's own schema would refuse", () => {
    const cursorSchema = z.object({ page: z.number().int().min(1) });
    expect(codeOf(() => nextOffset(cursorSchema, { cursor: { page: 0 } }))).toBe('internal');
    expect(decodeSyncOffset(nextOffset(cursorSchema, { cursor: { page: 2 } }), cursorSchema).cursor).toEqual({
      page: 2,
    });
  });

  it('refuse an offset nested deeper than JSON allows', () => {
    const deep = `{"v":2,"cursor":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(codeOf(() => decodeSyncOffset(Buffer.from(deep).toString('base64url'), z.unknown()))).toBe(
      'invalid_request',
    );
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
