import { describe, expect, it } from 'vitest';
import { BridgeError } from '../errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, readBodyText } from './read-body.js';

function streamOf(chunks: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index];
      index += 1;
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel() {
      onCancel?.();
    },
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('readBodyText', () => {
  it('reads a body under the cap', async () => {
    expect(await readBodyText(new Response('{"a":1}'), 100, 'GET /x')).toBe('{"a":1}');
  });

  it('reads an empty or missing body as an empty string', async () => {
    expect(await readBodyText(new Response(null, { status: 204 }), 100, 'GET /x')).toBe('');
    expect(await readBodyText(new Response(''), 100, 'GET /x')).toBe('');
  });

  it('accepts a body of exactly the cap', async () => {
    expect(await readBodyText(new Response('x'.repeat(10)), 10, 'GET /x')).toBe('x'.repeat(10));
  });

  it('refuses a declared length over the cap without reading, as upstream_invalid_response', async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled = true;
        controller.enqueue(new Uint8Array(1));
      },
    });
    const response = new Response(body, { headers: { 'content-length': '1000' } });
    const error = await rejectionOf(readBodyText(response, 100, 'GET /api/users'));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(BridgeError.isInstance(error) && error.code).toBe('upstream_invalid_response');
    expect((error as Error).message).toContain('GET /api/users');
    expect(pulled).toBe(false);
  });

  it('refuses and cancels an undeclared body once it passes the cap', async () => {
    let cancelled = false;
    const chunks = Array.from({ length: 10 }, () => new Uint8Array(40).fill(120));
    const error = await rejectionOf(
      readBodyText(new Response(streamOf(chunks, () => (cancelled = true))), 100, 'GET /x'),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(cancelled).toBe(true);
  });

  it('decodes UTF-8 characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('{"name":"Zoë 🚀"}');
    const chunks = Array.from(bytes, (byte) => new Uint8Array([byte]));
    expect(await readBodyText(new Response(streamOf(chunks)), 100, 'GET /x')).toBe('{"name":"Zoë 🚀"}');
  });

  it('counts bytes, not characters', async () => {
    const error = await rejectionOf(
      readBodyText(new Response(streamOf([new TextEncoder().encode('é'.repeat(6))])), 10, 'GET /x'),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it('defaults to 5 MiB', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(5 * 1024 * 1024);
  });
});
