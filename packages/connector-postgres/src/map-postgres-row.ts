// Pure mapping of database rows to Talkdesk's shapes. Rows are the operator's data, but their values are
// whatever the tables hold: every value is read defensively and bounded.
import {
  BridgeError,
  type BridgeLogger,
  type ConnectorContact,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  toE164,
} from '@talkbridge/core';
import { INTERACTION_PRIORITIES, INTERACTION_STATUSES } from '@talkbridge/core/contract';
import type { InteractionField, InteractionQuery, PostgresSettings, SyncField } from './postgres-context.js';
import { columnOf } from './postgres-queries.js';

const MAX_ID_LENGTH = 200;
const MAX_SUBJECT_LENGTH = 500;
const MAX_DESCRIPTION_LENGTH = 2_000;
const MAX_URL_LENGTH = 2_000;
const MAX_LIST_ITEMS = 20;

/** Talkdesk's own words map to themselves, so a table that stores them needs no map. */
const IDENTITY_STATUSES = Object.fromEntries(
  INTERACTION_STATUSES.map((status) => [status, status]),
) as Record<string, InteractionStatus>;
const IDENTITY_PRIORITIES = Object.fromEntries(
  INTERACTION_PRIORITIES.map((priority) => [priority, priority]),
) as Record<string, InteractionPriority>;

/** A mapper for one interaction type's rows (build once per request: the value tables are built here). */
export function createPostgresRowMapper(
  type: string,
  query: InteractionQuery,
  log: BridgeLogger,
): (row: Record<string, unknown>) => ConnectorInteraction {
  const column = (field: InteractionField) => columnOf(query.columns, field);
  const status = createValueMapper({
    name: `postgres.${type}.status`,
    defaults: IDENTITY_STATUSES,
    overrides: query.statusMap,
    fallback: query.defaultStatus,
    log,
  });
  const priority = createValueMapper({
    name: `postgres.${type}.priority`,
    defaults: IDENTITY_PRIORITIES,
    overrides: query.priorityMap,
    fallback: query.defaultPriority,
    log,
  });
  return (row) => {
    const id = textOf(row[column('id')], MAX_ID_LENGTH);
    if (!id) {
      throw new BridgeError('upstream_invalid_response', `A ${type} row has no id`);
    }
    const description = textOf(row[column('description')], MAX_DESCRIPTION_LENGTH);
    const url = textOf(row[column('url')], MAX_URL_LENGTH);
    return {
      id,
      subject: textOf(row[column('subject')], MAX_SUBJECT_LENGTH) ?? '',
      ...(description ? { description } : {}),
      date: dateOf(row[column('date')]),
      ...(url && /^https?:\/\//i.test(url) ? { url } : {}),
      status: status(nativeOf(row[column('status')])),
      priority: priority(nativeOf(row[column('priority')])),
    };
  };
}

/** A contact synchronization row as Talkdesk's contact, with its update time for the keyset. */
export function mapPostgresContactRow(
  row: Record<string, unknown>,
  columns: NonNullable<PostgresSettings['sync']>['columns'],
): ConnectorContact {
  const value = (field: SyncField) => row[columnOf(columns, field)];
  const id = textOf(value('id'), MAX_ID_LENGTH);
  if (!id) throw new BridgeError('upstream_invalid_response', 'A contact row has no id');
  const emails = listOf(value('emails'))
    .map((email) => email.toLowerCase())
    .filter((email) => email.includes('@'));
  const phones = listOf(value('phones'))
    .map((phone) => toE164(phone) ?? phone)
    .filter((phone) => phone.length > 0);
  const optional = (field: 'company' | 'title' | 'address' | 'url') => {
    const text = textOf(value(field), MAX_SUBJECT_LENGTH);
    return text ? { [field]: text } : {};
  };
  return {
    id,
    name: textOf(value('name'), MAX_SUBJECT_LENGTH) ?? '',
    ...optional('company'),
    ...optional('title'),
    ...optional('address'),
    ...optional('url'),
    ...(emails.length > 0 ? { emails } : {}),
    ...(phones.length > 0 ? { phones } : {}),
    updatedAt: dateOf(value('updated_at')),
  };
}

/** Text of a scalar cell, trimmed and bounded; undefined when empty or not a scalar. */
export function textOf(value: unknown, max: number): string | undefined {
  if (value === null || value === undefined) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else return undefined;
  const trimmed = text
    .slice(0, max * 2)
    .trim()
    .slice(0, max);
  return trimmed === '' ? undefined : trimmed;
}

function nativeOf(value: unknown): string | undefined {
  return textOf(value, 200);
}

/** A timestamptz arrives as a Date; text and epoch numbers are accepted too. */
function dateOf(value: unknown): Date | string | number {
  if (value instanceof Date || typeof value === 'number') return value;
  if (typeof value === 'string') return value.slice(0, 100);
  return '';
}

/** A text[] column, or one text holding comma-separated values. */
function listOf(value: unknown): string[] {
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.slice(0, 5_000).split(',')
      : [];
  return items
    .slice(0, MAX_LIST_ITEMS)
    .map((item) => textOf(item, 320))
    .filter((item): item is string => item !== undefined);
}
