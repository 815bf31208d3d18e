import { delay, HttpResponse, http, type RequestHandler } from 'msw';

/**
 * Handlers that make every request to `origin` misbehave in one way. Install one with
 * `upstream.use(...)`: msw tries it before the service's normal handlers. Handlers that only fail a few
 * times fall through to the normal handlers afterwards (an msw resolver that returns nothing does).
 */
export const faults = {
  /** Every request answers 401, as a service does for a revoked or wrong token. */
  unauthorized(origin: string): RequestHandler {
    return http.all(`${origin}/*`, () => HttpResponse.json({ error: 'Unauthorized' }, { status: 401 }));
  },

  /** Every request answers 429 with `Retry-After: <seconds>`. */
  rateLimited(origin: string, retryAfterSeconds: number): RequestHandler {
    return http.all(`${origin}/*`, () =>
      HttpResponse.json(
        { error: 'Too Many Requests' },
        { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
      ),
    );
  },

  /**
   * The first `times` requests answer `status` (default 503) with these headers; later ones reach the
   * normal handlers. `failFirst(origin, 1, 429, { 'retry-after': '0' })` is a brief rate limit.
   */
  failFirst(origin: string, times = 1, status = 503, headers: Record<string, string> = {}): RequestHandler {
    let remaining = times;
    return http.all(`${origin}/*`, () => {
      if (remaining <= 0) return undefined;
      remaining -= 1;
      return HttpResponse.json({ error: `failure ${status}` }, { status, headers });
    });
  },

  /**
   * Every write (any method but GET and HEAD) answers `status`; reads reach the normal handlers, so an
   * action may look things up before it writes.
   */
  failWrites(origin: string, status = 503): RequestHandler {
    return http.all(`${origin}/*`, ({ request }) => {
      if (request.method === 'GET' || request.method === 'HEAD') return undefined;
      return HttpResponse.json({ error: `failure ${status}` }, { status });
    });
  },

  /** Requests never get an answer (until the client gives up). */
  hang(origin: string): RequestHandler {
    return http.all(`${origin}/*`, async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
  },

  /** A 200 whose body is not JSON although it says it is. */
  malformedJson(origin: string): RequestHandler {
    return http.all(
      `${origin}/*`,
      () =>
        new HttpResponse('{"results": [', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
  },

  /** A 200 with a JSON body of about `bytes` bytes. */
  oversized(origin: string, bytes: number): RequestHandler {
    const filler = 'x'.repeat(bytes);
    return http.all(`${origin}/*`, () => HttpResponse.json({ filler }));
  },
};
