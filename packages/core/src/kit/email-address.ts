/** RFC 5321: a forward path holds at most 254 characters, a local part at most 64. */
export const MAX_EMAIL_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;

// Characters no plain address carries: whitespace and controls, and what would let an address smuggle a
// second one or a display name into a vendor's field (quotes, angle brackets, separators).
const FORBIDDEN = new Set([...'"<>(),;:[]\\']);

/**
 * Whether `text` is a plain email address (`local@domain.tld`): one `@`, a local part of 1–64 characters,
 * a domain of dot-separated non-empty labels with at least one dot, no whitespace, controls or
 * separators, 254 characters at most. One pass over at most 254 characters: linear, whatever it is given.
 */
export function isEmailAddress(text: string): boolean {
  if (typeof text !== 'string' || text.length < 5 || text.length > MAX_EMAIL_ADDRESS_LENGTH) return false;
  let at = -1;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || FORBIDDEN.has(char)) return false;
    // Unicode spaces (no-break, ideographic…) are whitespace too.
    if (code > 0x7f && /\s/.test(char)) return false;
    if (char === '@') {
      if (at !== -1) return false;
      at = index;
    }
  }
  if (at < 1 || at > MAX_LOCAL_PART_LENGTH) return false;
  const domain = text.slice(at + 1);
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every((label) => label !== '');
}
