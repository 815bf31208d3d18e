import { describe, expect, it } from 'vitest';
import {
  contactSynchronizationRequestSchema,
  contactSynchronizationResponseSchema,
  syncedContactSchema,
} from './contact-synchronization.js';

/** talkdesk-bridge-spec/contact-synchronization.md, request example, verbatim. */
const specRequest = {
  auth: {
    username: 'john.doe@example.com',
    password: '605b32dd',
  },
  meta: {
    offset: '2',
    synchronization_checkpoint: '2012-11-20 23:01:00 UTC',
    context: null,
  },
};

/** talkdesk-bridge-spec/contact-synchronization.md, response example, verbatim. */
const specResponse = {
  next_offset: '3',
  synchronization_checkpoint: '2012-12-01 11:21:00 UTC',
  context: null,
  contacts: [
    {
      id: '1',
      name: 'Jane Doe',
      title: 'CTO',
      emails: ['jane.doe@example.com', 'jane@example.com'],
      phones: ['+15555555555'],
      photo_url: 'http://example.com/users/1/photo',
      company: 'Example Corp.',
      address: '37, Famous St., New York, US',
      websites: ['www.example.com'],
      twitter: 'jane_doe',
      url: 'http://example.com/users/1/',
    },
    {
      id: '2',
      name: 'Joe',
      title: 'Staff',
      emails: ['joe@example.com'],
    },
  ],
};

describe('contactSynchronizationRequestSchema', () => {
  it('parses the spec example unchanged (including context: null)', () => {
    const result = contactSynchronizationRequestSchema.safeParse(specRequest);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specRequest);
  });

  it('accepts an initial sync: no meta, or meta without checkpoint and offset', () => {
    expect(contactSynchronizationRequestSchema.safeParse({ auth: specRequest.auth }).success).toBe(true);
    expect(contactSynchronizationRequestSchema.safeParse({ auth: specRequest.auth, meta: {} }).success).toBe(
      true,
    );
  });

  it('accepts null checkpoint and offset, and any JSON value as context', () => {
    for (const context of [null, 'page-token', 7, { cursor: 'abc', seen: [1, 2] }, [1, 'x']]) {
      const body = { auth: {}, meta: { synchronization_checkpoint: null, offset: null, context } };
      const result = contactSynchronizationRequestSchema.safeParse(body);
      expect(result.success).toBe(true);
      expect(result.data?.meta?.context).toEqual(context);
    }
  });

  it('rejects a numeric offset at meta.offset', () => {
    const result = contactSynchronizationRequestSchema.safeParse({ auth: {}, meta: { offset: 2 } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['meta', 'offset']]);
  });

  it('requires auth', () => {
    const result = contactSynchronizationRequestSchema.safeParse({ meta: specRequest.meta });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['auth']]);
  });
});

describe('contactSynchronizationResponseSchema', () => {
  it('validates the spec example unchanged', () => {
    const result = contactSynchronizationResponseSchema.safeParse(specResponse);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specResponse);
  });

  it('accepts a last page: contacts only', () => {
    expect(contactSynchronizationResponseSchema.safeParse({ contacts: [] }).success).toBe(true);
  });

  it('requires contacts', () => {
    const result = contactSynchronizationResponseSchema.safeParse({ next_offset: '3' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['contacts']]);
  });

  it('requires each contact to have a non-empty string id and a name', () => {
    const result = contactSynchronizationResponseSchema.safeParse({
      contacts: [{ id: '', name: 'A' }, { id: 2, name: 'B' }, { id: '3' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['contacts', 0, 'id'],
      ['contacts', 1, 'id'],
      ['contacts', 2, 'name'],
    ]);
  });

  it('rejects emails given as a single string', () => {
    const result = syncedContactSchema.safeParse({ id: '1', name: 'Jane', emails: 'jane@example.com' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['emails']]);
  });

  it('rejects a numeric next_offset', () => {
    const result = contactSynchronizationResponseSchema.safeParse({ next_offset: 3, contacts: [] });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['next_offset']]);
  });
});
