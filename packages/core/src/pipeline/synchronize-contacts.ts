import type { AnyConnector, ConnectorContact } from '../connector.js';
import {
  type ContactSynchronizationResponse,
  contactSynchronizationRequestSchema,
  contactSynchronizationResponseSchema,
  type SyncedContact,
} from '../contract/contact-synchronization.js';
import { BridgeError } from '../errors.js';
import { talkdeskDateToMillis, toEpochMillis, toTalkdeskDate } from '../talkdesk-date.js';
import { zodIssues } from '../zod-issues.js';
import type { PipelineOptions } from './connector-context.js';
import { parseAuth, parseRequest } from './parse-request.js';
import { runOperation } from './run-operation.js';
import { decodeSyncOffset, nextOffset } from './sync-offset.js';

export const DEFAULT_SYNC_PAGE_SIZE = 100;

export interface SynchronizeContactsOptions extends PipelineOptions {
  /** Contacts per page. Default 100. */
  pageSize?: number;
}

/**
 * Talkdesk's contact synchronization (initial, next page, incremental, incremental next page). The
 * checkpoint is the latest update time synchronized, in Talkdesk's date format, truncated to the second;
 * an incremental sync asks the connector for contacts updated AT OR AFTER it, so a contact updated in the
 * same second as the previous run's last one is never skipped (seeing one again is harmless).
 */
export async function synchronizeContacts(
  connector: AnyConnector,
  body: unknown,
  options: SynchronizeContactsOptions = {},
): Promise<ContactSynchronizationResponse> {
  const request = parseRequest(contactSynchronizationRequestSchema, body);
  const syncContacts = connector.syncContacts;
  if (!syncContacts) {
    throw new BridgeError(
      'not_found',
      `The ${connector.displayName} connector does not synchronize contacts`,
    );
  }
  const auth = parseAuth(connector, request.auth);
  const checkpointText = request.meta?.synchronization_checkpoint ?? undefined;
  const checkpoint = checkpointText === undefined ? undefined : parseCheckpoint(checkpointText);
  const offset = request.meta?.offset
    ? decodeSyncOffset(request.meta.offset, syncContacts.cursor)
    : undefined;

  return runOperation(
    connector,
    auth,
    options,
    { limit: options.pageSize ?? DEFAULT_SYNC_PAGE_SIZE },
    async (ctx) => {
      const page: { contacts: ConnectorContact[]; nextCursor?: unknown } = await syncContacts.page(ctx, {
        ...(checkpoint !== undefined ? { updatedSince: new Date(checkpoint) } : {}),
        ...(offset ? { cursor: offset.cursor } : {}),
      });
      const timed = page.contacts.map((contact) => ({ contact, time: updateTimeOf(contact) }));
      // Stable sort: the connector's order breaks ties.
      timed.sort((a, b) => a.time - b.time);
      const latest = Math.max(offset?.high ?? 0, checkpoint ?? 0, timed.at(-1)?.time ?? 0);

      const response: ContactSynchronizationResponse = {
        contacts: timed.map(({ contact }) => toSyncedContact(contact)),
        ...(latest > 0 ? { synchronization_checkpoint: toTalkdeskDate(latest) as string } : {}),
        ...(page.nextCursor !== undefined && page.nextCursor !== null
          ? { next_offset: nextOffset(syncContacts.cursor, { cursor: page.nextCursor, high: latest }) }
          : {}),
      };
      const checked = contactSynchronizationResponseSchema.safeParse(response);
      if (!checked.success) {
        throw new BridgeError('internal', 'The connector produced contacts outside the Talkdesk contract', {
          issues: zodIssues(checked.error),
        });
      }
      return checked.data;
    },
  );
}

function parseCheckpoint(text: string): number {
  const time = talkdeskDateToMillis(text);
  if (Number.isNaN(time)) {
    const message = 'expected a checkpoint this bridge issued, formatted "YYYY-MM-DD HH:MM:SS UTC"';
    throw new BridgeError('invalid_request', `meta.synchronization_checkpoint: ${message}`, {
      issues: [{ path: 'meta.synchronization_checkpoint', message }],
    });
  }
  return time;
}

function updateTimeOf(contact: ConnectorContact): number {
  // Full precision for the order; the checkpoint made from it is truncated to the second. Years Talkdesk
  // cannot read are refused like unreadable dates.
  const time = toTalkdeskDate(contact.updatedAt) === undefined ? undefined : toEpochMillis(contact.updatedAt);
  if (time === undefined) {
    throw new BridgeError('upstream_invalid_response', `Contact ${contact.id} has no readable update time`);
  }
  return time;
}

/** Talkdesk's contact fields only, without empty values. */
function toSyncedContact(contact: ConnectorContact): SyncedContact {
  const { updatedAt: _updatedAt, ...fields } = contact;
  const out: Record<string, unknown> = { id: String(fields.id), name: fields.name };
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'id' || key === 'name' || value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      const items = value.filter((item) => typeof item === 'string' && item !== '');
      if (items.length > 0) out[key] = items;
    } else {
      out[key] = value;
    }
  }
  return out as SyncedContact;
}
