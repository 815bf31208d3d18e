// Field paths in a definition: `data.orders`, `items[0].id`, `meta["next-cursor"]`. Nothing else: no
// wildcards, no filters, no expressions. `$` (or an empty path) is the whole value.

export type PathSegment = string | number;

/** The longest path a definition may hold; parsing is one linear pass over it. */
export const MAX_PATH_LENGTH = 200;

/** Parses a path, or throws a TypeError whose message says what is wrong with it. */
export function parsePath(text: string): PathSegment[] {
  if (text.length > MAX_PATH_LENGTH) throw new TypeError(`a path is at most ${MAX_PATH_LENGTH} characters`);
  if (text === '' || text === '$') return [];
  const segments: PathSegment[] = [];
  let index = text.startsWith('$.') ? 2 : 0;
  let expectName = true;
  while (index < text.length) {
    const char = text[index];
    if (char === '[') {
      const close = text.indexOf(']', index);
      if (close < 0) throw new TypeError(`"${text}": "[" without "]"`);
      const inside = text.slice(index + 1, close);
      if (/^\d{1,6}$/.test(inside)) segments.push(Number(inside));
      else if (/^"[^"]+"$/.test(inside) || /^'[^']+'$/.test(inside)) segments.push(inside.slice(1, -1));
      else throw new TypeError(`"${text}": expected [number] or ["name"] at "[${inside}]"`);
      index = close + 1;
      expectName = false;
      continue;
    }
    if (char === '.') {
      if (expectName) throw new TypeError(`"${text}": empty name before "."`);
      index += 1;
      expectName = true;
      if (index === text.length) throw new TypeError(`"${text}": ends with "."`);
      continue;
    }
    if (!expectName) throw new TypeError(`"${text}": expected "." or "[" before "${text.slice(index)}"`);
    let end = index;
    while (end < text.length && text[end] !== '.' && text[end] !== '[') end += 1;
    const name = text.slice(index, end);
    if (/[\s\]"'{}]/.test(name)) throw new TypeError(`"${text}": "${name}" is not a field name`);
    segments.push(name);
    index = end;
    expectName = false;
  }
  return segments;
}

/** The value at a path, or undefined when any step is missing. Only own properties are read. */
export function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

/** The path as a definition writes it, for messages. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '$';
  return path
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : /^[\w-]+$/.test(segment)
          ? `${index === 0 ? '' : '.'}${segment}`
          : `["${segment}"]`,
    )
    .join('');
}
