import { phoneParts } from '@talkbridge/core';

/**
 * The search terms for one number. Pipedrive stores numbers as people typed them ("415-555-0132",
 * "+44 20 7946 0958"); the request's are E.164. Search the E.164 form (how well-kept accounts store it)
 * and the national digits (found inside national and formatted spellings when the search ignores
 * separators); every hit is then checked with `samePhoneNumber`.
 */
export function phoneSearchTerms(e164: string): string[] {
  const national = phoneParts(e164)?.nationalNumber;
  return [...new Set([e164, ...(national ? [national] : [])])];
}
