import { phoneParts } from '@talkbridge/core';
// Building SOQL and SOSL from request data. Every value that comes from Talkdesk goes through one of the
// escapers below, so it stays one literal whatever characters it holds.

/** The API version every path is pinned to (`/services/data/v66.0`, Spring ’26). */
export const SALESFORCE_API_VERSION = 'v66.0';
export const SALESFORCE_BASE_PATH = `/services/data/${SALESFORCE_API_VERSION}`;

/** Most Contacts, and most Leads, one lookup step keeps: the ids go into one `IN (…)` list afterwards. */
export const MAX_PEOPLE_PER_OBJECT = 50;

/** A Salesforce record id: 15 case-sensitive or 18 case-insensitive alphanumerics. */
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

export type PersonObject = 'Contact' | 'Lead';

/** Which person object an id belongs to, by its key prefix (003 Contact, 00Q Lead); else undefined. */
export function personObjectOf(id: string): PersonObject | undefined {
  if (!SALESFORCE_ID.test(id)) return undefined;
  if (id.startsWith('003')) return 'Contact';
  if (id.startsWith('00Q')) return 'Lead';
  return undefined;
}

export function isSalesforceId(id: string): boolean {
  return SALESFORCE_ID.test(id);
}

const SOQL_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A SOQL string literal: quoted, with the reserved characters (quote, backslash) and control characters
 * escaped as SOQL's "Quoted String Escape Sequences" define. `x' OR Name != '` stays one value.
 */
