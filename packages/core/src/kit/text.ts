/**
 * `text` without the run of `char` at its end (`https://x.example///` → `https://x.example`). A loop, not
 * `/\/+$/`: that regex is tried at every position of a long run and costs quadratic time.
 */
export function withoutTrailing(text: string, char: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === char) end -= 1;
  return text.slice(0, end);
}

/** `text` up to (not including) the first of `chars`, or all of it (`acme.example/a?b` → `acme.example`). */
export function beforeFirst(text: string, chars: string): string {
  for (let index = 0; index < text.length; index += 1) {
    if (chars.includes(text[index] as string)) return text.slice(0, index);
  }
  return text;
}
