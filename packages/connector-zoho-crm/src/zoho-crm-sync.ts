// Contact and agent synchronization. Contacts come from one COQL query per page, ordered by (Modified_Time,
// id) and continued with a keyset on both, so contacts that share an update second are neither skipped nor
// repeated across pages, and a contact edited during the run moves to the end instead of shifting the pages
// (COQL's LIMIT/OFFSET would, and stops at 100,000 records). Agents are the CRM's active users, paged.
import {
  addressLine,
  agentSync,
  BridgeError,
  type ConnectorContact,
  contactSync,
  distinct,
  fullName,
  toE164,
  twitterHandle,
} from '@talkbridge/core';
import { z } from 'zod';
import {
  type ZohoSyncedContact,
  type ZohoUser,
  zohoListSchema,
  zohoSyncedContactSchema,
  zohoUsersSchema,
} from './zoho-crm-api.js';
import type { ZohoCrmContext } from './zoho-crm-context.js';
import { firstText } from './zoho-crm-mapping.js';
import { ZOHO_RECORD_ID } from './zoho-crm-query.js';
import { type ZohoWebLinks, zohoWebLinks } from './zoho-crm-web.js';

/** The most records one COQL query returns (Zoho's LIMIT maximum). */
const COQL_MAX_LIMIT = 2000;
/** The most users one `GET /users` page holds (Zoho's maximum `per_page`). */
const USERS_MAX_PER_PAGE = 200;

/** Every Contact field Talkdesk has a place for (at most 50 per COQL query; these are 22). */
const SYNC_FIELDS = [
  'id',
  'Full_Name',
  'First_Name',
  'Last_Name',
  'Title',
  'Email',
  'Secondary_Email',
  'Phone',
  'Mobile',
  'Home_Phone',
  'Other_Phone',
  'Asst_Phone',
  'Mailing_Street',
  'Mailing_City',
  'Mailing_State',
  'Mailing_Zip',
  'Mailing_Country',
  'Twitter',
  'Account_Name.Account_Name',
  'Account_Name.Website',
  'Modified_Time',
] as const;

const syncedContactsSchema = zohoListSchema(zohoSyncedContactSchema);

// ─── Contacts ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Where the previous page stopped: the last contact's update time (epoch seconds) and id. Core carries it in
 * the offset and checks it against this schema: a forged one never reaches a query.
 */
const contactCursorSchema = z.object({
  seconds: z.number().int().min(0).max(99_999_999_999),
  id: z.string().regex(ZOHO_RECORD_ID),
});
type ContactCursor = z.output<typeof contactCursorSchema>;

function contactCursor(contact: ZohoSyncedContact): ContactCursor | undefined {
  const time = Date.parse(contact.Modified_Time);
  if (Number.isNaN(time) || !ZOHO_RECORD_ID.test(contact.id)) return undefined;
  return { seconds: Math.floor(time / 1000), id: contact.id };
}

/** A COQL date-time literal in UTC: `'2025-03-02T09:20:03+00:00'` (Zoho compares instants). */
export function coqlDateTime(epochMs: number): string {
  return `'${new Date(epochMs).toISOString().slice(0, 19)}+00:00'`;
}

/**
 * Contacts updated at or after `updatedSince` (all when absent), ascending by (Modified_Time, id), one page
 * of at most `ctx.limit` (COQL's maximum 2000). The cursor's condition already implies `updatedSince`: the
 * cursor is a contact of this run.
 */
async function syncContactsPage(
  ctx: ZohoCrmContext,
  page: { updatedSince?: Date; cursor?: ContactCursor },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: ContactCursor }> {
  const after = page.cursor;
  let where: string;
  if (after) {
    const at = coqlDateTime(after.seconds * 1000);
    // Ids are 64-bit integers: compared as numbers, unquoted, as COQL orders them.
    where = `(Modified_Time > ${at} or (Modified_Time = ${at} and id > ${after.id}))`;
  } else if (page.updatedSince) {
    where = `Modified_Time >= ${coqlDateTime(page.updatedSince.getTime())}`;
  } else {
    // COQL needs a WHERE clause; every record has an id.
    where = 'id is not null';
  }
  const limit = Math.max(1, Math.min(ctx.limit, COQL_MAX_LIMIT));
  const found = await ctx.http.post('/coql', {
    json: {
      select_query: `select ${SYNC_FIELDS.join(', ')} from Contacts where ${where} order by Modified_Time asc, id asc limit ${limit}`,
    },
    // A query: retried like a GET.
    readOnly: true,
    schema: syncedContactsSchema,
  });
  const records = found?.data ?? [];
  const links = zohoWebLinks(ctx.auth.api_domain, ctx.settings.orgId);
  const last = records.at(-1);
  const more = found?.info?.more_records ?? records.length >= limit;
  const next = more && last ? contactCursor(last) : undefined;
  if (more && last && !next) {
    throw new BridgeError(
      'upstream_invalid_response',
      'POST /crm/v8/coql answered a contact without a readable Modified_Time or id',
    );
  }
  return {
    contacts: records.map((record) => toConnectorContact(record, links)),
    ...(next ? { nextCursor: next } : {}),
  };
}

