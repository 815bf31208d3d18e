// Contact and agent synchronization: SOQL with a keyset cursor. Talkdesk's offsets live for minutes or
// days between pages; Salesforce's query locators expire and belong to one session, so a page never
// continues a locator from an earlier request: it asks again, strictly after the last record sent.
import {
  type Agent,
  BridgeError,
  type ConnectorContact,
  type CountryCode,
  toEpochMillis,
} from '@talkbridge/core';
import { mapSalesforceContact } from './map-salesforce-contact.js';
import { contactRecordSchema, type SalesforceUser, userRecordSchema } from './salesforce-api.js';
import {
  agentOrigin,
  DEFAULT_CONTACT_SYNC_LOOKBACK_SECONDS,
  queryPage,
  type SalesforceContext,
} from './salesforce-context.js';
import { contactSyncQuery, isSalesforceId, type SyncKey, userSyncQuery } from './salesforce-query.js';

/**
 * One page of Contacts changed at or after `updatedSince` (minus the lookback), ascending by
 * (SystemModstamp, Id): one SOQL query for `limit + 1` records (the extra one says whether another page
 * exists), plus a `nextRecordsUrl` batch only if Salesforce splits the answer.
 */
export async function syncSalesforceContacts(
  ctx: SalesforceContext,
  page: { updatedSince?: Date; cursor?: string },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: string }> {
  const after = page.cursor === undefined ? undefined : parseContactCursor(page.cursor);
  const lookbackMs =
    (ctx.settings.contactSyncLookbackSeconds ?? DEFAULT_CONTACT_SYNC_LOOKBACK_SECONDS) * 1000;
  const since = page.updatedSince ? new Date(page.updatedSince.getTime() - lookbackMs) : undefined;
  const soql = contactSyncQuery({
    ...(since ? { since } : {}),
    ...(after ? { after } : {}),
    limit: ctx.limit + 1,
  });
  const found = await queryPage(ctx, soql, contactRecordSchema, ctx.limit + 1);
  const records = found.records.slice(0, ctx.limit);
  const options = {
    agentOrigin: agentOrigin(ctx),
    phoneCountry: ctx.settings.phoneCountry as CountryCode | undefined,
  };
  const contacts = records.map((record) => mapSalesforceContact(record, options));
  const last = records.at(-1);
  const more = found.more || found.records.length > records.length;
  if (!more || !last) return { contacts };
  const time = toEpochMillis(last.SystemModstamp);
  if (time === undefined) {
    throw new BridgeError('upstream_invalid_response', 'Salesforce sent a Contact without a SystemModstamp');
  }
  return { contacts, nextCursor: formatContactCursor({ time: new Date(time), id: last.Id }) };
}

/**
 * One page of active internal users (`UserType = 'Standard'`: people with a Salesforce license, not
 * portal, community or guest users), by id: one SOQL query for `limit + 1` records.
 */
export async function syncSalesforceAgents(
  ctx: SalesforceContext,
  page: { cursor?: string },
): Promise<{ agents: Agent[]; nextCursor?: string }> {
  const afterId = page.cursor === undefined ? undefined : parseUserCursor(page.cursor);
  const soql = userSyncQuery({ ...(afterId ? { afterId } : {}), limit: ctx.limit + 1 });
  const found = await queryPage(ctx, soql, userRecordSchema, ctx.limit + 1);
  const records = found.records.slice(0, ctx.limit);
  const agents = records.flatMap((user) => toAgent(ctx, user));
  const last = records.at(-1);
  const more = found.more || found.records.length > records.length;
  return { agents, ...(more && last ? { nextCursor: last.Id } : {}) };
}

/** Talkdesk needs a name and an email; a user without an email (rare: it is required) is left out. */
function toAgent(ctx: SalesforceContext, user: SalesforceUser): Agent[] {
  const email = user.Email?.trim();
  if (!email) {
    ctx.log.debug({ user_id: user.Id }, 'salesforce user without an email: not synchronized');
    return [];
  }
  return [{ id: user.Id, name: user.Name?.trim() || email, email }];
}

// Cursors: `<ISO instant>|<Contact id>` and `<User id>`. They come back from Talkdesk inside an offset
// core already checked, but are still read strictly: a value this connector did not write is refused,
// and what goes into SOQL is rebuilt from the parsed parts, never copied from the text.

const CONTACT_CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)$/;

export function formatContactCursor(key: SyncKey): string {
  return `${key.time.toISOString()}|${key.id}`;
}

export function parseContactCursor(cursor: string): SyncKey {
  const match = CONTACT_CURSOR.exec(cursor);
  const instant = match?.[1] ?? '';
  const id = match?.[2] ?? '';
  const time = new Date(instant);
  // The instant must be a real one written the way formatContactCursor writes it (no 2025-02-30).
  const real = !Number.isNaN(time.getTime()) && time.toISOString() === instant;
  if (!match || !real || !id.startsWith('003')) throw badOffset();
  return { time, id };
}

export function parseUserCursor(cursor: string): string {
  if (!isSalesforceId(cursor) || !cursor.startsWith('005')) throw badOffset();
  return cursor;
}

function badOffset(): BridgeError {
  return new BridgeError('invalid_request', 'meta.offset: not an offset this bridge issued', {
    issues: [{ path: 'meta.offset', message: 'not an offset this bridge issued' }],
  });
}
