import { describe, expect, it } from 'vitest';
import { plainTextPreview } from './plain-text-preview.js';

describe('plainTextPreview', () => {
  it('strips tags, scripts and comments, decodes entities and collapses whitespace', () => {
    expect(
      plainTextPreview(
        '<p>Hello&nbsp;<b>Jane</b>,</p>\n<script>alert(1)</script><!-- x --><div>Tom &amp; Jerry&#39;s</div>',
      ),
    ).toBe("Hello Jane, Tom & Jerry's");
  });

  it('keeps words from adjacent blocks apart', () => {
    expect(plainTextPreview('<p>one</p><p>two</p>line<br>break')).toBe('one two line break');
  });

  it('cuts long text at a word boundary with an ellipsis', () => {
    const preview = plainTextPreview('word '.repeat(100), 50);
    expect(preview).toMatch(/^(word ){8,}word…$/);
    expect(preview!.length).toBeLessThanOrEqual(50);
  });

  it('returns undefined for empty or tag-only text', () => {
    expect(plainTextPreview(undefined)).toBeUndefined();
    expect(plainTextPreview('')).toBeUndefined();
    expect(plainTextPreview('<p> </p><br/>')).toBeUndefined();
  });
});
