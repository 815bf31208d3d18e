import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BridgeError } from '../errors.js';
import { createHttpClient } from '../http/http-client.js';
import { startTestServer } from '../http/test-server.js';
import { silentLogger } from '../logger.js';
import { actionContactOf } from './action-contact.js';
import { bearerTokenAuth } from './bearer-token-auth.js';
import { chunk, distinct, sameId } from './collections.js';
import { addressLine, fullName, twitterHandle } from './contact-fields.js';
import { fieldError, invalidOffset } from './field-error.js';
import { escapeHtml, textToHtml } from './html.js';
import { optionalLookup } from './optional-lookup.js';
import { refusalOf } from './refusal.js';
import { createTtlCache } from './ttl-cache.js';

describe('fieldError and invalidOffset', () => {
  it('name the field in the message and in the only issue', () => {
    const error = fieldError('data.priority', 'expected low, normal or high');
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('data.priority: expected low, normal or high');
    expect(error.issues).toEqual([{ path: 'data.priority', message: 'expected low, normal or high' }]);
    expect(invalidOffset().issues).toEqual([
      { path: 'meta.offset', message: 'not an offset this bridge issued' },
    ]);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters HTML gives meaning to, and keeps line breaks as <br>', () => {
    expect(escapeHtml(`<b onclick="x('y')">Tom & Jerry</b>`)).toBe(
      '&lt;b onclick=&quot;x(&#39;y&#39;)&quot;&gt;Tom &amp; Jerry&lt;/b&gt;',
    );
    expect(textToHtml('a\r\nb\n<c>')).toBe('a<br>b<br>&lt;c&gt;');
  });
});

describe('collections', () => {
  it('chunk groups items and refuses a size that is not a positive integer', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('distinct keeps the first spelling of each value, skipping blanks', () => {
    expect(
      distinct(['A@x.io', ' ', undefined, 'a@x.io', 'b@x.io', null], (email) => email.toLowerCase()),
    ).toEqual(['A@x.io', 'b@x.io']);
  });

  it('sameId compares ids whatever their JSON type', () => {
    expect(sameId(42, '42')).toBe(true);
    expect(sameId('42', '042')).toBe(false);
    expect(sameId(undefined, undefined)).toBe(false);
  });
});

describe('contact fields', () => {
  it.each([
    ['@jane', 'jane'],
    ['jane_doe', 'jane_doe'],
    ['https://twitter.com/jane', 'jane'],
    ['x.com/@jane/', 'jane'],
    ['https://www.x.com/jane?ref=1', 'jane'],
    ['https://example.com/jane', undefined],
    ['two words', undefined],
    ['', undefined],
    [null, undefined],
  ])('twitterHandle(%j) is %j', (value, handle) => {
    expect(twitterHandle(value)).toBe(handle);
  });

  it('addressLine and fullName join the parts that are present', () => {
    expect(addressLine(['1 Main St', null, ' Springfield ', '', 'US'])).toBe('1 Main St, Springfield, US');
    expect(addressLine([undefined])).toBeUndefined();
    expect(fullName('Jane', undefined, ' Doe ')).toBe('Jane Doe');
    expect(fullName(null)).toBeUndefined();
  });
});

describe('actionContactOf', () => {
  const options = {
    needs: 'an Acme ticket needs a requester',
    isId: (id: string) => /^\d+$/.test(id),
    idDescription: 'a numeric Acme user id',
  };

  it('prefers the synchronized contact, else the email (lower-cased)', () => {
    expect(actionContactOf({ data: { contact_email: 'x@y.io' }, contactExternalId: '42' }, options)).toEqual({
      by: 'id',
      id: '42',
    });
    expect(actionContactOf({ data: { contact_email: ' Jane@Example.COM ' } }, options)).toEqual({
      by: 'email',
      email: 'jane@example.com',
    });
  });

  it.each([
    [{ data: {}, contactExternalId: 'abc' }, 'meta.contact_external_id', 'expected a numeric Acme user id'],
    [
      { data: {} },
      'data.contact_email',
      'an Acme ticket needs a requester: send meta.contact_external_id or data.contact_email',
    ],
    [{ data: { contact_email: 'a@b@c' } }, 'data.contact_email', 'expected an email address'],
  ])('refuses %j naming the field', (request, path, message) => {
    expect(() => actionContactOf(request, options)).toThrow(
      expect.objectContaining({ code: 'invalid_request', issues: [{ path, message }] }),
    );
  });
});

describe('createTtlCache', () => {
  it('loads once for concurrent callers, keeps the value, and does not keep a failure', async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      return `value ${loads}`;
    };
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, loads]).toEqual(['value 1', 'value 1', 1]);
    expect(await cache.get('k', load)).toBe('value 1');
    await expect(cache.get('broken', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('broken', async () => 'recovered')).toBe('recovered');
    cache.delete('k');
    expect(await cache.get('k', load)).toBe('value 2');
  });

  it('neither reads nor keeps with a TTL of 0', async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000 });
    await cache.get('k', async () => 'kept');
    expect(await cache.get('k', async () => 'fresh', 0)).toBe('fresh');
  });

  it('keeps at most `max` entries', async () => {
    const cache = createTtlCache<string>({ ttlMs: 60_000, max: 2 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => key);
    let reloaded = false;
    await cache.get('a', async () => {
      reloaded = true;
      return 'a';
    });
    expect(reloaded).toBe(true);
  });
});

