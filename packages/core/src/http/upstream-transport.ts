import { EventEmitter } from 'node:events';
import { pipeline, type Readable } from 'node:stream';
import { constants, createGunzip, createInflate } from 'node:zlib';
import ky from 'ky';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { isAddressNotAllowed } from './address-guard.js';
import { ResponseTooLargeError, readBodyText } from './read-body.js';

/**
 * One HTTP attempt as the client needs it: the status and headers, and a body read at most so far. Two
 * transports produce it: undici's own request API (the usual one) and fetch (when something replaced it).
 */
export interface UpstreamAnswer {
  status: number;
  headers: Headers;
  /** The body as text; a body over `maxBytes` rejects with `ResponseTooLargeError` and is dropped. */
  text(maxBytes: number, label: string): Promise<string>;
  /** Drops the body unread. */
  discard(): Promise<void>;
}

export interface UpstreamAttempt {
  method: string;
  url: URL;
  headers: Headers;
  /** A JSON body, serialised here (with `content-type: application/json` unless one was set). */
  json?: unknown;
  /** Ends the attempt whenever it aborts, the body's reading included (the operation's deadline). */
  signal: AbortSignal;
  /** Until the answer's headers arrive, at most. */
  timeoutMs: number;
  /** Where the connection comes from: the address guard's, or the process's own. */
  dispatcher: Dispatcher | undefined;
}

export type UpstreamOutcome =
  | { kind: 'response'; answer: UpstreamAnswer }
  /** `timeout`: the attempt's own timer fired; `aborted`: the signal did; `refused`: the address guard. */
  | { kind: 'network' | 'timeout' | 'aborted' | 'refused' };

/** Node's own fetch, as it was when this module loaded. */
const platformFetch = globalThis.fetch;

/**
 * Sends one attempt. undici's request API is used directly: the WHATWG layer of fetch (a Request and a
 * Response object, web streams, signal plumbing) costs several times what the call itself does. When
 * something has replaced the process's fetch since (a test's interceptor such as msw, an APM agent), the
 * attempt goes through fetch instead, so that whatever replaced it still sees every call.
 */
export function sendAttempt(attempt: UpstreamAttempt): Promise<UpstreamOutcome> {
  return globalThis.fetch === platformFetch ? sendWithUndici(attempt) : sendWithFetch(attempt);
}

/** Whether attempts go through undici's request API (false: through the replaced fetch). */
export function usesUndiciTransport(): boolean {
  return globalThis.fetch === platformFetch;
}

const utf8 = new TextDecoder();

/**
 * Headers Node's fetch adds to every call (bar the browser-only `sec-fetch-mode`); undici's request API adds
 * none. The encodings are the ones fetch asks for and decodes (see `decodedBody`).
 */
const FETCH_DEFAULT_HEADERS: readonly [string, string][] = [
  ['accept-language', '*'],
  ['user-agent', 'node'],
  ['accept-encoding', 'gzip, deflate'],
];
// Lenient at the end, as fetch's decoders are: an empty or cut-off compressed body is not an error here (a
// cut-off JSON answer still fails to parse).
const LENIENT = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
const DECODERS: Record<string, () => NodeJS.ReadWriteStream> = {
  gzip: () => createGunzip(LENIENT),
  'x-gzip': () => createGunzip(LENIENT),
  deflate: () => createInflate(LENIENT),
};

/**
 * The body decoded as its `content-encoding` says (codings applied in order, undone in reverse), as fetch
 * does; a coding it does not know leaves the body as sent, as fetch does too.
 */
function decodedBody(body: Readable, contentEncoding: string | string[] | undefined): Readable {
  const codings = String(contentEncoding ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length === 0 || codings.some((coding) => !DECODERS[coding])) return body;
  const decoders = codings.reverse().map((coding) => (DECODERS[coding] as () => NodeJS.ReadWriteStream)());
  // An error anywhere (a cut-off body, corrupt data) destroys the last stream, which the reader sees.
  return pipeline([body, ...decoders], () => {}) as unknown as Readable;
}

