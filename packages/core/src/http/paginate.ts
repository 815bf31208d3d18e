import type { BridgeLogger } from '../logger.js';

export interface Page<TItem, TCursor> {
  items: TItem[];
  /** Where the next page starts (a cursor, a URL from a Link header, an offset); undefined on the last. */
  next?: TCursor | undefined;
}

export interface CollectPagesOptions {
  /** Stop once this many items are collected. */
  limit: number;
  /** Epoch ms: no new page is started when the last one's duration would not fit before it. */
  deadline: number;
  /** A bound on pages even when the service keeps offering more. Default 20. */
  maxPages?: number;
  log?: BridgeLogger;
}

/**
 * Fetches pages until the limit is reached, the service has no next page, or another page would not finish
 * before the deadline (then the items so far are returned: a partial list beats no answer). Works for
 * cursor, Link-header and offset/page APIs alike: `fetchPage` turns a cursor into a page.
 */
export async function collectPages<TItem, TCursor>(
  fetchPage: (cursor: TCursor | undefined) => Promise<Page<TItem, TCursor>>,
  options: CollectPagesOptions,
): Promise<TItem[]> {
  const items: TItem[] = [];
  const maxPages = options.maxPages ?? 20;
  let cursor: TCursor | undefined;
  for (let pageNumber = 1; pageNumber <= maxPages; pageNumber += 1) {
    const started = Date.now();
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (items.length >= options.limit || page.next === undefined || page.items.length === 0) break;
    const lastPageMs = Date.now() - started;
    if (Date.now() + lastPageMs >= options.deadline) {
      options.log?.warn({ pages: pageNumber, items: items.length }, 'stopped paging: the deadline is near');
      break;
    }
    cursor = page.next;
  }
  return items.slice(0, options.limit);
}

/** The `rel="next"` URL of an RFC 8288 Link header (Zendesk-, GitHub-style pagination). */
export function nextLinkFrom(linkHeader: string | null | undefined): string | undefined {
  if (!linkHeader) return undefined;
  // Walk `<url>; params` entries; a URL may itself contain commas, so do not split the header on them.
  // One pass with indexOf (a regex over the whole header backtracks quadratically on a hostile one).
  let at = linkHeader.indexOf('<');
  while (at !== -1) {
    const close = linkHeader.indexOf('>', at + 1);
    if (close === -1) return undefined;
    const nextEntry = linkHeader.indexOf('<', close + 1);
    const params = linkHeader.slice(close + 1, nextEntry === -1 ? undefined : nextEntry);
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return linkHeader.slice(at + 1, close);
    at = nextEntry;
  }
  return undefined;
}
