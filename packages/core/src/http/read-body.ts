import { BridgeError } from '../errors.js';

export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** An answer over the size cap: reported as `upstream_invalid_response`, counted as `too_large`. */
export class ResponseTooLargeError extends BridgeError {
  constructor(endpoint: string, maxBytes: number) {
    super('upstream_invalid_response', `${endpoint} answered more than ${maxBytes} bytes`);
  }
}

/**
 * Reads a response body as text, refusing (and cancelling) one larger than `maxBytes`, whether or not the
 * service declared its length.
 */
export async function readBodyText(response: Response, maxBytes: number, endpoint: string): Promise<string> {
  const tooLarge = () => new ResponseTooLargeError(endpoint, maxBytes);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Not awaited: some streams only settle a cancel once the sender stops, which may be never.
    response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