async function sendWithUndici(attempt: UpstreamAttempt): Promise<UpstreamOutcome> {
  if (attempt.signal.aborted) return { kind: 'aborted' };
  const headers = attempt.headers;
  // What Node's fetch sends unless told otherwise: a vendor (or its firewall) may refuse a call without a
  // user agent, and nothing here should change with the transport.
  for (const [name, value] of FETCH_DEFAULT_HEADERS) if (!headers.has(name)) headers.set(name, value);
  let body: string | undefined;
  if (attempt.json !== undefined) {
    body = JSON.stringify(attempt.json);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  // undici takes an EventEmitter as its signal: one per attempt, cheaper than an AbortController, fired by
  // the attempt's timer (until the headers) or by the operation's signal (until the body is read).
  const abortAttempt = new EventEmitter();
  const forwardAbort = () => abortAttempt.emit('abort');
  attempt.signal.addEventListener('abort', forwardAbort, { once: true });
  const stopForwarding = () => attempt.signal.removeEventListener('abort', forwardAbort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abortAttempt.emit('abort');
  }, attempt.timeoutMs);
  let answer: Dispatcher.ResponseData;
  try {
    answer = await undiciRequest(attempt.url, {
      method: attempt.method as Dispatcher.HttpMethod,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: abortAttempt,
      // Redirects are never followed (undici's request API does not unless told to).
      ...(attempt.dispatcher ? { dispatcher: attempt.dispatcher } : {}),
    });
  } catch (error) {
    stopForwarding();
    if (isAddressNotAllowed(error)) return { kind: 'refused' };
    if (attempt.signal.aborted) return { kind: 'aborted' };
    return { kind: timedOut ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
  }
  const stream = answer.body;
  // The operation's signal keeps bounding the body until it has been read or dropped.
  stream.once('close', stopForwarding);
  // A body dropped before its end (too large, a redirect's, given up on) errors with "Request aborted" once
  // destroyed; a read still sees every error (the iterator listens for its own), this one is nobody's.
  stream.on('error', ignoreDroppedBody);
  return {
    kind: 'response',
    answer: {
      status: answer.statusCode,
      headers: toHeaders(answer.headers),
      async text(maxBytes, label) {
        const declared = Number(answer.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          stream.destroy();
          throw new ResponseTooLargeError(label, maxBytes);
        }
        // Counted as decoded: a small compressed answer may unpack to far more than the cap.
        const decoded = decodedBody(stream, answer.headers['content-encoding']);
        const chunks: Buffer[] = [];
        let received = 0;
        for await (const chunk of decoded as AsyncIterable<Buffer>) {
          received += chunk.byteLength;
          if (received > maxBytes) {
            decoded.destroy();
            stream.destroy();
            throw new ResponseTooLargeError(label, maxBytes);
          }
          chunks.push(chunk);
        }
        // TextDecoder, as fetch's text() does: invalid bytes become U+FFFD and a byte-order mark goes.
        return utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received));
      },
      async discard() {
        stream.destroy();
      },
    },
  };
}

function ignoreDroppedBody(): void {}

/** undici's header record as a WHATWG `Headers` (what connectors and rate budgets read). */
function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (value === undefined) continue;
    if (typeof value === 'string') headers.append(name, value);
    else for (const item of value) headers.append(name, item);
  }
  return headers;
}

async function sendWithFetch(attempt: UpstreamAttempt): Promise<UpstreamOutcome> {
  try {
    const response = await ky(attempt.url, {
      method: attempt.method,
      headers: attempt.headers,
      ...(attempt.json !== undefined ? { json: attempt.json } : {}),
      signal: attempt.signal,
      timeout: attempt.timeoutMs,
      retry: 0,
      throwHttpErrors: false,
      redirect: 'manual',
      // ky hands options it does not know to fetch: undici's dispatcher does the connect-time check.
      ...(attempt.dispatcher ? { dispatcher: attempt.dispatcher } : {}),
    } as Parameters<typeof ky>[1]);
    return {
      kind: 'response',
      answer: {
        status: response.status,
        headers: response.headers,
        text: (maxBytes, label) => readBodyText(response, maxBytes, label),
        discard: async () => {
          await response.body?.cancel().catch(() => {});
        },
      },
    };
  } catch (error) {
    if (isAddressNotAllowed(error)) return { kind: 'refused' };
    if (attempt.signal.aborted) return { kind: 'aborted' };
    return { kind: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
  }
}
