// Contact and agent synchronization: SOQL with a keyset cursor. Talkdesk's offsets live for minutes or
// days between pages; Salesforce's query locators expire and belong to one session, so a page never
// continues a locator from an earlier request: it asks again, strictly after the last record sent.
import {
  type Agent,
  agentSync,
  BridgeError,
  type CountryCode,
  contactSync,
  toEpochMillis,
} from '@talkbridge/core';
import { z } from 'zod';
import { mapSalesforceContact } from './map-salesforce-contact.js';
import { contactRecordSchema, type SalesforceUser, userRecordSchema } from './salesforce-api.js';
import {
  agentOrigin,
  DEFAULT_CONTACT_SYNC_LOOKBACK_SECONDS,
  type SalesforceContext,
} from './salesforce-context.js';
import { contactSyncQuery, isSalesforceId, userSyncQuery } from './salesforce-query.js';
import { queryPage } from './salesforce-requests.js';

/** A record id of one object, by its key prefix: 15 case-sensitive or 18 case-insensitive characters. */
const recordIdOf = (prefix: '003' | '005') =>
  z
    .string()
    .max(18)
    .refine((id) => isSalesforceId(id) && id.startsWith(prefix));

/**
 * Where a contact page ends: the last Contact's SystemModstamp (as `Date.toISOString()` writes it, a real
 * instant) and its id. Core checks it on the way back in; it goes into SOQL only as a rebuilt literal.
 */
export const contactCursorSchema = z.strictObject({
  modstamp: z.iso.datetime({ precision: 3 }).refine((text) => {
    const time = new Date(text);
    return !Number.isNaN(time.getTime()) && time.toISOString() === text;
  }),
  id: recordIdOf('003'),
});
export type ContactCursor = z.infer<typeof contactCursorSchema>;

/** Where an agent page ends: the last User's id. */
export const agentCursorSchema = recordIdOf('005');

/**
 * One page of Contacts changed at or after `updatedSince` (minus the lookback), ascending by
 * (SystemModstamp, Id): one SOQL query for `limit + 1` records (the extra one says whether another page
 * exists), plus a `nextRecordsUrl` batch only if Salesforce splits the answer.
 */
export const syncSalesforceContacts = contactSync({
  cursor: contactCursorSchema,
  async page(ctx: SalesforceContext, page) {
    const lookbackMs =
      (ctx.settings.contactSyncLookbackSeconds ?? DEFAULT_CONTACT_SYNC_LOOKBACK_SECONDS) * 1000;
    const since = page.updatedSince ? new Date(page.updatedSince.getTime() - lookbackMs) : undefined;
    const after = page.cursor ? { time: new Date(page.cursor.modstamp), id: page.cursor.id } : undefined;
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
      throw new BridgeError(
        'upstream_invalid_response',
        'Salesforce sent a Contact without a SystemModstamp',
      );
    }
    const nextCursor: ContactCursor = { modstamp: new Date(time).toISOString(), id: last.Id };
    return { contacts, nextCursor };
  },
});

/**
 * One page of active internal users (`UserType = 'Standard'`: people with a Salesforce license, not
 * portal, community or guest users), by id: one SOQL query for `limit + 1` records.
 */
export const syncSalesforceAgents = agentSync({
  cursor: agentCursorSchema,
  async page(ctx: SalesforceContext, page) {
    const soql = userSyncQuery({ ...(page.cursor ? { afterId: page.cursor } : {}), limit: ctx.limit + 1 });
    const found = await queryPage(ctx, soql, userRecordSchema, ctx.limit + 1);
    const records = found.records.slice(0, ctx.limit);
    const agents = records.flatMap((user) => toAgent(ctx, user));
    const last = records.at(-1);
    const more = found.more || found.records.length > records.length;
    return { agents, ...(more && last ? { nextCursor: last.Id } : {}) };
  },
});

/** Talkdesk needs a name and an email; a user without an email (rare: it is required) is left out. */
function toAgent(ctx: SalesforceContext, user: SalesforceUser): Agent[] {
  const email = user.Email?.trim();
  if (!email) {
    ctx.log.debug({ user_id: user.Id }, 'salesforce user without an email: not synchronized');
    return [];
  }
  return [{ id: user.Id, name: user.Name?.trim() || email, email }];
}
