import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeError, retrieveInteractions, synchronizeAgents, synchronizeContacts } from '@talkbridge/core';
import { INTERACTION_PRIORITIES, INTERACTION_STATUSES } from '@talkbridge/core/contract';
import { cursorInOffset, offsetWithCursor } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import { sandbox } from './sandbox-connector.js';
import { loadSandboxDataFile } from './sandbox-data.js';
import { createSandboxSeed } from './sandbox-seed.js';

const auth = { username: 'john.doe@example.com', password: '605b32dd' };
const retrieve = (data: Record<string, unknown>, types?: string[], settings?: unknown) =>
  retrieveInteractions(
    sandbox,
    { auth, ...(types ? { meta: { interaction_types: types } } : {}), data },
    { settings },
  );

describe('the seeded sandbox service', () => {
  const seed = createSandboxSeed(new Date('2026-01-15T10:00:00Z'));

  it("holds the spec's example account and contact plus at least ten more", () => {
    expect(seed.account).toEqual(auth);
    expect(seed.contacts[0]).toMatchObject({
      id: '1',
      emails: ['jane.doe@example.com', 'jane@example.com'],
      phones: ['+15555555555'],
    });
    expect(seed.contacts.length).toBeGreaterThanOrEqual(11);
    expect(seed.contacts.filter((contact) => contact.emails.length === 0).length).toBeGreaterThanOrEqual(2);
    expect(seed.contacts.filter((contact) => contact.phones.length === 0).length).toBeGreaterThanOrEqual(2);
  });

  it('uses every priority, every status, every type, and past and future dates', () => {
    expect(new Set(seed.interactions.map((item) => item.priority))).toEqual(new Set(INTERACTION_PRIORITIES));
    expect(new Set(seed.interactions.map((item) => item.status))).toEqual(new Set(INTERACTION_STATUSES));
    expect(new Set(seed.interactions.map((item) => item.type))).toEqual(new Set(['case', 'note', 'call']));
    const now = Date.parse('2026-01-15T10:00:00Z');
    expect(seed.interactions.some((item) => Date.parse(item.date) > now)).toBe(true);
    expect(seed.interactions.some((item) => Date.parse(item.date) < now)).toBe(true);
  });

  it('has unique interaction ids', () => {
    const ids = seed.interactions.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the sandbox connector through the pipeline', () => {
  it("returns Jane's cases and notes for the spec's example request, each with a url", async () => {
    const answer = await retrieve(
      {
        contact_external_id: '1',
        contact_emails: ['jane.doe@example.com'],
        contact_phones: ['+15555555555'],
      },
      ['case', 'note'],
    );
    expect(answer.map((item) => item.id).sort()).toEqual(['101', '102', '103', '104', '105']);
    for (const item of answer)
      expect(item.url).toBe(`https://sandbox.talkbridge.example/${item.type}s/${item.id}`);
  });

  it('finds a contact stored as "(415) 555-0132" from "+1 415-555-0132"', async () => {
    const answer = await retrieve({ contact_phones: ['+1 415-555-0132'] });
    expect(answer.map((item) => item.id).sort()).toEqual(['301', '302']);
  });

  it('finds a contact by email, case-insensitively', async () => {
    const answer = await retrieve({ contact_emails: ['EMMA.SCHMIDT@example.DE'] });
    expect(answer.map((item) => item.id)).toEqual(['801']);
  });

  it('falls back to the email when the external id is stale', async () => {
    const answer = await retrieve({ contact_external_id: '404', contact_emails: ['li.wei@example.cn'] });
    expect(answer.map((item) => item.id).sort()).toEqual(['401', '402']);
  });

  it('refuses any other credentials with invalid_credentials', async () => {
    const error = await retrieveInteractions(sandbox, {
      auth: { username: auth.username, password: 'nope' },
      data: { contact_external_id: '1' },
    }).catch((caught: unknown) => caught);
    expect(BridgeError.isInstance(error) && error.code).toBe('invalid_credentials');
  });

  it('builds urls on the configured baseUrl', async () => {
    const [first] = await retrieve({ contact_external_id: '2' }, ['case'], {
      baseUrl: 'https://demo.acme.test',
    });
    expect(first?.url).toBe('https://demo.acme.test/cases/201');
  });
});

describe('an operator data file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-data-'));
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };

  it('replaces the built-in data', async () => {
    const path = write('custom.json', {
      account: auth,
      contacts: [
        { id: 'c-1', name: 'Custom', emails: ['custom@example.org'], updatedAt: '2025-05-01T09:00:00Z' },
      ],
      interactions: [
        {
          id: 'x-1',
          contactId: 'c-1',
          type: 'case',
          subject: 'From the file',
          date: '2025-05-02T09:30:00+01:00',
          priority: 'low',
          status: 'open',
        },
      ],
    });
    const answer = await retrieve({ contact_emails: ['custom@example.org'] }, undefined, { dataFile: path });
    expect(answer).toEqual([
      {
        id: 'x-1',
        subject: 'From the file',
        date: '2025-05-02 08:30:00 UTC',
        url: 'https://sandbox.talkbridge.example/cases/x-1',
        type: 'case',
        priority: 'low',
        status: 'open',
      },
    ]);
  });

  it('is rejected with the file and the bad field named', () => {
    const path = write('bad.json', { account: auth, contacts: [], interactions: [{ id: '1' }] });
    expect(() => loadSandboxDataFile(path)).toThrow(/bad\.json: interactions\[0\]\.contactId: /);
    const dangling = write('dangling.json', {
      account: auth,
      contacts: [],
      interactions: [
        {
          id: '1',
          contactId: '9',
          type: 'note',
          subject: 's',
          date: '2025-01-01T00:00:00Z',
          priority: 'none',
          status: 'new',
        },
      ],
    });
    expect(() => loadSandboxDataFile(dangling)).toThrow(
      /interactions\[0\]\.contactId: no contact has id "9"/,
    );
    expect(() => loadSandboxDataFile(write('notjson.json', '{'))).toThrow(
      /notjson\.json: it is not valid JSON/,
    );
  });
});

