import { describe, expect, it } from 'vitest';
import { parseQuery, parseSearch, parseSyncQuery } from './__fixtures__/fake-salesforce.js';
import searchEmail from './__fixtures__/search-email.json' with { type: 'json' };
import { searchResultSchema } from './salesforce-api.js';
import { TtlCache } from './salesforce-case-statuses.js';
import {
  caseQuery,
  contactSyncQuery,
  emailSearch,
  personObjectOf,
  phoneDigitVariants,
  phoneSearch,
  queryLocatorOf,
  soqlDateTime,
  soqlString,
  soslPhrase,
  taskQuery,
  userSyncQuery,
} from './salesforce-query.js';
import { formatContactCursor, parseContactCursor, parseUserCursor } from './salesforce-sync.js';

describe('SOQL string literals', () => {
  it('escapes quotes and backslashes so a value stays one literal', () => {
    expect(soqlString("x' OR Name != '")).toBe("'x\\' OR Name != \\''");
    expect(soqlString('back\\slash "q"')).toBe('\'back\\\\slash \\"q\\"\'');
    expect(soqlString('a\nb\tc\u0001')).toBe("'a\\nb\\tc\\u0001'");
  });

  it('round-trips a hostile id through an IN list as one value each', () => {
    const hostile = "003x') OR Id != ('";
    const parsed = parseQuery(taskQuery([hostile, '003Dn00000QX9fLIAT'], 5));
    expect(parsed?.ids).toEqual([hostile, '003Dn00000QX9fLIAT']);
    expect(parsed?.limit).toBe(5);
  });
});

describe('SOSL phrases', () => {
  it('escapes every SOSL reserved character inside a quoted phrase', () => {
    expect(soslPhrase('?&|!{}[]()^~*:\\"\'+-')).toBe(
      '"\\?\\&\\|\\!\\{\\}\\[\\]\\(\\)\\^\\~\\*\\:\\\\\\"\\\'\\+\\-"',
    );
    expect(soslPhrase('jane+tag@example.com')).toBe('"jane\\+tag@example.com"');
  });

  it.each([
    'a" OR x:"b@example.com',
    "x' OR Name != '",
    'jane@example.com} IN ALL FIELDS RETURNING User(Id) //',
    'o\\"} RETURNING User(Id, Email) {x',
    'AND NOT smith',
  ])('keeps %j one term of the search', (hostile) => {
    const parsed = parseSearch(emailSearch([hostile]));
    expect(parsed?.terms).toEqual([hostile]);
    expect(parsed?.operators).toEqual([]);
    expect(parsed?.rest).toBe(
      ' IN EMAIL FIELDS RETURNING Contact(Id, Email LIMIT 50), Lead(Id, Email WHERE IsConverted = false LIMIT 50)',
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
    expect(caseQuery(['003Dn00000QX9fLIAT'], 7)).toBe(
      'SELECT Id, CaseNumber, Subject, Description, Status, Priority, IsClosed, CreatedDate, ContactId ' +
        "FROM Case WHERE ContactId IN ('003Dn00000QX9fLIAT') ORDER BY CreatedDate DESC LIMIT 7",
    );
  });
});

describe('TtlCache', () => {
  it('reuses a value until its time to live has passed, then loads again', async () => {
    let now = 1_000;
    const cache = new TtlCache<number>(10, () => now);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('org', 60_000, load)).toBe(1);
    now += 59_999;
    expect(await cache.get('org', 60_000, load)).toBe(1);
    now += 2;
    expect(await cache.get('org', 60_000, load)).toBe(2);
    expect(await cache.get('other-org', 60_000, load)).toBe(3);
  });

  it('shares one load between concurrent callers and forgets a failed one', async () => {
    const cache = new TtlCache<string>();
    let calls = 0;
    const failing = () => {
      calls += 1;
      return Promise.reject(new Error('down'));
    };
    await Promise.all([
      expect(cache.get('org', 1_000, failing)).rejects.toThrow('down'),
      expect(cache.get('org', 1_000, failing)).rejects.toThrow('down'),
    ]);
    expect(calls).toBe(1);
    expect(cache.size).toBe(0);
    expect(await cache.get('org', 1_000, async () => 'up')).toBe('up');
  });

  it('keeps at most its size, dropping the oldest org, and does not keep a TTL of 0', async () => {
    const cache = new TtlCache<string>(2);
    await cache.get('a', 1_000, async () => 'a');
    await cache.get('b', 1_000, async () => 'b');
    await cache.get('c', 1_000, async () => 'c');
    expect(cache.size).toBe(2);
    expect(await cache.get('a', 1_000, async () => 'a again')).toBe('a again');
    await cache.get('z', 0, async () => 'z');
    expect(await cache.get('z', 0, async () => 'z again')).toBe('z again');
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

  it('writes queries the fake org reads back part by part', () => {
    const parsed = parseSyncQuery(
      contactSyncQuery({
        since: new Date('2025-01-01T00:00:00Z'),
        after: { time: new Date('2025-03-01T12:00:00Z'), id: '003Dn00000QX9fLIAT' },
        limit: 3,
      }),
    );
    expect(parsed).toMatchObject({
      object: 'Contact',
      since: '2025-01-01T00:00:00Z',
      after: { time: '2025-03-01T12:00:00Z', id: '003Dn00000QX9fLIAT' },
      limit: 3,
    });
    // A quoted datetime is not SOQL.
    expect(
      parseSyncQuery(
        "SELECT Id FROM Contact WHERE SystemModstamp >= '2025-01-01T00:00:00Z' ORDER BY SystemModstamp ASC, Id ASC LIMIT 3",
      ),
    ).toBeUndefined();
  });
});

describe('sync cursors', () => {
  it('round-trips a contact cursor', () => {
    const key = { time: new Date('2025-03-01T12:00:00Z'), id: '003Dn00000QX9fLIAT' };
    const cursor = formatContactCursor(key);
    expect(cursor).toBe('2025-03-01T12:00:00.000Z|003Dn00000QX9fLIAT');
    expect(parseContactCursor(cursor)).toEqual(key);
  });

  it.each([
    '',
    '2025-03-01T12:00:00.000Z',
    '2025-03-01T12:00:00.000Z|003Dn00000QX9fLIAT|x',
    '2025-03-01T12:00:00.000Z|003Dn00000QX9f',
    '2025-13-01T12:00:00.000Z|003Dn00000QX9fLIAT',
    '2025-03-01 12:00:00 UTC|003Dn00000QX9fLIAT',
  ])('refuses the contact cursor %j', (cursor) => {
    expect(() => parseContactCursor(cursor)).toThrow('meta.offset: not an offset this bridge issued');
  });

  it('accepts only User ids as agent cursors', () => {
    expect(parseUserCursor('005Dn000001hLqAIAU')).toBe('005Dn000001hLqAIAU');
    for (const cursor of ['005', '003Dn00000QX9fLIAT', '005Dn000001hLqAIAU ', '100'])
      expect(() => parseUserCursor(cursor)).toThrow('not an offset this bridge issued');
  });
});
