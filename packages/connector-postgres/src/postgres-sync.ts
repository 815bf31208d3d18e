// Contact synchronization: the operator's keyset query (ordered by updated_at, id), paged with a cursor
// made of the last row's exact update time and id.
import { BridgeError, type ConnectorContact, contactSync } from '@talkbridge/core';
import pg from 'pg';
import { z } from 'zod';
import { mapPostgresContactRow, textOf } from './map-postgres-row.js';
import type { PostgresContext } from './postgres-context.js';
import { columnOf } from './postgres-queries.js';
import type { PostgresRuntime } from './postgres-runtime.js';

const TIMESTAMPTZ_OID = 1184;
const TIMESTAMP_OID = 1114;

/**
 * Timestamps as PostgreSQL wrote them: a JavaScript Date keeps milliseconds, the database microseconds,
 * and a keyset cursor rounded down would hand back the same row forever.
 */
const exactTimestamps: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMPTZ_OID || oid === TIMESTAMP_OID
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Where the next page starts: the last row's update time exactly as PostgreSQL wrote it, and its id. Core
 * carries it inside Talkdesk's offset and refuses anything else before the query runs.
 */
const postgresSyncCursor = z.strictObject({
  updatedAt: z
    .string()
    .max(100)
    .regex(/^\d{4}-\d{2}-\d{2}[ T][\d:.]+(?:[+-]\d{2}(?::?\d{2})?|Z)?$/),
  id: z.string().min(1).max(200),
});
type PostgresSyncCursor = z.output<typeof postgresSyncCursor>;

/** Contact synchronization over the operator's keyset query. */
export function postgresContactSync(runtime: PostgresRuntime) {
  return contactSync({
    cursor: postgresSyncCursor,
    page: (ctx: PostgresContext, page) => syncPostgresContacts(runtime, ctx, page),
  });
}

async function syncPostgresContacts(
  runtime: PostgresRuntime,
  ctx: PostgresContext,
  page: { updatedSince?: Date; cursor?: PostgresSyncCursor },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: PostgresSyncCursor }> {
  const statement = runtime.plan.sync;
  const columns = runtime.settings.sync?.columns;
  if (!statement) return { contacts: [] };
  const after = page.cursor;
  await runtime.ready(ctx);
  const pageSize = Math.max(1, Math.min(ctx.limit, runtime.settings.maxRows));
  const rows = await runtime.read(
    ctx,
    statement,
    {
      updated_since: page.updatedSince?.toISOString() ?? null,
      after_updated_at: after?.updatedAt ?? null,
      after_id: after?.id ?? null,
    },
    { rowCap: pageSize, types: exactTimestamps },
  );
  const contacts = rows.map((row) => {
    const contact = mapPostgresContactRow(row, columns);
    // The exact text parses as a date once `T` and a full offset are in place.
    return { ...contact, updatedAt: isoOf(String(row[columnOf(columns, 'updated_at')] ?? '')) };
  });
  const last = rows.at(-1);
  if (rows.length < pageSize || !last) return { contacts };
  const updatedAt = textOf(last[columnOf(columns, 'updated_at')], 100);
  const id = textOf(last[columnOf(columns, 'id')], 200);
  if (!updatedAt || !id)
    throw new BridgeError('upstream_invalid_response', 'A contact row has no update time');
  return { contacts, nextCursor: { updatedAt, id } };
}

/** `2026-01-02 10:00:00.123456+00` → `2026-01-02T10:00:00.123456+00:00` (timestamp without zone: UTC). */
function isoOf(text: string): string {
  const iso = text.replace(' ', 'T');
  if (/[+-]\d{2}$/.test(iso)) return `${iso}:00`;
  if (/[+-]\d{2}:?\d{2}$|Z$/.test(iso)) return iso;
  return `${iso}Z`;
}
