import { describe, expect, it } from 'vitest';
import { MAX_PREVIEW_INPUT_LENGTH, plainTextPreview } from './plain-text-preview.js';

describe('plainTextPreview on hostile vendor text', () => {
  it('reads a body of 32,000 `<` as the text it is, through the tokenizer', () => {
    const preview = plainTextPreview('<'.repeat(32_000), 20);
    expect(preview).toBe(`${'<'.repeat(19)}…`);
  });

  it('reads only the first MAX_PREVIEW_INPUT_LENGTH characters of a huge body', () => {
    const tail = 'THE-END';
    const preview = plainTextPreview(`${'word '.repeat(MAX_PREVIEW_INPUT_LENGTH)}${tail}`, 100_000_000);
    expect(preview?.includes(tail)).toBe(false);
    expect(preview?.length).toBeLessThanOrEqual(MAX_PREVIEW_INPUT_LENGTH);
  });

  it('keeps scripts, styles and unclosed comments out of the preview', () => {
    expect(plainTextPreview('Hi<style>p{color:red}</style> there<script>x()</script><!-- never closed')).toBe(
      'Hi there',
    );
    expect(plainTextPreview('<SCRIPT>alert(1)</SCRIPT>ok')).toBe('ok');
  });
});
