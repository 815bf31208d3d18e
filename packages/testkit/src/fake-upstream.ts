import { HttpResponse, http, passthrough, type RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';

/** One request a connector sent to the fake service. */
export interface RecordedRequest {
  method: string;
  /** The URL's path, e.g. `/api/v2/users/42.json`. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The body as text ('' when none); `json` when it parses. */
  body: string;
  json: unknown;
  url: URL;
}

export interface FakeUpstream {
  /** The fake service's origin; configure a connector's `baseUrl` with it. */
  origin: string;
  /** Every request since the last `reset()`, in order. */
  requests: RecordedRequest[];
  /** The msw server, for anything this helper does not cover. */
  server: SetupServer;
  /** Adds handlers in front of the existing ones (a fault for one test, say). */
  use(...handlers: RequestHandler[]): void;
  /** Drops handlers added with `use()` and the recorded requests. */
  reset(): void;
  listen(): void;
  close(): void;
}

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//;

/**
 * A fake of an external service on msw: any request it has no handler for fails the test
 * (`onUnhandledRequest: 'error'`), and every request is recorded so tests assert what the connector sent.
 * Handlers are msw's own (`http.get(url, resolver)`); `origin` prefixes them conveniently via `route()`.
 */
export function createFakeUpstream(origin: string, ...handlers: RequestHandler[]): FakeUpstream {
  const fakeOrigin = new URL(origin).origin;
  // Loopback traffic is the test's own (a gateway on a real port): it goes through untouched.
  const server = setupServer(
    ...handlers,
    http.all(LOOPBACK, () => passthrough()),
  );
  const requests: RecordedRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (url.origin !== fakeOrigin) return;
    // Recorded at once, before any handler answers, so a test never sees fewer requests than were
    // sent; the body is filled in as soon as it has been read.
    const recorded: RecordedRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: '',
      json: undefined,
      url,
    };
    requests.push(recorded);
    if (!request.body) return;
    request
      .clone()
      .text()
      .then((body) => {
        recorded.body = body;
        try {
          recorded.json = body === '' ? undefined : JSON.parse(body);
        } catch {
          recorded.json = undefined;
        }
      })
      .catch(() => {});
  });
  return {
    origin: fakeOrigin,
    requests,
    server,
    use: (...extra) => server.use(...extra),
    reset: () => {
      // Back to the handlers given at creation (the loopback pass-through included).
      server.resetHandlers();
      requests.length = 0;
    },
    listen: () => server.listen({ onUnhandledRequest: 'error' }),
    close: () => server.close(),
  };
}

export type { RequestHandler };
/** msw's request handlers and responses, re-exported so connector tests need one import. */
export { HttpResponse, http };
