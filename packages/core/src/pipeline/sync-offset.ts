import { z } from 'zod';
import { BridgeError } from '../errors.js';

/**
 * What a synchronization carries from one page to the next inside Talkdesk's opaque `offset`: the
 * connector's cursor and, for contacts, the latest update time seen so far in this run. Encoded as
 * base64url JSON and validated strictly on the way back in, so a forged offset is a 400, never a crash.
 */
const syncOffsetSchema = z.strictObject({
  v: z.literal(1),
  cursor: z.string().max(4096),
  /** Epoch ms of the latest update seen in this run. */
  high: z.number().int().nonnegative().optional(),
});
export type SyncOffset = Omit<z.output<typeof syncOffsetSchema>, 'v'>;

export function encodeSyncOffset(offset: SyncOffset): string {
  return Buffer.from(JSON.stringify({ v: 1, ...offset })).toString('base64url');
}

export function decodeSyncOffset(text: string, path = 'meta.offset'): SyncOffset {
  const refuse = () =>
    new BridgeError('invalid_request', `${path}: not an offset this bridge issued`, {
      issues: [{ path, message: 'not an offset this bridge issued' }],
    });
  if (text.length > 8192 || !/^[A-Za-z0-9_-]+$/.test(text)) throw refuse();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const parsed = syncOffsetSchema.safeParse(json);
  if (!parsed.success) throw refuse();
  const { v: _version, ...offset } = parsed.data;
  return offset;
}
