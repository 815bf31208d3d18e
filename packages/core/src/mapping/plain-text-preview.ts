import { decode } from 'html-entities';

export const DEFAULT_PREVIEW_LENGTH = 280;

/**
 * A short plain-text preview of vendor text that may be HTML (ticket bodies, notes, emails): tags and
 * scripts/styles removed, entities decoded, whitespace collapsed, cut at a word boundary with `…`.
 * Returns undefined when nothing readable is left.
 */
export function plainTextPreview(
  text: string | null | undefined,
  maxLength: number = DEFAULT_PREVIEW_LENGTH,
): string | undefined {
  if (!text) return undefined;
  const plain = decode(
    text
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      // Block-level ends become spaces so words from adjacent paragraphs do not run together.
      .replace(/<\/?(p|div|br|li|tr|h[1-6]|blockquote)\b[^>]*>/gi, ' ')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return undefined;
  if (plain.length <= maxLength) return plain;
  const cut = plain.slice(0, maxLength - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > maxLength * 0.6 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}
