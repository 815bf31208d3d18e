import { phoneSpellings } from '@talkbridge/core';

// Intercom's contact search compares `phone` with the text as it was stored, and numbers get stored in many
// layouts. Intercom asks for E.164 but does not enforce it, and its search has no formatting-tolerant phone
// operator. So the connector searches every common layout of each number at once, in one `IN` filter:
// core's spellings (E.164, international, national, bare digits, 00 prefix) plus the separators people
// type that those lack ("415-555-0132", "+1 (415) 555-0132", "415.555.0132", "02079460958").

/** The layouts one E.164 number is commonly stored in. */
export function phoneLayouts(e164: string): string[] {
  const spellings = phoneSpellings(e164);
  const layouts = [...spellings];
  // "+1 415 555 0132": the calling code, then the groups of the national number.
  const international = spellings.find((spelling) => /^\+\d+ /.test(spelling));
  if (international) {
    const [code = '', ...groups] = international.split(' ');
    const dashed = groups.join('-');
    layouts.push(
      dashed,
      groups.join('.'),
      `${code} ${dashed}`,
      `${code}-${dashed}`,
      `${code.slice(1)}-${dashed}`,
    );
    // "(415) 555-0132" is a national layout people also write after the calling code.
    for (const spelling of spellings) {
      if (spelling.startsWith('(')) layouts.push(`${code} ${spelling}`, `${code.slice(1)} ${spelling}`);
    }
  }
  // National layouts with a trunk prefix, without their spaces: "020 7946 0958" → "02079460958".
  for (const spelling of spellings) {
    if (spelling.startsWith('0') && /\s/.test(spelling)) layouts.push(spelling.replace(/\s+/g, ''));
  }
  return layouts;
}

/** Every layout of every number, without repeats. */
export function intercomPhoneVariants(e164Numbers: readonly string[]): string[] {
  return [...new Set(e164Numbers.flatMap(phoneLayouts))];
}