describe('optionalLookup', () => {
  const warnings: unknown[] = [];
  const ctx = { log: { ...silentLogger, warn: (fields: unknown) => warnings.push(fields) } };

  it.each(['upstream_unavailable', 'upstream_invalid_response', 'not_found', 'rate_limited'] as const)(
    'answers the fallback when the lookup fails with %s, and says so',
    async (code) => {
      warnings.length = 0;
      const value = await optionalLookup(
        ctx,
        'portal',
        () => Promise.reject(new BridgeError(code, 'x')),
        'none',
      );
      expect(value).toBe('none');
      expect(warnings).toEqual([{ lookup: 'portal', code }]);
    },
  );

  it.each(['invalid_credentials', 'deadline_exceeded', 'host_not_allowed', 'internal'] as const)(
    'still fails the request on %s',
    async (code) => {
      await expect(
        optionalLookup(ctx, 'portal', () => Promise.reject(new BridgeError(code, 'x')), 'none'),
      ).rejects.toMatchObject({ code });
    },
  );

  it('still fails on an error that is not a BridgeError (a bug)', async () => {
    await expect(
      optionalLookup(ctx, 'portal', () => Promise.reject(new TypeError('bug')), 'none'),
    ).rejects.toThrow(TypeError);
  });
});

describe('refusalOf with a declared error body', () => {
  it('gives the status and the body as the connector declared it, or no body when it does not match', async () => {
    const server = await startTestServer();
    server.handle((request, response) => {
      response.writeHead(422, { 'content-type': 'application/json' });
      response.end(
        request.path === '/tickets'
          ? JSON.stringify({ errors: [{ field: 'email', message: 'is invalid' }], trace: 'x' })
          : JSON.stringify({ something: 'else' }),
      );
    });
    try {
      const errorBody = z.object({ errors: z.array(z.object({ field: z.string(), message: z.string() })) });
      const http = createHttpClient<unknown>({
        connectorId: 'acme',
        origin: server.origin,
        http: {
          origin: server.origin,
          authenticate: () => ({ type: 'bearer', token: 'tok-123456' }),
          errorBody,
        },
        auth: {},
        signal: AbortSignal.timeout(5_000),
        deadline: Date.now() + 5_000,
        log: silentLogger,
      });
      const failure = await http
        .post('/tickets', { schema: z.unknown(), json: {} })
        .catch((error: unknown) => error);
      expect(refusalOf<z.output<typeof errorBody>>(failure)).toEqual({
        status: 422,
        body: { errors: [{ field: 'email', message: 'is invalid' }] },
      });
      const other = await http
        .post('/other', { schema: z.unknown(), json: {} })
        .catch((error: unknown) => error);
      expect(refusalOf(other)).toEqual({ status: 422, body: undefined });
      expect(refusalOf(new BridgeError('deadline_exceeded', 'late'))).toBeUndefined();
      expect(refusalOf(new Error('x'))).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});

describe('bearerTokenAuth', () => {
  const auth = bearerTokenAuth({
    oauth: { title: 'Access token', description: 'from OAuth', expected: 'expected the access token' },
    typed: { title: 'Private token', description: 'typed in', expected: 'expected the private token' },
    missing: 'expected the private token (or, with OAuth 2.0, access_token)',
    extra: { region: z.enum(['us', 'eu']).default('us') },
  });

  it('answers the one token to send, from either field (OAuth first), beside the extra fields', () => {
    expect(auth.parse({ access_token: ' oauth-1 ' })).toEqual({ access_token: 'oauth-1', region: 'us' });
    expect(auth.parse({ private_app_token: 'typed-2', region: 'eu' })).toEqual({
      access_token: 'typed-2',
      region: 'eu',
    });
    expect(auth.parse({ access_token: 'oauth-1', private_app_token: 'typed-2' }).access_token).toBe(
      'oauth-1',
    );
  });

  it('names private_app_token when neither token is there, and each field when it is blank', () => {
    const missing = auth.safeParse({});
    expect(missing.error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      {
        path: ['private_app_token'],
        message: 'expected the private token (or, with OAuth 2.0, access_token)',
      },
    ]);
    const blank = auth.safeParse({ access_token: '  ' });
    expect(blank.error?.issues[0]).toMatchObject({
      path: ['access_token'],
      message: 'expected the access token',
    });
  });

  it('marks only access_token as provided by the OAuth flow', () => {
    const shape = auth.in.shape;
    expect(z.globalRegistry.get(shape.access_token)).toMatchObject({ type: 'oauth', title: 'Access token' });
    expect(z.globalRegistry.get(shape.private_app_token)).toEqual({
      title: 'Private token',
      description: 'typed in',
    });
  });
});
