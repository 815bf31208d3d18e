import { z } from 'zod';
import { assertJsonDepth } from '../contract/limits.js';
import { BridgeError } from '../errors.js';
import { fieldError } from '../kit/field-error.js';

/** Longest offset accepted back: an offset is ours, and ours are small. */
const MAX_OFFSET_LENGTH = 8192;

/**
 * What a synchronization carries from one page to the next inside Talkdesk's opaque `offset`: the
 * connector's cursor (any JSON value its cursor schema accepts) and, for contacts, the latest update time
 * seen so far in this run. Encoded as base64url JSON; on the way back in, checked for size and shape first
 * and then by the connector's own cursor schema, so a forged or stale offset is a 400, never a crash and
 * never a value the connector did not declare.
 */
const syncOffsetSchema = z.strictObject({
  // 1: a string cursor, from before cursors were typed; still read, so a running sync survives an upgrade.
  v: z.union([z.literal(1), z.literal(2)]),
  cursor: z.unknown(),
  /** Epoch ms of the latest update seen in this run. */
  high: z.number().int().nonnegative().optional(),
});

export interface SyncOffset<TCursor> {
  cursor: TCursor;
  high?: number;
}

export function encodeSyncOffset<TCursor>(offset: SyncOffset<TCursor>): string {
  const text = Buffer.from(JSON.stringify({ v: 2, ...offset })).toString('base64url');
  if (text.length > MAX_OFFSET_LENGTH) {
    // A cursor schema should bound its strings; this is the backstop that keeps our own answer readable.
    throw new RangeError(
      `A sync cursor encodes to ${text.length} characters; the most is ${MAX_OFFSET_LENGTH}`,
    );
  }
  return text;
}

/** What a v1 (untyped) cursor may hold: text of bounded length. */
export const textCursorSchema = z.string().max(4096);

export function decodeSyncOffset<TCursor = string>(
  text: string,
  cursorSchema: z.ZodType<TCursor> = textCursorSchema as unknown as z.ZodType<TCursor>,
  path = 'meta.offset',
): SyncOffset<TCursor> {
  const refuse = () => fieldError(path, 'not an offset this bridge issued');
  if (text.length > MAX_OFFSET_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) throw refuse();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    assertJsonDepth(json);
  } catch {
    throw refuse();
  }
  const parsed = syncOffsetSchema.safeParse(json);
  if (!parsed.success) throw refuse();
  const cursor = cursorSchema.safeParse(parsed.data.cursor);
  if (!cursor.success) throw refuse();
  return { cursor: cursor.data, ...(parsed.data.high !== undefined ? { high: parsed.data.high } : {}) };
}

/**
 * The offset of the next page: the connector's next cursor, checked against its own schema first (a cursor
 * the schema would refuse on the way back is our bug, better reported now than as the next page's 400).
 */
export function nextOffset<TCursor>(cursorSchema: z.ZodType<TCursor>, offset: SyncOffset<unknown>): string {
  const cursor = cursorSchema.safeParse(offset.cursor);
  if (!cursor.success) {
    throw new BridgeError('internal', 'The connector returned a sync cursor its own cursor schema refuses');
  }
  return encodeSyncOffset({ ...offset, cursor: cursor.data });
}
