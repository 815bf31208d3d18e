import { describe, expect, it } from 'vitest';
import searchEmail from './__fixtures__/search-email.json' with { type: 'json' };
import { searchResultSchema } from './salesforce-api.js';
import {
  activitiesQuery,
  CASE_FIELDS,
  CONTACT_SYNC_FIELDS,
  contactSyncQuery,
  EVENT_FIELDS,
  emailSearch,
  personObjectOf,
  phoneDigitVariants,
  phoneSearch,
  queryLocatorOf,
  soqlDateTime,
  soqlString,
  soslPhrase,
  TASK_FIELDS,
  userSyncQuery,
} from './salesforce-query.js';
import { agentCursorSchema, contactCursorSchema } from './salesforce-sync.js';

describe('SOQL string literals', () => {
  it('escapes quotes and backslashes so a value stays one literal', () => {
    expect(soqlString("x' OR Name != '")).toBe("'x\\' OR Name != \\''");
    expect(soqlString('back\\slash "q"')).toBe('\'back\\\\slash \\"q\\"\'');
    expect(soqlString('a\nb\tc\u0001')).toBe("'a\\nb\\tc\\u0001'");
  });

  it('round-trips a hostile id through an IN list as one value each', () => {
    const hostile = "003x') OR Id != ('";
    expect(activitiesQuery('Contact', [hostile, '003Dn00000QX9fLIAT'], ['Tasks'], 5)).toBe(
      `SELECT Id, (SELECT ${TASK_FIELDS} FROM Tasks ORDER BY CreatedDate DESC LIMIT 5) FROM Contact WHERE Id IN ` +
        String.raw`('003x\') OR Id != (\'', '003Dn00000QX9fLIAT')`,
    );
  });
});

