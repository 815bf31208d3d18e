/**
 * The username of a Twitter/X profile, as vendors store it: a handle (`@jane`, `jane`) or a profile URL
 * (`https://twitter.com/jane`, `x.com/@jane/`); undefined for anything else. Usernames are at most 15
 * characters today; 50 leaves room for the old, longer ones some CRMs hold.
 */
export function twitterHandle(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  if (!text || text.length > 200) return undefined;
  const url = /^(?:https?:\/\/)?(?:www\.|mobile\.)?(?:twitter\.com|x\.com)\/@?(\w{1,50})(?:[/?#]|$)/i.exec(
    text,
  );
  if (url) return url[1];
  return /^@?(\w{1,50})$/.exec(text)?.[1];
}

/** An address as one line (`1 Main St, Springfield, 12345, US`): the parts that are present, in order. */
export function addressLine(parts: readonly (string | null | undefined)[]): string | undefined {
  const present = parts.map((part) => part?.trim()).filter((part): part is string => !!part);
  return present.length > 0 ? present.join(', ') : undefined;
}

/** `First Last` from the parts that are present; undefined when none is. */
export function fullName(...parts: (string | null | undefined)[]): string | undefined {
  const present = parts.map((part) => part?.trim()).filter((part): part is string => !!part);
  return present.length > 0 ? present.join(' ') : undefined;
}