export function soqlString(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes.
  const escaped = value.replace(/[\\'"\n\r\t\b\f\u0000-\u001f\u007f]/g, (char) => {
    return SOQL_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `'${escaped}'`;
}

/** SOSL's reserved characters in a search term: ? & | ! { } [ ] ( ) ^ ~ * : \ " ' + - */
const SOSL_RESERVED = /[?&|!{}[\]()^~*:\\"'+-]/g;

/**
 * A SOSL phrase for the FIND clause: every reserved character backslash-escaped, the whole term in double
 * quotes so that words such as OR and AND NOT inside it are text, not operators.
 */
export function soslPhrase(value: string): string {
  // Line breaks would end nothing in SOSL, but they are never part of an email or phone: fold them.
  const oneLine = value.replace(/\s+/g, ' ').trim();
  return `"${oneLine.replace(SOSL_RESERVED, (char) => `\\${char}`)}"`;
}

const LEAD_FILTER = 'WHERE IsConverted = false';

/** One SOSL search for people by any of these emails: Contacts and (unconverted) Leads. */
export function emailSearch(emails: readonly string[]): string {
  return (
    `FIND {${emails.map(soslPhrase).join(' OR ')}} IN EMAIL FIELDS RETURNING ` +
    `Contact(Id, Email LIMIT ${MAX_PEOPLE_PER_OBJECT}), ` +
    `Lead(Id, Email ${LEAD_FILTER} LIMIT ${MAX_PEOPLE_PER_OBJECT})`
  );
}

/**
 * One SOSL search for people by any of these phone numbers. Salesforce's phone search matches digits
 * whatever the stored formatting (`4155551212` finds `(415) 555-1212`), so each E.164 number is sent as
 * the digit strings it may be stored as: with its country code, and national. Undefined when no number
 * has digits to search for.
 */
export function phoneSearch(e164Phones: readonly string[]): string | undefined {
  // Digits only, so no term can hold a reserved character: sent bare, like Salesforce's own example.
  const terms = [...new Set(e164Phones.flatMap(phoneDigitVariants))];
  if (terms.length === 0) return undefined;
  return (
    `FIND {${terms.join(' OR ')}} IN PHONE FIELDS RETURNING ` +
    `Contact(Id LIMIT ${MAX_PEOPLE_PER_OBJECT}), ` +
    `Lead(Id ${LEAD_FILTER} LIMIT ${MAX_PEOPLE_PER_OBJECT})`
  );
}

/**
 * The digit strings an E.164 number may be stored as: `+14155550132` → `14155550132`, `4155550132`;
 * `+442079460018` → `442079460018`, `2079460018`, `02079460018` (national with the trunk prefix 0).
 */
export function phoneDigitVariants(e164: string): string[] {
  const parts = phoneParts(e164);
  const digits = e164.replace(/\D/g, '');
  if (!parts) return digits === '' ? [] : [digits];
  const national = parts.nationalNumber;
  // North America has no trunk 0; most other plans write national numbers with one.
  const variants = parts.countryCode === '1' ? [digits, national] : [digits, national, `0${national}`];
  return [...new Set(variants)];
}

/** `('003…', '003…')`: ids as SOQL literals for an `IN` list. */
export function soqlIdList(ids: readonly string[]): string {
  return `(${ids.map(soqlString).join(', ')})`;
}

export const CASE_FIELDS =
  'Id, CaseNumber, Subject, Description, Status, Priority, IsClosed, CreatedDate, ContactId';
export const TASK_FIELDS =
  'Id, Subject, Description, Status, Priority, IsClosed, ActivityDate, TaskSubtype, CreatedDate, WhoId';
export const EVENT_FIELDS =
  'Id, Subject, Description, Location, StartDateTime, EndDateTime, IsAllDayEvent, ActivityDate, CreatedDate, WhoId';
export const CASE_STATUS_QUERY = 'SELECT ApiName, MasterLabel, IsClosed, IsDefault FROM CaseStatus';

/** The child relationships of a Contact or Lead that hold its interactions (Leads own no cases). */
export type ActivityRelationship = 'Cases' | 'Tasks' | 'Events';

export const RELATIONSHIPS_OF: Record<PersonObject, readonly ActivityRelationship[]> = {
  Contact: ['Cases', 'Tasks', 'Events'],
  Lead: ['Tasks', 'Events'],
};

/** Each relationship's subquery: the same fields and order as the per-type queries above. */
const SUBQUERIES: Record<ActivityRelationship, { fields: string; orderBy: string }> = {
  Cases: { fields: CASE_FIELDS, orderBy: 'CreatedDate' },
  Tasks: { fields: TASK_FIELDS, orderBy: 'CreatedDate' },
  Events: { fields: EVENT_FIELDS, orderBy: 'StartDateTime' },
};

/**
 * One query for these people and their interactions: a parent-to-child subquery per relationship
 * (`SELECT Id, (SELECT … FROM Cases ORDER BY CreatedDate DESC LIMIT n), … FROM Contact WHERE Id IN (…)`).
 * A subquery's ORDER BY and LIMIT apply to each parent's children, so every person brings at most `limit`.
 */
export function activitiesQuery(
  object: PersonObject,
  ids: readonly string[],
  relationships: readonly ActivityRelationship[],
  limit: number,
): string {
  const subqueries = RELATIONSHIPS_OF[object]
    .filter((relationship) => relationships.includes(relationship))
    .map((relationship) => {
      const { fields, orderBy } = SUBQUERIES[relationship];
      return `(SELECT ${fields} FROM ${relationship} ORDER BY ${orderBy} DESC LIMIT ${soqlLimit(limit)})`;
    });
  return `SELECT ${['Id', ...subqueries].join(', ')} FROM ${object} WHERE Id IN ${soqlIdList(ids)}`;
}

function soqlLimit(limit: number): number {
  return Math.max(1, Math.floor(limit));
}

/**
 * The query locator of a `nextRecordsUrl` (`/services/data/v66.0/query/01gRO0000016PIAYA2-500`), or
 * undefined when it is not one: the connector never follows an arbitrary URL from an answer.
 */
export function queryLocatorOf(nextRecordsUrl: string | null | undefined): string | undefined {
  if (!nextRecordsUrl) return undefined;
  const match = /^\/services\/data\/v\d+\.\d+\/query\/([A-Za-z0-9]+-\d+)$/.exec(nextRecordsUrl);
  return match?.[1];
}

/**
 * A SOQL dateTime literal: unquoted, in UTC, `2025-03-10T14:22:05Z` as the SOQL reference writes them.
 * Salesforce keeps datetimes to the second; milliseconds are written only if a value ever has some.
 */
export function soqlDateTime(time: Date): string {
  if (!Number.isFinite(time.getTime())) throw new RangeError('not a date');
  return time.toISOString().replace(/\.000Z$/, 'Z');
}

/** Where a keyset page ends: the last record's update time and id. */
export interface SyncKey {
  time: Date;
  id: string;
}

/** Everything Talkdesk's contact has a place for, and the update time the sync orders by. */
export const CONTACT_SYNC_FIELDS =
  'Id, Name, Title, Email, Phone, MobilePhone, HomePhone, OtherPhone, Account.Name, Account.Website, ' +
  'MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, PhotoUrl, SystemModstamp';

/**
 * One page of the contact sync: Contacts changed at or after `since`, ascending by (SystemModstamp, Id),
 * strictly after the keyset `after`. The (time, id) order is total, so a page boundary inside one second
 * shared by many contacts neither skips nor repeats any of them.
 */
export function contactSyncQuery(options: { since?: Date; after?: SyncKey; limit: number }): string {
  const filters: string[] = [];
  if (options.since) filters.push(`SystemModstamp >= ${soqlDateTime(options.since)}`);
  if (options.after) {
    const time = soqlDateTime(options.after.time);
    filters.push(
      `(SystemModstamp > ${time} OR (SystemModstamp = ${time} AND Id > ${soqlString(options.after.id)}))`,
    );
  }
  const where = filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : '';
  return `SELECT ${CONTACT_SYNC_FIELDS} FROM Contact${where} ORDER BY SystemModstamp ASC, Id ASC LIMIT ${soqlLimit(options.limit)}`;
}

/** Active internal users (the ones who can work in Salesforce: agents), by id, after the keyset id. */
export function userSyncQuery(options: { afterId?: string; limit: number }): string {
  const after = options.afterId ? ` AND Id > ${soqlString(options.afterId)}` : '';
  return (
    "SELECT Id, Name, Email FROM User WHERE IsActive = true AND UserType = 'Standard'" +
    `${after} ORDER BY Id ASC LIMIT ${soqlLimit(options.limit)}`
  );
}
