import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the loopback server received it. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string, exactly as sent (not decoded). */
  path: string;
  query: URLSearchParams;
  /** The raw request target: path and query. */
  target: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; `index` counts requests from 0 since the last `reset()`. */
export type TestHandler = (
  request: RecordedRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

/** A scripted HTTP server on 127.0.0.1: each test sets the handler and reads what was received. */
export interface TestServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  /** Every request received since the last `reset()`, in order. */
  requests: RecordedRequest[];
  /** TCP connections accepted since the last `reset()`. */
  readonly connections: number;
  handle(handler: TestHandler): void;
  /** Forgets requests and connections, closes open sockets and restores the default handler. */
  reset(): void;
  close(): Promise<void>;
}

const noHandler: TestHandler = (_request, response) => {
  sendJson(response, 500, { error: 'the test set no handler' });
};

export async function startTestServer(): Promise<TestServer> {
  let handler: TestHandler = noHandler;
  let connections = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const target = incoming.url ?? '/';
      const url = new URL(target, 'http://127.0.0.1');
      const questionMark = target.indexOf('?');
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: questionMark === -1 ? target : target.slice(0, questionMark),
        query: url.searchParams,
        target,
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = requests.length;
      requests.push(recorded);
      Promise.resolve()
        .then(() => handler(recorded, response, index))
        .catch((error: unknown) => {
          if (!response.headersSent) sendJson(response, 500, { error: String(error) });
          else response.destroy();
        });
    });
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    get connections() {
      return connections;
    },
    handle(next) {
      handler = next;
    },
    reset() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      requests.length = 0;
      connections = 0;
      handler = noHandler;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes a JSON answer with a content-length. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** A port on 127.0.0.1 with nothing listening on it: connecting is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
