import { Parser } from 'htmlparser2';

export const DEFAULT_PREVIEW_LENGTH = 280;
/**
 * Only this much vendor text is ever parsed: a preview needs a few hundred readable characters, and a
 * ticket body of megabytes (anyone who emails a support address writes one) must cost no more than this.
 */
export const MAX_PREVIEW_INPUT_LENGTH = 64 * 1024;

// Elements whose content is not text a person reads.
const HIDDEN_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'head', 'title']);
// Block-level boundaries become spaces so words from adjacent paragraphs do not run together.
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'br',
  'li',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'hr',
  'ul',
  'ol',
  'table',
  'pre',
  'section',
  'article',
]);

/**
 * A short plain-text preview of vendor text that may be HTML (ticket bodies, notes, emails): tags and
 * scripts/styles removed, entities decoded, whitespace collapsed, cut at a word boundary with `…`.
 * Returns undefined when nothing readable is left. The input is truncated first, then read by a
 * tokenizer (htmlparser2) in one linear pass.
 */
export function plainTextPreview(
  text: string | null | undefined,
  maxLength: number = DEFAULT_PREVIEW_LENGTH,
): string | undefined {
  if (!text) return undefined;
  const plain = htmlToText(text.slice(0, MAX_PREVIEW_INPUT_LENGTH)).replace(/\s+/g, ' ').trim();
  if (plain === '') return undefined;
  if (plain.length <= maxLength) return plain;
  const cut = plain.slice(0, maxLength - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > maxLength * 0.6 ? cut.slice(0, atWord) : cut).trimEnd()}…`;
}

function htmlToText(html: string): string {
  const parts: string[] = [];
  let hiddenDepth = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN_ELEMENTS.has(name)) hiddenDepth += 1;
        else if (BLOCK_ELEMENTS.has(name)) parts.push(' ');
      },
      onclosetag(name) {
        if (HIDDEN_ELEMENTS.has(name)) hiddenDepth = Math.max(0, hiddenDepth - 1);
        else if (BLOCK_ELEMENTS.has(name)) parts.push(' ');
      },
      ontext(data) {
        if (hiddenDepth === 0) parts.push(data);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return parts.join('');
}
