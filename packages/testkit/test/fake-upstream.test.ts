import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeUpstream, HttpResponse, http } from '../src/index.js';

const upstream = createFakeUpstream(
  'https://fake.example.com',
  http.post('https://fake.example.com/api/search', async ({ request }) =>
    HttpResponse.json({ echoed: await request.json() }),
  ),
);
const loopback = createServer((_request, response) => response.end('from loopback'));

beforeAll(async () => {
  upstream.listen();
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve));
});
afterAll(() => {
  upstream.close();
  loopback.close();
});

describe('createFakeUpstream', () => {
  it('records method, path, query, headers and body of each request to the fake', async () => {
    const response = await fetch('https://fake.example.com/api/search?q=a&q=b', {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane@example.com' }),
    });
    expect(await response.json()).toEqual({ echoed: { email: 'jane@example.com' } });
    expect(upstream.requests).toHaveLength(1);
    const [recorded] = upstream.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: '/api/search',
      json: { email: 'jane@example.com' },
    });
    expect(recorded?.query.getAll('q')).toEqual(['a', 'b']);
    expect(recorded?.headers.get('authorization')).toBe('Bearer t');
  });

  it('fails a request it has no handler for', async () => {
    await expect(fetch('https://fake.example.com/api/other')).rejects.toThrow();
  });

  it('lets loopback traffic through, unrecorded', async () => {
    upstream.reset();
    const { port } = loopback.address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('from loopback');
    expect(upstream.requests).toHaveLength(0);
  });
});
