import { describe, expect, it } from 'vitest';
import { compileNamedParameters } from './named-parameters.js';

describe('compileNamedParameters', () => {
  it('numbers each distinct name once, in order of first use', () => {
    expect(
      compileNamedParameters(
        'SELECT id FROM t WHERE a = :customer_key AND b = ANY(:emails) OR c = :customer_key',
      ),
    ).toEqual({
      text: 'SELECT id FROM t WHERE a = $1 AND b = ANY($2) OR c = $1',
      names: ['customer_key', 'emails'],
    });
  });

  it('leaves casts, literals, quoted identifiers, comments and dollar quotes alone', () => {
    const sql = [
      "SELECT :a::text, ':not_a', E'\\':still_not', \"col:x\", $$ :nor $$, $tag$ :nor_this $tag$",
      '-- :comment',
      '/* outer /* :nested */ :still */ FROM t WHERE x = :b',
    ].join('\n');
    const compiled = compileNamedParameters(sql);
    expect(compiled.names).toEqual(['a', 'b']);
    expect(compiled.text).toContain("$1::text, ':not_a', E'\\':still_not'");
    expect(compiled.text).toContain('x = $2');
  });

  it('refuses positional parameters and unterminated text', () => {
    expect(() => compileNamedParameters('SELECT $1')).toThrow(/name parameters instead/);
    expect(() => compileNamedParameters("SELECT 'open")).toThrow(/unterminated string literal/);
    expect(() => compileNamedParameters('SELECT /* open')).toThrow(/unterminated block comment/);
  });

  it('takes time linear in the text (a long hostile-looking input compiles at once)', () => {
    const long = `SELECT ${"':x' || ".repeat(20_000)}:y`;
    expect(compileNamedParameters(long).names).toEqual(['y']);
  });
});
