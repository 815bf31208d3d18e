import { describe, expect, it } from 'vitest';
import { BridgeError } from './errors.js';
import type { BridgeLogger } from './logger.js';
import { REDACTED, redactError, redactingLogger, redactText, redactValue, secretsOf } from './redact.js';

describe('secretsOf', () => {
  it('collects every string and number of three characters or more, nested too', () => {
    const secrets = secretsOf({ token: 'tok_123', pin: 4711, nested: { key: 'k-abc' }, list: ['xyz9'] });
    expect(secrets).toEqual(expect.arrayContaining(['tok_123', '4711', 'k-abc', 'xyz9']));
  });

  it('ignores short values, booleans and nulls', () => {
    expect(secretsOf({ region: 'eu', n: 12, ok: true, none: null, missing: undefined })).toEqual([]);
  });

  it('adds the URL-encoded form of each secret', () => {
    const secrets = secretsOf({ email: 'jane+1@example.com' });
    expect(secrets).toContain('jane+1@example.com');
    expect(secrets).toContain(encodeURIComponent('jane+1@example.com'));
  });

  it('lists the longest secrets first', () => {
    const secrets = secretsOf({ a: 'abc', b: 'abcdef', c: 'abcd' });
    const lengths = secrets.map((secret) => secret.length);
    expect(lengths).toEqual([...lengths].sort((x, y) => y - x));
  });

  it('returns nothing for a non-object', () => {
    expect(secretsOf(undefined)).toEqual([]);
    expect(secretsOf(null)).toEqual([]);
  });
});

describe('redactText', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactText('token=s3cret&again=s3cret user=jane', ['s3cret', 'jane'])).toBe(
      `token=${REDACTED}&again=${REDACTED} user=${REDACTED}`,
    );
  });

  it('replaces a secret containing another whole when given longest first', () => {
    const secrets = secretsOf({ user: 'jane', password: 'jane-password' });
    expect(redactText('login jane-password', secrets)).toBe(`login ${REDACTED}`);
  });

  it('leaves text without secrets unchanged', () => {
    expect(redactText('nothing to see', ['s3cret'])).toBe('nothing to see');
  });
});

describe('redactValue', () => {
  const secrets = ['s3cret'];

  it('redacts strings deep inside objects and arrays without touching the input', () => {
    const input = {
      url: 'https://x/?t=s3cret',
      list: ['a', 's3cret'],
      nested: { deep: ['key s3cret'] },
      n: 3,
    };
    const output = redactValue(input, secrets);
    expect(output).toEqual({
      url: `https://x/?t=${REDACTED}`,
      list: ['a', REDACTED],
      nested: { deep: [`key ${REDACTED}`] },
      n: 3,
    });
    expect(input.url).toBe('https://x/?t=s3cret');
    expect(input.list[1]).toBe('s3cret');
  });

  it('turns errors into their name and redacted message', () => {
    expect(redactValue({ err: new TypeError('bad s3cret') }, secrets)).toEqual({
      err: { name: 'TypeError', message: `bad ${REDACTED}` },
    });
  });

  it('keeps non-string primitives', () => {
    expect(redactValue({ n: 1, b: false, nil: null }, secrets)).toEqual({ n: 1, b: false, nil: null });
  });

  it('returns the value itself when there is no secret', () => {
    const input = { a: 's3cret' };
    expect(redactValue(input, [])).toBe(input);
  });

  it('does not crash on an object that refers to itself', () => {
    const cyclic: Record<string, unknown> = { token: 's3cret' };
    cyclic.self = cyclic;
    expect(() => redactValue(cyclic, secrets)).not.toThrow();
    expect(JSON.stringify(redactValue({ wrapper: { token: 's3cret' } }, secrets))).not.toContain('s3cret');
  });

  it('keeps what a JSON logger would print of Dates and URLs, minus the secrets', () => {
    const fields = { since: new Date(0), url: new URL('https://x.example.com/api?token=s3cret') };
    expect(JSON.parse(JSON.stringify(redactValue(fields, secrets)))).toEqual({
      since: '1970-01-01T00:00:00.000Z',
      url: `https://x.example.com/api?token=${REDACTED}`,
    });
  });
});

