// Contact synchronization: one page of the declared list, its records mapped to Talkdesk's contact fields.
import { BridgeError, type ConnectorContact } from '@talkbridge/core';
import { mapDate, resolveSources } from './map-rest-record.js';
import { baseScope } from './rest-context.js';
import type { RestDefinition } from './rest-definition.js';
import { parsePath, valueAt } from './rest-path.js';
import { fetchPage, missingUpstreamValue, type PageCursor, type RestContext } from './rest-request.js';

type SyncDefinition = NonNullable<RestDefinition['syncContacts']>;

function formatSince(
  since: Date,
  format: 'iso8601' | 'epoch-seconds' | 'epoch-milliseconds',
): string | number {
  if (format === 'epoch-seconds') return Math.floor(since.getTime() / 1000);
  if (format === 'epoch-milliseconds') return since.getTime();
  return since.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The cursor core hands back: where the next page starts, as this connector wrote it. */
function readCursor(cursor: string | undefined): PageCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(cursor) as unknown;
    if (parsed && typeof parsed === 'object' && 'next' in parsed) {
      const next = (parsed as { next: unknown }).next;
      if (typeof next === 'string' || typeof next === 'number') return next;
    }
  } catch {
    // falls through to the refusal
  }
  throw new BridgeError('invalid_request', 'The synchronization offset is not one this integration gave');
}

function texts(record: unknown, paths: readonly string[] | undefined): string[] {
  return (paths ?? []).flatMap((path) => {
    const value = valueAt(record, parsePath(path));
    return (Array.isArray(value) ? value : [value]).filter(
      (item): item is string => typeof item === 'string' && item.trim() !== '',
    );
  });
}

export async function syncRestContacts(
  definition: RestDefinition,
  sync: SyncDefinition,
  ctx: RestContext,
  page: { updatedSince?: Date; cursor?: string },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: string | undefined }> {
  const base = baseScope(definition, ctx.auth, ctx.settings.baseUrl);
  const request =
    sync.updatedSince && page.updatedSince
      ? {
          ...sync.request,
          query: {
            ...sync.request.query,
            [sync.updatedSince.param]: formatSince(page.updatedSince, sync.updatedSince.format),
          },
        }
      : sync.request;
  const answer = await fetchPage(
    ctx,
    {
      request,
      scope: base,
      pagination: sync.pagination,
      records: sync.records,
      onMissing: missingUpstreamValue,
      origin: String((base.service as { origin: string }).origin),
    },
    readCursor(page.cursor),
  );
  const contacts: ConnectorContact[] = [];
  for (const record of answer.items) {
    const scope = { ...base, record };
    const id = resolveSources(sync.map.id, scope);
    const updatedAt = mapDate(sync.map.updatedAt, scope);
    if (id === undefined || updatedAt === undefined) {
      ctx.log.warn({}, 'contact skipped: it has no id or update time where the definition says');
      continue;
    }
    const company = sync.map.company ? resolveSources(sync.map.company, scope) : undefined;
    const url = sync.map.url ? resolveSources(sync.map.url, scope) : undefined;
    const emails = texts(record, sync.map.emails);
    const phones = texts(record, sync.map.phones);
    contacts.push({
      id: String(id),
      name: String(resolveSources(sync.map.name, scope) ?? ''),
      ...(company !== undefined ? { company: String(company) } : {}),
      ...(emails.length ? { emails } : {}),
      ...(phones.length ? { phones } : {}),
      ...(url !== undefined ? { url: String(url) } : {}),
      updatedAt,
    });
  }
  return {
    contacts,
    ...(answer.next !== undefined ? { nextCursor: JSON.stringify({ next: answer.next }) } : {}),
  };
}
