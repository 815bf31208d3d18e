import { describe, expect, it } from 'vitest';
import { BRIDGE_ERROR_CODES, BridgeError, toBridgeError } from './errors.js';

describe('BridgeError', () => {
  it('is an Error carrying its code, message and options', () => {
    const cause = new Error('socket hang up');
    const error = new BridgeError('rate_limited', 'Slow down', {
      issues: [{ path: 'auth.token', message: 'expected string' }],
      retryAfterSeconds: 30,
      details: { integrations: ['zendesk'] },
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.name).toBe('BridgeError');
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe('Slow down');
    expect(error.issues).toEqual([{ path: 'auth.token', message: 'expected string' }]);
    expect(error.retryAfterSeconds).toBe(30);
    expect(error.details).toEqual({ integrations: ['zendesk'] });
    expect(error.cause).toBe(cause);
    expect(error.stack).toContain('BridgeError');
  });

  it('leaves the optional fields undefined and sets no cause when none is given', () => {
    const error = new BridgeError('internal', 'Oops');
    expect(error.issues).toBeUndefined();
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(error.details).toBeUndefined();
    expect('cause' in error).toBe(false);
  });

  it('includes every code of the engineering guide, each once', () => {
    for (const code of [
      'invalid_request',
      'host_not_allowed',
      'invalid_credentials',
      'unknown_integration',
      'payload_too_large',
      'rate_limited',
      'upstream_unavailable',
      'upstream_invalid_response',
      'deadline_exceeded',
      'internal',
    ]) {
      expect(BRIDGE_ERROR_CODES).toContain(code);
    }
    expect(new Set(BRIDGE_ERROR_CODES).size).toBe(BRIDGE_ERROR_CODES.length);
  });
});

describe('BridgeError.isInstance', () => {
  it('is true for a BridgeError of every code', () => {
    for (const code of BRIDGE_ERROR_CODES) {
      expect(BridgeError.isInstance(new BridgeError(code, 'x'))).toBe(true);
    }
  });

  it('is false for plain errors, look-alikes and non-objects', () => {
    const lookAlike = Object.assign(new Error('x'), { name: 'BridgeError', code: 'internal' });
    for (const value of [
      new Error('x'),
      new TypeError('x'),
      lookAlike,
      { code: 'internal', message: 'x' },
      null,
      undefined,
      'BridgeError',
      42,
      Symbol.for('talkbridge.BridgeError'),
    ]) {
      expect(BridgeError.isInstance(value)).toBe(false);
    }
  });

  it('is true for an error from a second copy of core (same Symbol.for marker, other class)', () => {
    class OtherCopyBridgeError extends Error {
      readonly code = 'upstream_unavailable';
    }
    const foreign = Object.assign(new OtherCopyBridgeError('from another copy'), {
      [Symbol.for('talkbridge.BridgeError')]: true,
    });
    expect(foreign instanceof BridgeError).toBe(false);
    expect(BridgeError.isInstance(foreign)).toBe(true);
    expect(BridgeError.isInstance({ [Symbol.for('talkbridge.BridgeError')]: true })).toBe(true);
  });

  it('requires the marker to be exactly true', () => {
    expect(BridgeError.isInstance({ [Symbol.for('talkbridge.BridgeError')]: 'yes' })).toBe(false);
    expect(BridgeError.isInstance({ [Symbol.for('talkbridge.BridgeError')]: 1 })).toBe(false);
    expect(BridgeError.isInstance({ [Symbol('talkbridge.BridgeError')]: true })).toBe(false);
  });
});

describe('toBridgeError', () => {
  it('returns a BridgeError unchanged', () => {
    const error = new BridgeError('invalid_credentials', 'Rejected');
    expect(toBridgeError(error)).toBe(error);
  });

  it('returns an error from another copy of core unchanged', () => {
    const foreign = { [Symbol.for('talkbridge.BridgeError')]: true, code: 'rate_limited', message: 'x' };
    expect(toBridgeError(foreign)).toBe(foreign);
  });

  it('wraps an unknown error as internal without its message, keeping it as the cause', () => {
    const secret = new Error('connect ECONNREFUSED token=sk_live_123');
    const error = toBridgeError(secret);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('sk_live_123');
    expect(error.message).not.toContain('ECONNREFUSED');
    expect(error.message).toBe('Unexpected error while handling the request');
    expect(error.cause).toBe(secret);
    expect(error.issues).toBeUndefined();
  });

  it('wraps thrown non-errors as internal', () => {
    for (const thrown of ['password=hunter2', 42, null, undefined, { message: 'password=hunter2' }]) {
      const error = toBridgeError(thrown);
      expect(error.code).toBe('internal');
      expect(error.message).not.toContain('hunter2');
    }
  });
});
