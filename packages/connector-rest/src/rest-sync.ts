// Contact synchronization: one page of the declared list, its records mapped to Talkdesk's contact fields.
import { type ConnectorContact, contactSync } from '@talkbridge/core';
import { z } from 'zod';
import { mapDate, resolveSources } from './map-rest-record.js';
import { baseScope } from './rest-context.js';
import type { RestDefinition } from './rest-definition.js';
import { parsePath, valueAt } from './rest-path.js';
import { fetchPage, missingUpstreamValue, type RestContext } from './rest-request.js';

type SyncDefinition = NonNullable<RestDefinition['syncContacts']>;

function formatSince(
  since: Date,
  format: 'iso8601' | 'epoch-seconds' | 'epoch-milliseconds',
): string | number {
  if (format === 'epoch-seconds') return Math.floor(since.getTime() / 1000);
  if (format === 'epoch-milliseconds') return since.getTime();
  return since.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Where the next page starts, as the service said (a page number, an offset, a cursor or a next-page URL):
 * core carries it inside Talkdesk's offset and checks it against this schema on the way back.
 */
const restSyncCursor = z.strictObject({
  next: z.union([z.string().min(1).max(4000), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]),
});
type RestSyncCursor = z.output<typeof restSyncCursor>;

function texts(record: unknown, paths: readonly string[] | undefined): string[] {
  return (paths ?? []).flatMap((path) => {
    const value = valueAt(record, parsePath(path));
    return (Array.isArray(value) ? value : [value]).filter(
      (item): item is string => typeof item === 'string' && item.trim() !== '',
    );
  });
}

/** Contact synchronization as the definition declares it: one page of its list per call. */
export function restContactSync(definition: RestDefinition, sync: SyncDefinition) {
  return contactSync({
    cursor: restSyncCursor,
    page: (ctx: RestContext, page) => syncRestContacts(definition, sync, ctx, page),
  });
}

async function syncRestContacts(
  definition: RestDefinition,
  sync: SyncDefinition,
  ctx: RestContext,
  page: { updatedSince?: Date; cursor?: RestSyncCursor },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: RestSyncCursor }> {
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
    page.cursor?.next,
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
    ...(answer.next !== undefined ? { nextCursor: { next: answer.next } } : {}),
  };
}
