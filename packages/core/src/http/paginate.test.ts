import { describe, expect, it, vi } from 'vitest';
import type { BridgeLogger } from '../logger.js';
import { collectPages, nextLinkFrom, type Page } from './paginate.js';

/** Pages of `size` numbered items; cursors are page numbers; `last` is the last page. */
function numberedPages(size: number, last: number) {
  const cursors: (number | undefined)[] = [];
  const fetchPage = vi.fn(async (cursor: number | undefined): Promise<Page<number, number>> => {
    cursors.push(cursor);
    const page = cursor ?? 1;
    const items = Array.from({ length: size }, (_, index) => (page - 1) * size + index + 1);
    return { items, next: page < last ? page + 1 : undefined };
  });
  return { fetchPage, cursors };
}

function captureLog() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const ignore = () => {};
  const log: BridgeLogger = {
    debug: ignore,
    info: ignore,
    error: ignore,
    warn: (fields, message) => warnings.push({ fields, message }),
  };
  return { log, warnings };
}

const far = () => Date.now() + 60_000;

describe('collectPages', () => {
  it('follows the cursors until the last page', async () => {
    const { fetchPage, cursors } = numberedPages(2, 3);
    expect(await collectPages(fetchPage, { limit: 100, deadline: far() })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(cursors).toEqual([undefined, 2, 3]);
  });

  it('stops once the limit is reached and slices to it', async () => {
    const { fetchPage } = numberedPages(3, 10);
    expect(await collectPages(fetchPage, { limit: 5, deadline: far() })).toEqual([1, 2, 3, 4, 5]);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('stops at the limit exactly on a page boundary', async () => {
    const { fetchPage } = numberedPages(3, 10);
    expect(await collectPages(fetchPage, { limit: 6, deadline: far() })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('stops on an empty page even when the service offers a next one', async () => {
    const fetchPage = vi
      .fn<(cursor: string | undefined) => Promise<Page<string, string>>>()
      .mockResolvedValueOnce({ items: ['a'], next: 'c2' })
      .mockResolvedValueOnce({ items: [], next: 'c3' })
      .mockResolvedValue({ items: ['never'], next: 'c4' });
    expect(await collectPages(fetchPage, { limit: 10, deadline: far() })).toEqual(['a']);
    expect(fetchPage).toHaveBeenCalledTimes(2);
  });

  it('respects maxPages when the service keeps offering more', async () => {
    const { fetchPage } = numberedPages(1, 1_000);
    expect(await collectPages(fetchPage, { limit: 100, deadline: far(), maxPages: 4 })).toEqual([1, 2, 3, 4]);
    expect(fetchPage).toHaveBeenCalledTimes(4);
  });

  it('bounds pages at 20 by default', async () => {
    const { fetchPage } = numberedPages(1, 1_000);
    expect(await collectPages(fetchPage, { limit: 1_000, deadline: far() })).toHaveLength(20);
    expect(fetchPage).toHaveBeenCalledTimes(20);
  });

  it('returns the partial list and warns when another page would not finish before the deadline', async () => {
    const { log, warnings } = captureLog();
    const fetchPage = vi.fn(async (cursor: number | undefined): Promise<Page<number, number>> => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      const page = cursor ?? 1;
      return { items: [page], next: page + 1 };
    });
    // The first page takes about 30 ms; another one would end after the deadline, 40 ms from now.
    const items = await collectPages(fetchPage, { limit: 100, deadline: Date.now() + 40, log });
    expect(items).toEqual([1]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toEqual({ pages: 1, items: 1 });
  });

  it('always fetches the first page, even past the deadline, and then stops', async () => {
    const { log, warnings } = captureLog();
    const { fetchPage } = numberedPages(2, 10);
    expect(await collectPages(fetchPage, { limit: 100, deadline: Date.now() - 1, log })).toEqual([1, 2]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
    expect(warnings).toHaveLength(1);
  });

  it('does not warn when it stops for another reason', async () => {
    const { log, warnings } = captureLog();
    const { fetchPage } = numberedPages(2, 2);
    expect(await collectPages(fetchPage, { limit: 100, deadline: far(), log })).toEqual([1, 2, 3, 4]);
    expect(warnings).toEqual([]);
  });

  it('lets a failing page reject the whole collection', async () => {
    const fetchPage = vi
      .fn<(cursor: number | undefined) => Promise<Page<number, number>>>()
      .mockResolvedValueOnce({ items: [1], next: 2 })
      .mockRejectedValueOnce(new Error('boom'));
    await expect(collectPages(fetchPage, { limit: 10, deadline: far() })).rejects.toThrow('boom');
  });
});

describe('nextLinkFrom', () => {
  it('finds rel="next" among several relations', () => {
    const header =
      '<https://api.example.com/items?page=1>; rel="first", <https://api.example.com/items?page=3>; rel="next", ' +
      '<https://api.example.com/items?page=9>; rel="last"';
    expect(nextLinkFrom(header)).toBe('https://api.example.com/items?page=3');
  });

  it('accepts an unquoted rel, any case and extra parameters', () => {
    expect(nextLinkFrom('<https://a.example/x?page=2>; rel=next')).toBe('https://a.example/x?page=2');
    expect(nextLinkFrom('<https://a.example/x?page=2>; REL="Next"')).toBe('https://a.example/x?page=2');
    expect(nextLinkFrom('<https://a.example/x?page=2>; title="more"; rel="next"')).toBe(
      'https://a.example/x?page=2',
    );
    expect(nextLinkFrom('<https://a.example/x?page=2> ;rel = "next"')).toBe('https://a.example/x?page=2');
  });

  it('accepts next among space-separated relations', () => {
    expect(nextLinkFrom('<https://a.example/x?page=2>; rel="prefetch next"')).toBe(
      'https://a.example/x?page=2',
    );
    expect(nextLinkFrom('<https://a.example/x?page=2>; rel="next prefetch"')).toBe(
      'https://a.example/x?page=2',
    );
  });

  it('is undefined without a next link', () => {
    expect(nextLinkFrom(undefined)).toBeUndefined();
    expect(nextLinkFrom(null)).toBeUndefined();
    expect(nextLinkFrom('')).toBeUndefined();
    expect(
      nextLinkFrom('<https://a.example/x?page=1>; rel="prev", <https://a.example/x?page=1>; rel="first"'),
    ).toBe(undefined);
    expect(nextLinkFrom('not a link header')).toBeUndefined();
  });

  it('does not take another relation that merely starts with "next" (next-archive, RFC 5005)', () => {
    expect(nextLinkFrom('<https://a.example/archive/2>; rel="next-archive"')).toBeUndefined();
  });

  it('keeps a next URL that contains a comma (URI references may)', () => {
    const header =
      '<https://api.example.com/items?fields=id,title&page_info=abc>; rel="next", <https://api.example.com/items?fields=id,title>; rel="first"';
    expect(nextLinkFrom(header)).toBe('https://api.example.com/items?fields=id,title&page_info=abc');
  });
});