describe('sync cursors', () => {
  it('continues a contact sync after the last contact of the page, as { time, id }', async () => {
    const first = await synchronizeContacts(sandbox, { auth }, { pageSize: 2 });
    const cursor = cursorInOffset(first.next_offset) as { time: number; id: string };
    expect(cursor).toEqual({ time: expect.any(Number), id: first.contacts[1]?.id });
    const second = await synchronizeContacts(
      sandbox,
      { auth, meta: { offset: first.next_offset } },
      { pageSize: 2 },
    );
    expect(second.contacts.map((contact) => contact.id)).not.toContain(first.contacts[0]?.id);
  });

  it.each([
    ['text', 'x|1'],
    ['a negative time', { time: -1, id: '1' }],
    ['an empty id', { time: 0, id: '' }],
    ['another field', { time: 0, id: '1', extra: true }],
  ])('refuses a contact cursor that is %s as invalid_request', async (_label, forged) => {
    const error = await synchronizeContacts(sandbox, {
      auth,
      meta: { offset: offsetWithCursor(forged) },
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'invalid_request',
      message: 'meta.offset: not an offset this bridge issued',
    });
  });

  it('pages agents with { start }, and refuses a position past the list', async () => {
    const first = await synchronizeAgents(sandbox, { auth }, { pageSize: 2 });
    expect(cursorInOffset(first.next_offset)).toEqual({ start: 2 });
    const past = await synchronizeAgents(sandbox, {
      auth,
      meta: { offset: offsetWithCursor({ start: 999 }) },
    }).catch((caught: unknown) => caught);
    expect(past).toMatchObject({ code: 'invalid_request' });
  });
});