export const syncZohoContacts = contactSync({ cursor: contactCursorSchema, page: syncContactsPage });

/** Each text once, whatever its case, as first written. */
function uniqueTexts(values: (string | null | undefined)[]): string[] {
  return distinct(values, (text) => text.toLowerCase());
}

/** E.164 when the stored number says its country (`+1 (415) 555-0142`); as stored otherwise. */
function syncedPhone(stored: string): string {
  return stored.startsWith('+') ? (toE164(stored) ?? stored) : stored;
}

/** `1 Main St, Springfield, IL 62701, US`: the state and the zip code share a part. */
function mailingAddress(record: ZohoSyncedContact): string | undefined {
  return addressLine([
    record.Mailing_Street,
    record.Mailing_City,
    fullName(record.Mailing_State, record.Mailing_Zip),
    record.Mailing_Country,
  ]);
}

function toConnectorContact(record: ZohoSyncedContact, links: ZohoWebLinks): ConnectorContact {
  const emails = uniqueTexts([record.Email, record.Secondary_Email]);
  const name = firstText(record.Full_Name) ?? fullName(record.First_Name, record.Last_Name);
  const company = firstText(record['Account_Name.Account_Name'], record.Account_Name?.name);
  const website = firstText(record['Account_Name.Website']);
  const title = firstText(record.Title);
  const address = mailingAddress(record);
  const twitter = twitterHandle(record.Twitter);
  return {
    id: record.id,
    // Last_Name is mandatory in Zoho; the email and the id only stand in for a record that lost it.
    name: name ?? emails[0] ?? `Contact ${record.id}`,
    ...(company ? { company } : {}),
    ...(title ? { title } : {}),
    emails,
    phones: uniqueTexts(
      [record.Phone, record.Mobile, record.Home_Phone, record.Other_Phone, record.Asst_Phone].map((phone) =>
        phone ? syncedPhone(phone.trim()) : phone,
      ),
    ),
    ...(address ? { address } : {}),
    ...(website ? { websites: [website] } : {}),
    ...(twitter ? { twitter } : {}),
    url: links.record('Contacts', record.id),
    updatedAt: record.Modified_Time,
  };
}

// ─── Agents ─────────────────────────────────────────────────────────────────────────────────────────────

/** Where the next users page starts: its number and size (kept, so a page size change mid-run is harmless). */
const usersCursorSchema = z.object({
  page: z.number().int().min(2).max(999_999),
  perPage: z.number().int().min(1).max(USERS_MAX_PER_PAGE),
});
type UsersCursor = z.output<typeof usersCursorSchema>;

/** The CRM's active users, one page (`type=ActiveUsers&page=…&per_page=…`). */
async function syncAgentsPage(
  ctx: ZohoCrmContext,
  page: { cursor?: UsersCursor },
): Promise<{ agents: { id: string; name: string; email: string }[]; nextCursor?: UsersCursor }> {
  const { page: pageNumber, perPage } = page.cursor ?? {
    page: 1,
    perPage: Math.max(1, Math.min(ctx.limit, USERS_MAX_PER_PAGE)),
  };
  const found = await ctx.http.get('/users', {
    query: { type: 'ActiveUsers', page: pageNumber, per_page: perPage },
    schema: zohoUsersSchema,
  });
  const users = found?.users ?? [];
  const agents = users.flatMap((user) => {
    const agent = toAgent(user);
    if (!agent) ctx.log.debug({ user_id: user.id }, 'zoho-crm: a user without an email is not an agent');
    return agent ? [agent] : [];
  });
  const more = found?.info?.more_records ?? users.length >= perPage;
  return { agents, ...(more && users.length > 0 ? { nextCursor: { page: pageNumber + 1, perPage } } : {}) };
}

export const syncZohoAgents = agentSync({ cursor: usersCursorSchema, page: syncAgentsPage });

function toAgent(user: ZohoUser): { id: string; name: string; email: string } | undefined {
  const email = firstText(user.email);
  if (!email) return undefined;
  const name = firstText(user.full_name) ?? fullName(user.first_name, user.last_name) ?? email;
  return { id: user.id, name, email };
}