describe('SOSL phrases', () => {
  it('escapes every SOSL reserved character inside a quoted phrase', () => {
    expect(soslPhrase('?&|!{}[]()^~*:\\"\'+-')).toBe(
      '"\\?\\&\\|\\!\\{\\}\\[\\]\\(\\)\\^\\~\\*\\:\\\\\\"\\\'\\+\\-"',
    );
    expect(soslPhrase('jane+tag@example.com')).toBe('"jane\\+tag@example.com"');
  });

  // Each hostile value stays one quoted phrase: every quote, brace and parenthesis in it escaped, so
  // nothing after it is read as SOSL (the escaped forms are SOSL's, per "FIND Clause" reserved characters).
  it.each([
    ['a" OR x:"b@example.com', String.raw`"a\" OR x\:\"b@example.com"`],
    ["x' OR Name != '", String.raw`"x\' OR Name \!= \'"`],
    [
      'jane@example.com} IN ALL FIELDS RETURNING User(Id) //',
      String.raw`"jane@example.com\} IN ALL FIELDS RETURNING User\(Id\) //"`,
    ],
    ['o\\"} RETURNING User(Id, Email) {x', String.raw`"o\\\"\} RETURNING User\(Id, Email\) \{x"`],
    ['AND NOT smith', '"AND NOT smith"'],
  ])('keeps %j one term of the search', (hostile, phrase) => {
    expect(emailSearch([hostile])).toBe(
      `FIND {${phrase}} IN EMAIL FIELDS RETURNING ` +
        'Contact(Id, Email LIMIT 50), Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    );
  });

  it('searches several emails with OR in one query', () => {
    expect(emailSearch(['jane@example.com', 'j.doe@work.example'])).toBe(
      'FIND {"jane@example.com" OR "j.doe@work.example"} IN EMAIL FIELDS RETURNING ' +
        'Contact(Id, Email LIMIT 50), Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
    );
  });
});

describe('phone search', () => {
  it('searches a North American number with and without its country code', () => {
    expect(phoneDigitVariants('+14155550132')).toEqual(['14155550132', '4155550132']);
  });

  it('adds the national form with a trunk 0 elsewhere, by the calling code length', () => {
    expect(phoneDigitVariants('+442079460018')).toEqual(['442079460018', '2079460018', '02079460018']);
    expect(phoneDigitVariants('+351912345678')).toEqual(['351912345678', '912345678', '0912345678']);
    expect(phoneDigitVariants('+74951234567')).toEqual(['74951234567', '4951234567', '04951234567']);
  });

  it('builds one query for several numbers, digits only', () => {
    expect(phoneSearch(['+14155550132', '+442079460018'])).toBe(
      'FIND {14155550132 OR 4155550132 OR 442079460018 OR 2079460018 OR 02079460018} IN PHONE FIELDS ' +
        'RETURNING Contact(Id LIMIT 50), Lead(Id WHERE IsConverted = false LIMIT 50)',
    );
    expect(phoneSearch(['+'])).toBeUndefined();
  });
});

describe('ids and locators', () => {
  it('tells Contacts and Leads by their key prefix and refuses anything else', () => {
    expect(personObjectOf('003Dn00000QX9fLIAT')).toBe('Contact');
    expect(personObjectOf('003Dn00000QX9fL')).toBe('Contact');
    expect(personObjectOf('00QDn00000Ab1cDEAR')).toBe('Lead');
    expect(personObjectOf('001Dn00000Ab1cDEAR')).toBeUndefined();
    expect(personObjectOf("003' OR Id != '")).toBeUndefined();
    expect(personObjectOf('003Dn00000QX9fLIA')).toBeUndefined();
  });

  it('accepts only query locators from nextRecordsUrl', () => {
    expect(queryLocatorOf('/services/data/v66.0/query/01gRO0000016PIAYA2-500')).toBe(
      '01gRO0000016PIAYA2-500',
    );
    expect(queryLocatorOf('https://evil.example/services/data/v66.0/query/01g-1')).toBeUndefined();
    expect(queryLocatorOf('/services/data/v66.0/query/../sobjects/User')).toBeUndefined();
    expect(queryLocatorOf(null)).toBeUndefined();
  });

  it('asks for the newest cases first, at most the limit', () => {
    expect(activitiesQuery('Contact', ['003Dn00000QX9fLIAT'], ['Cases'], 7)).toBe(
      'SELECT Id, (SELECT Id, CaseNumber, Subject, Description, Status, Priority, IsClosed, CreatedDate, ContactId ' +
        "FROM Cases ORDER BY CreatedDate DESC LIMIT 7) FROM Contact WHERE Id IN ('003Dn00000QX9fLIAT')",
    );
  });

  it('asks a Lead for its tasks and events only, in the relationship order, events by start', () => {
    expect(activitiesQuery('Lead', ['00QDn00000Ab1cDEAR'], ['Events', 'Cases', 'Tasks'], 0)).toBe(
      `SELECT Id, (SELECT ${TASK_FIELDS} FROM Tasks ORDER BY CreatedDate DESC LIMIT 1), ` +
        `(SELECT ${EVENT_FIELDS} FROM Events ORDER BY StartDateTime DESC LIMIT 1) ` +
        "FROM Lead WHERE Id IN ('00QDn00000Ab1cDEAR')",
    );
    expect(activitiesQuery('Contact', ['003Dn00000QX9fLIAT'], ['Cases'], 2)).toContain(
      `(SELECT ${CASE_FIELDS} FROM Cases`,
    );
  });
});

describe('search answers', () => {
  it('reads the documented {searchRecords} shape and the bare array of older API versions', () => {
    const records = searchResultSchema.parse(searchEmail);
    expect(records.map((record) => [record.attributes?.type, record.Id, record.Email])).toEqual([
      ['Contact', '003Dn00000QX9fLIAT', 'jane@example.com'],
      ['Lead', '00QDn00000Ab1cDEAR', 'lee.chen@prospect.example'],
    ]);
    expect(searchResultSchema.parse(searchEmail.searchRecords)).toEqual(records);
    expect(searchResultSchema.parse({ searchRecords: null })).toEqual([]);
  });
});

describe('sync queries', () => {
  it('writes SOQL datetimes unquoted, in UTC, to the second', () => {
    expect(soqlDateTime(new Date('2025-03-01T13:00:00+01:00'))).toBe('2025-03-01T12:00:00Z');
    expect(soqlDateTime(new Date('2025-03-01T12:00:00.250Z'))).toBe('2025-03-01T12:00:00.250Z');
    expect(() => soqlDateTime(new Date('soon'))).toThrow(RangeError);
  });

  it('keeps a keyset id one SOQL literal, whatever it holds', () => {
    const soql = contactSyncQuery({
      since: new Date('2025-01-01T00:00:00Z'),
      after: { time: new Date('2025-03-01T12:00:00Z'), id: "003' OR Name != '" },
      limit: 3,
    });
    expect(soql).toContain("Id > '003\\' OR Name != \\''))");
    expect(userSyncQuery({ afterId: "005'", limit: 2 })).toContain(
      "AND Id > '005\\'' ORDER BY Id ASC LIMIT 2",
    );
  });

  it('writes a keyset page as SOQL: unquoted datetimes, the (SystemModstamp, Id) order', () => {
    expect(
      contactSyncQuery({
        since: new Date('2025-01-01T00:00:00Z'),
        after: { time: new Date('2025-03-01T12:00:00Z'), id: '003Dn00000QX9fLIAT' },
        limit: 3,
      }),
    ).toBe(
      `SELECT ${CONTACT_SYNC_FIELDS} FROM Contact WHERE SystemModstamp >= 2025-01-01T00:00:00Z AND ` +
        "(SystemModstamp > 2025-03-01T12:00:00Z OR (SystemModstamp = 2025-03-01T12:00:00Z AND Id > '003Dn00000QX9fLIAT')) " +
        'ORDER BY SystemModstamp ASC, Id ASC LIMIT 3',
    );
  });
});

describe('sync cursors', () => {
  it('accepts the contact cursor a page writes', () => {
    const cursor = { modstamp: '2025-03-01T12:00:00.000Z', id: '003Dn00000QX9fLIAT' };
    expect(contactCursorSchema.parse(cursor)).toEqual(cursor);
  });

  it.each([
    ['a string', '2025-03-01T12:00:00.000Z|003Dn00000QX9fLIAT'],
    ['no id', { modstamp: '2025-03-01T12:00:00.000Z' }],
    ['a short id', { modstamp: '2025-03-01T12:00:00.000Z', id: '003Dn00000QX9f' }],
    ['an Account id', { modstamp: '2025-03-01T12:00:00.000Z', id: '001Dn00000Ab7xYIAR' }],
    ['SOQL in the id', { modstamp: '2025-03-01T12:00:00.000Z', id: "003' OR Id != '" }],
    ['month 13', { modstamp: '2025-13-01T12:00:00.000Z', id: '003Dn00000QX9fLIAT' }],
    ['February 30', { modstamp: '2025-02-30T12:00:00.000Z', id: '003Dn00000QX9fLIAT' }],
    ['no milliseconds', { modstamp: '2025-03-01T12:00:00Z', id: '003Dn00000QX9fLIAT' }],
    ['a Talkdesk date', { modstamp: '2025-03-01 12:00:00 UTC', id: '003Dn00000QX9fLIAT' }],
    ['an extra key', { modstamp: '2025-03-01T12:00:00.000Z', id: '003Dn00000QX9fLIAT', x: 1 }],
  ])('refuses a contact cursor with %s', (_name, cursor) => {
    expect(contactCursorSchema.safeParse(cursor).success).toBe(false);
  });

  it('accepts only User ids as agent cursors', () => {
    expect(agentCursorSchema.parse('005Dn000001hLqAIAU')).toBe('005Dn000001hLqAIAU');
    for (const cursor of ['005', '003Dn00000QX9fLIAT', '005Dn000001hLqAIAU ', '100', 42])
      expect(agentCursorSchema.safeParse(cursor).success).toBe(false);
  });
});