describe('redactingLogger', () => {
  function recorder() {
    const lines: Array<[keyof BridgeLogger, Record<string, unknown>, string]> = [];
    const at = (level: keyof BridgeLogger) => (fields: Record<string, unknown>, message: string) => {
      lines.push([level, fields, message]);
    };
    const log: BridgeLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
    return { log, lines };
  }

  it('skips the redaction of a line at a level its logger would not write', () => {
    const { log, lines } = recorder();
    let fieldReads = 0;
    const fields = {
      get upstream() {
        fieldReads += 1;
        return 's3cret';
      },
    };
    const redacting = redactingLogger({ ...log, isLevelEnabled: (level) => level !== 'debug' }, ['s3cret']);
    redacting.debug(fields, 'd s3cret');
    expect(fieldReads).toBe(0);
    redacting.info(fields, 'i s3cret');
    expect(fieldReads).toBe(1);
    expect(lines).toEqual([['info', { upstream: REDACTED }, `i ${REDACTED}`]]);
    expect(redacting.isLevelEnabled?.('debug')).toBe(false);
  });

  it('scrubs fields and message at every level', () => {
    const { log, lines } = recorder();
    const redacting = redactingLogger(log, ['s3cret']);
    redacting.debug({ a: 's3cret' }, 'd s3cret');
    redacting.info({ a: 's3cret' }, 'i s3cret');
    redacting.warn({ a: 's3cret' }, 'w s3cret');
    redacting.error({ a: 's3cret' }, 'e s3cret');
    expect(lines).toEqual([
      ['debug', { a: REDACTED }, `d ${REDACTED}`],
      ['info', { a: REDACTED }, `i ${REDACTED}`],
      ['warn', { a: REDACTED }, `w ${REDACTED}`],
      ['error', { a: REDACTED }, `e ${REDACTED}`],
    ]);
  });

  it('is the logger itself when there is nothing to hide', () => {
    const { log } = recorder();
    expect(redactingLogger(log, [])).toBe(log);
  });
});

describe('redactError', () => {
  const secrets = secretsOf({ token: 's3cret-token' });

  it('redacts the message and details of a BridgeError and keeps the rest', () => {
    const original = new BridgeError('rate_limited', 'limited for s3cret-token', {
      issues: [{ path: 'auth.token', message: 'expired' }],
      retryAfterSeconds: 7,
      details: { url: 'https://x/?t=s3cret-token' },
    });
    const error = redactError(original, secrets);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe(`limited for ${REDACTED}`);
    expect(error.issues).toEqual([{ path: 'auth.token', message: 'expired' }]);
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.details).toEqual({ url: `https://x/?t=${REDACTED}` });
  });

  it('wraps an unknown error as internal and redacts its cause, keeping the cause name but not its stack', () => {
    const error = redactError(new TypeError('fetch https://x/?t=s3cret-token failed'), secrets);
    expect(error.code).toBe('internal');
    expect(error.message).not.toContain('s3cret-token');
    expect(error.cause).toBeInstanceOf(Error);
    const cause = error.cause as Error;
    expect(cause.name).toBe('TypeError');
    expect(cause.message).toBe(`fetch https://x/?t=${REDACTED} failed`);
    expect(cause.stack).toBeUndefined();
  });

  it('redacts a cause that is not an Error', () => {
    const thrownText = redactError('upstream said: bad token s3cret-token', secrets);
    expect(thrownText.code).toBe('internal');
    expect(JSON.stringify(thrownText.cause ?? null)).not.toContain('s3cret-token');
    const withObjectCause = redactError(
      new BridgeError('upstream_invalid_response', 'bad body', { cause: { body: 'echo s3cret-token' } }),
      secrets,
    );
    expect(JSON.stringify(withObjectCause.cause ?? null)).not.toContain('s3cret-token');
  });

  it('changes nothing visible when there is no secret in the error', () => {
    const error = redactError(new BridgeError('deadline_exceeded', 'too slow'), secrets);
    expect(error.code).toBe('deadline_exceeded');
    expect(error.message).toBe('too slow');
    expect(BridgeError.isInstance(error)).toBe(true);
  });
});
