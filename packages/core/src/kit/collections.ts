/** `items` in consecutive groups of at most `size` (a vendor's batch or `IN (…)` limit). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const groups: T[][] = [];
  for (let start = 0; start < items.length; start += size) groups.push(items.slice(start, start + size));
  return groups;
}

/**
 * The values that are present, each once, in their first order. `key` says when two are the same (lower-cased
 * emails, E.164 phones); the first spelling seen is kept.
 */
export function distinct(
  values: Iterable<string | null | undefined>,
  key: (value: string) => string = (value) => value,
): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const text = value?.trim();
    if (!text) continue;
    const identity = key(text);
    if (seen.has(identity)) continue;
    seen.add(identity);
    out.push(text);
  }
  return out;
}

/** Two vendor ids are the same whatever their JSON type (`42` and `"42"`). */
export function sameId(
  a: string | number | bigint | null | undefined,
  b: string | number | bigint | null | undefined,
): boolean {
  return a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);
}
