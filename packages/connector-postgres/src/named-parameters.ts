/**
 * Operator SQL names its parameters (`:contact_ids`, `:customer_key`); PostgreSQL binds positional ones
 * (`$1`). This turns the first into the second in one left-to-right pass, skipping everything that is not
 * code — string literals, quoted identifiers, dollar-quoted bodies, comments — and `::` casts. Values are
 * never part of the text: they travel as bind parameters.
 */
export interface CompiledSql {
  /** The SQL with `$n` in place of each named parameter (one number per distinct name). */
  text: string;
  /** Parameter names in `$n` order: `names[0]` is `$1`. */
  names: string[];
}

export class NamedSqlError extends Error {
  override name = 'NamedSqlError';
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;

export function compileNamedParameters(sql: string): CompiledSql {
  const names: string[] = [];
  let out = '';
  let at = 0;
  const length = sql.length;

  /** Copies up to (not including) `end` and moves there. */
  const copyTo = (end: number) => {
    out += sql.slice(at, end);
    at = end;
  };

  while (at < length) {
    const char = sql[at] as string;
    const next = sql[at + 1];

    if (char === "'") {
      // E'…' strings take backslash escapes; standard strings only double the quote.
      const backslashEscapes = at > 0 && /[Ee]/.test(sql[at - 1] as string) && !isPartOfWord(sql, at - 2);
      copyTo(endOfQuoted(sql, at, "'", backslashEscapes));
      continue;
    }
    if (char === '"') {
      copyTo(endOfQuoted(sql, at, '"', false));
      continue;
    }
    if (char === '-' && next === '-') {
      const newline = sql.indexOf('\n', at);
      copyTo(newline === -1 ? length : newline);
      continue;
    }
    if (char === '/' && next === '*') {
      copyTo(endOfBlockComment(sql, at));
      continue;
    }
    if (char === '$') {
      if (next !== undefined && /[0-9]/.test(next)) {
        throw new NamedSqlError(`positional parameter $${next}… found: name parameters instead (:name)`);
      }
      const tag = dollarTagAt(sql, at);
      if (tag !== undefined) {
        const close = sql.indexOf(tag, at + tag.length);
        if (close === -1) throw new NamedSqlError(`unterminated dollar-quoted text ${tag}`);
        copyTo(close + tag.length);
        continue;
      }
      copyTo(at + 1);
      continue;
    }
    if (char === ':') {
      if (next === ':') {
        copyTo(at + 2);
        continue;
      }
      if (next !== undefined && IDENTIFIER_START.test(next)) {
        let end = at + 2;
        while (end < length && IDENTIFIER_PART.test(sql[end] as string)) end += 1;
        const name = sql.slice(at + 1, end).toLowerCase();
        let index = names.indexOf(name);
        if (index === -1) index = names.push(name) - 1;
        out += `$${index + 1}`;
        at = end;
        continue;
      }
    }
    copyTo(at + 1);
  }
  return { text: out, names };
}

function isPartOfWord(sql: string, index: number): boolean {
  return index >= 0 && IDENTIFIER_PART.test(sql[index] as string);
}

/** The index just past the closing quote of the quoted text starting at `start`. */
function endOfQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let at = start + 1;
  while (at < sql.length) {
    const char = sql[at];
    if (backslashEscapes && char === '\\') {
      at += 2;
      continue;
    }
    if (char === quote) {
      // A doubled quote is an escaped one.
      if (sql[at + 1] === quote) {
        at += 2;
        continue;
      }
      return at + 1;
    }
    at += 1;
  }
  throw new NamedSqlError(`unterminated ${quote === "'" ? 'string literal' : 'quoted identifier'}`);
}

/** Block comments nest in PostgreSQL. */
function endOfBlockComment(sql: string, start: number): number {
  let depth = 0;
  let at = start;
  while (at < sql.length) {
    if (sql[at] === '/' && sql[at + 1] === '*') {
      depth += 1;
      at += 2;
    } else if (sql[at] === '*' && sql[at + 1] === '/') {
      depth -= 1;
      at += 2;
      if (depth === 0) return at;
    } else {
      at += 1;
    }
  }
  throw new NamedSqlError('unterminated block comment');
}

/** `$$` or `$tag$` at `start` (a dollar-quote opener), or undefined. */
function dollarTagAt(sql: string, start: number): string | undefined {
  if (isPartOfWord(sql, start - 1)) return undefined;
  let end = start + 1;
  if (sql[end] !== '$') {
    if (!IDENTIFIER_START.test(sql[end] ?? '')) return undefined;
    while (end < sql.length && IDENTIFIER_PART.test(sql[end] as string)) end += 1;
    if (sql[end] !== '$') return undefined;
  }
  return sql.slice(start, end + 1);
}
