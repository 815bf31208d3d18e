import { z } from 'zod';
import { BridgeError } from '../errors.js';
import { formatIssuePath } from '../zod-issues.js';

/**
 * What Talkdesk could plausibly send, and no more. Every request is checked against these caps before any
 * other work, so nothing the bridge does afterwards scales with an attacker-chosen size.
 */
export const MAX_CONTACT_EMAILS = 50;
export const MAX_CONTACT_PHONES = 50;
export const MAX_INTERACTION_TYPES = 50;
/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PHONE_LENGTH = 64;
/** External ids (contacts, agents) and interaction type names. */
export const MAX_ID_LENGTH = 256;
export const MAX_TYPE_LENGTH = 64;
export const MAX_NAME_LENGTH = 512;
/** Opaque offsets and checkpoints this bridge issued. */
export const MAX_OFFSET_LENGTH = 8192;
export const MAX_AUTH_FIELDS = 32;
export const MAX_AUTH_KEY_LENGTH = 128;
/** Room for a long OAuth access token or a PEM key, not for a payload. */
export const MAX_AUTH_VALUE_LENGTH = 16_384;
export const MAX_ACTION_INPUTS = 64;
export const MAX_ACTION_INPUT_KEY_LENGTH = 128;
/** A ticket description is the longest thing an action carries: 16 KiB of text is a long one. */
export const MAX_ACTION_VALUE_LENGTH = 16_384;
/** Deepest nesting of arrays and objects accepted in any JSON body. */
export const MAX_JSON_DEPTH = 32;

/** A string of at most `max` characters, with a message that says so. */
export function boundedString(max: number) {
  return z.string().max(max, { error: `at most ${max} characters` });
}

/**
 * An array of at most `max` items, counted before any item is read: 20,000 items are refused with one
 * issue, not checked one by one.
 */
export function boundedArray<T extends z.ZodType>(item: T, max: number, noun: string) {
  return z
    .array(z.unknown())
    .max(max, { error: `at most ${max} ${noun}` })
    .pipe(z.array(item));
}

/**
 * Throws `invalid_request` naming the path where `value` nests deeper than `maxDepth` arrays/objects.
 * Iterative (an explicit stack), so a body of 500,000 `[` cannot overflow the call stack; run it on any
 * parsed JSON body before a schema (zod's parser is recursive) sees it.
 */
export function assertJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH, prefix = ''): void {
  const stack: { value: unknown; depth: number; path: readonly (string | number)[] }[] = [
    { value, depth: 0, path: [] },
  ];
  while (stack.length > 0) {
    const current = stack.pop() as (typeof stack)[number];
    if (current.value === null || typeof current.value !== 'object') continue;
    const depth = current.depth + 1;
    if (depth > maxDepth) {
      const path = formatIssuePath(prefix, current.path);
      const message = `nested deeper than ${maxDepth} levels`;
      throw new BridgeError('invalid_request', `${path}: ${message}`, { issues: [{ path, message }] });
    }
    if (Array.isArray(current.value)) {
      current.value.forEach((item, index) => {
        if (item !== null && typeof item === 'object')
          stack.push({ value: item, depth, path: [...current.path, index] });
      });
    } else {
      for (const [key, item] of Object.entries(current.value)) {
        if (item !== null && typeof item === 'object')
          stack.push({ value: item, depth, path: [...current.path, key] });
      }
    }
  }
}
