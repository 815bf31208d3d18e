import type { BridgeLogger, InteractionPriority, InteractionStatus } from '@talkbridge/core';
import type { ZohoWebLinks } from './zoho-crm-web.js';

/** What every mapper needs besides the record: links, the operator's overrides, a logger and the clock. */
export interface ZohoMappingOptions {
  links: ZohoWebLinks;
  /** Operator overrides, keyed by Zoho's native value (`"Waiting for input": "open"`), for every type. */
  statusMap?: Readonly<Record<string, InteractionStatus>> | undefined;
  priorityMap?: Readonly<Record<string, InteractionPriority>> | undefined;
  log: BridgeLogger;
  /** Epoch ms: what is after it is a future item (a due task, a scheduled call or meeting). */
  now: number;
}

/** Epoch ms of a Zoho date-time (`2025-03-04T10:15:00+05:30`) or date (`2025-03-04`, read as UTC). */
export function zohoTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? undefined : time;
}

/** The first non-blank text, trimmed. */
export function firstText(...values: (string | null | undefined)[]): string | undefined {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}
