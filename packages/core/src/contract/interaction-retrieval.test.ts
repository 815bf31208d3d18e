import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { formatIssuePath } from '../zod-issues.js';
import {
  INTERACTION_PRIORITIES,
  INTERACTION_STATUSES,
  interactionRetrievalRequestSchema,
  interactionRetrievalResponseSchema,
  interactionSchema,
} from './interaction-retrieval.js';
import {
  MAX_AUTH_FIELDS,
  MAX_AUTH_VALUE_LENGTH,
  MAX_CONTACT_EMAILS,
  MAX_CONTACT_PHONES,
  MAX_INTERACTION_TYPES,
} from './limits.js';
import { authFieldsSchema, TALKDESK_DATE_PATTERN, talkdeskDateSchema } from './shared.js';

/** talkdesk-bridge-spec/interaction-update.md, request example, verbatim. */
const specRequest = {
  auth: {
    username: 'john.doe@example.com',
    password: '605b32dd',
  },
  meta: {
    interaction_types: ['case', 'note'],
  },
  data: {
    contact_external_id: '1',
    contact_name: 'Jane',
    contact_emails: ['jane.doe@example.com', 'jane@example.com'],
    contact_phones: ['+15555555555'],
  },
};

/** talkdesk-bridge-spec/interaction-update.md, response example, verbatim. */
const specResponse = [
  {
    id: '23',
    subject: 'A very important matter',
    description: 'Your order is ready to be shipped',
    date: '2012-11-21 17:53:51 UTC',
    url: 'http://example.com/interactions/23',
    type: 'case',
    priority: 'high',
    status: 'pending',
  },
];

function issuePaths(error: z.ZodError | undefined): string[] {
  return (error?.issues ?? []).map((issue) => formatIssuePath('', issue.path));
}

describe('interactionRetrievalRequestSchema', () => {
  it('parses the spec example unchanged', () => {
    const result = interactionRetrievalRequestSchema.safeParse(specRequest);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specRequest);
  });

  it('accepts unknown extra fields at every level and drops them from the output', () => {
    const body = {
      ...specRequest,
      added_later: { anything: true },
      meta: { ...specRequest.meta, locale: 'en-US' },
      data: { ...specRequest.data, contact_company: 'Example Corp.' },
    };
    const result = interactionRetrievalRequestSchema.safeParse(body);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specRequest);
  });

  it('keeps any auth field (each connector validates its own)', () => {
    const auth = { account: 'acme', token: 'abc', count: 3, flag: true, none: null };
    const result = interactionRetrievalRequestSchema.parse({ ...specRequest, auth });
    expect(result.auth).toEqual(auth);
  });

  it('refuses nested, oversized or too many auth fields, naming the field', () => {
    const nested = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      auth: { nested: { x: 1 } },
    });
    expect(nested.error?.issues[0]?.path).toEqual(['auth', 'nested']);
    const long = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      auth: { token: 'x'.repeat(MAX_AUTH_VALUE_LENGTH + 1) },
    });
    expect(long.error?.issues[0]).toMatchObject({
      path: ['auth', 'token'],
      message: `at most ${MAX_AUTH_VALUE_LENGTH} characters`,
    });
    const many = Object.fromEntries(
      Array.from({ length: MAX_AUTH_FIELDS + 1 }, (_, index) => [`f${index}`, 'v']),
    );
    const tooMany = interactionRetrievalRequestSchema.safeParse({ ...specRequest, auth: many });
    expect(tooMany.error?.issues).toEqual([
      expect.objectContaining({ path: ['auth'], message: `at most ${MAX_AUTH_FIELDS} fields` }),
    ]);
  });

  it('caps emails, phones and types before reading any of them, and every string', () => {
    const phones = Array.from({ length: 20_000 }, () => 'x'.repeat(100));
    const result = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      data: { ...specRequest.data, contact_phones: phones },
    });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['data', 'contact_phones'],
        message: `at most ${MAX_CONTACT_PHONES} phones`,
      }),
    ]);
    const email = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      data: { ...specRequest.data, contact_emails: [`${'a'.repeat(250)}@x.io`] },
    });
    expect(email.error?.issues[0]?.path).toEqual(['data', 'contact_emails', 0]);
    const types = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      meta: { interaction_types: Array.from({ length: MAX_INTERACTION_TYPES + 1 }, () => 'case') },
    });
    expect(types.error?.issues[0]?.path).toEqual(['meta', 'interaction_types']);
    expect(MAX_CONTACT_EMAILS).toBe(50);
  });

  it('accepts a request without meta', () => {
    const { meta: _meta, ...withoutMeta } = specRequest;
    const result = interactionRetrievalRequestSchema.safeParse(withoutMeta);
    expect(result.success).toBe(true);
    expect(result.data?.meta).toBeUndefined();
  });

  it('accepts meta without interaction_types and an empty interaction_types', () => {
    expect(interactionRetrievalRequestSchema.safeParse({ ...specRequest, meta: {} }).success).toBe(true);
    expect(
      interactionRetrievalRequestSchema.safeParse({ ...specRequest, meta: { interaction_types: [] } })
        .success,
    ).toBe(true);
  });

  it('accepts an empty data object and null data fields', () => {
    expect(interactionRetrievalRequestSchema.safeParse({ auth: {}, data: {} }).success).toBe(true);
    const nulls = {
      auth: {},
      data: { contact_external_id: null, contact_name: null, contact_emails: null, contact_phones: null },
    };
    expect(interactionRetrievalRequestSchema.parse(nulls).data).toEqual(nulls.data);
  });

  it('rejects contact_emails given as a string, at path data.contact_emails', () => {
    const result = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      data: { ...specRequest.data, contact_emails: 'jane@example.com' },
    });
    expect(result.success).toBe(false);
    expect(issuePaths(result.error)).toEqual(['data.contact_emails']);
  });

  it('rejects a non-string element of contact_phones at its index', () => {
    const result = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      data: { ...specRequest.data, contact_phones: ['+15555555555', 5555555555] },
    });
    expect(issuePaths(result.error)).toEqual(['data.contact_phones[1]']);
  });

  it('rejects a numeric contact_external_id', () => {
    const result = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      data: { ...specRequest.data, contact_external_id: 1 },
    });
    expect(issuePaths(result.error)).toEqual(['data.contact_external_id']);
  });

  it('rejects interaction_types that is not an array of strings', () => {
    const asString = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      meta: { interaction_types: 'case' },
    });
    expect(issuePaths(asString.error)).toEqual(['meta.interaction_types']);
    const withNumber = interactionRetrievalRequestSchema.safeParse({
      ...specRequest,
      meta: { interaction_types: ['case', 2] },
    });
    expect(issuePaths(withNumber.error)).toEqual(['meta.interaction_types[1]']);
  });

  it('requires auth and data', () => {
    const result = interactionRetrievalRequestSchema.safeParse({ meta: specRequest.meta });
    expect(result.success).toBe(false);
    expect(issuePaths(result.error).sort()).toEqual(['auth', 'data']);
  });

  it('rejects auth that is not an object with a readable message', () => {
    const result = interactionRetrievalRequestSchema.safeParse({ ...specRequest, auth: 'token' });
    expect(issuePaths(result.error)).toEqual(['auth']);
    expect(result.error?.issues[0]?.message).toMatch(/credential fields/);
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, 'text', 42, []]) {
      const result = interactionRetrievalRequestSchema.safeParse(body);
      expect(result.success).toBe(false);
      expect(issuePaths(result.error)).toEqual(['(root)']);
    }
  });
});

describe('interactionRetrievalResponseSchema', () => {
  it('validates the spec example', () => {
    const result = interactionRetrievalResponseSchema.safeParse(specResponse);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specResponse);
  });

  it('accepts an empty answer', () => {
    expect(interactionRetrievalResponseSchema.safeParse([]).success).toBe(true);
  });

  it('accepts interactions without the optional description and url', () => {
    const { description: _d, url: _u, ...minimal } = specResponse[0]!;
    expect(interactionRetrievalResponseSchema.safeParse([minimal]).success).toBe(true);
  });

  it('rejects duplicate ids, pointing at the second occurrence', () => {
    const second = { ...specResponse[0]!, subject: 'Another matter' };
    const third = { ...specResponse[0]!, id: '24' };
    const result = interactionRetrievalResponseSchema.safeParse([specResponse[0], third, second]);
    expect(result.success).toBe(false);
    expect(issuePaths(result.error)).toEqual(['[2].id']);
    expect(result.error?.issues[0]?.message).toContain('"23"');
  });

  it.each([
    '2012-11-21T17:53:51Z',
    '2012-11-21 17:53:51',
    '2012-11-21 17:53 UTC',
    '2012-11-21',
    '21/11/2012 17:53:51 UTC',
    '2012-11-21 17:53:51 GMT',
    ' 2012-11-21 17:53:51 UTC',
  ])('rejects the date %j', (date) => {
    const result = interactionRetrievalResponseSchema.safeParse([{ ...specResponse[0], date }]);
    expect(result.success).toBe(false);
    expect(issuePaths(result.error)).toEqual(['[0].date']);
  });

  it.each(['medium', 'HIGH', '', 'critical'])('rejects the priority %j', (priority) => {
    const result = interactionRetrievalResponseSchema.safeParse([{ ...specResponse[0], priority }]);
    expect(issuePaths(result.error)).toEqual(['[0].priority']);
  });

  it.each(['closed ', 'resolved', 'Open', 'done'])('rejects the status %j', (status) => {
    const result = interactionRetrievalResponseSchema.safeParse([{ ...specResponse[0], status }]);
    expect(issuePaths(result.error)).toEqual(['[0].status']);
  });

  it('accepts every priority and status the spec lists', () => {
    expect([...INTERACTION_PRIORITIES]).toEqual(['none', 'low', 'normal', 'high', 'urgent']);
    expect([...INTERACTION_STATUSES]).toEqual(['new', 'open', 'pending', 'solved', 'closed']);
    for (const priority of INTERACTION_PRIORITIES) {
      for (const status of INTERACTION_STATUSES) {
        expect(interactionSchema.safeParse({ ...specResponse[0], priority, status }).success).toBe(true);
      }
    }
  });

  it('rejects an empty id, an empty type and a missing subject', () => {
    const { subject: _s, ...noSubject } = specResponse[0]!;
    const result = interactionRetrievalResponseSchema.safeParse([
      { ...specResponse[0], id: '' },
      { ...specResponse[0], id: '25', type: '' },
      { ...noSubject, id: '26' },
    ]);
    expect(issuePaths(result.error)).toEqual(['[0].id', '[1].type', '[2].subject']);
  });

  it('rejects a numeric id', () => {
    const result = interactionRetrievalResponseSchema.safeParse([{ ...specResponse[0], id: 23 }]);
    expect(issuePaths(result.error)).toEqual(['[0].id']);
  });

  it('rejects an answer that is not an array', () => {
    expect(interactionRetrievalResponseSchema.safeParse(specResponse[0]).success).toBe(false);
  });
});

describe('talkdeskDateSchema and authFieldsSchema', () => {
  it('accepts exactly the YYYY-MM-DD HH:MM:SS UTC form', () => {
    expect(talkdeskDateSchema.safeParse('2012-11-21 17:53:51 UTC').success).toBe(true);
    expect(TALKDESK_DATE_PATTERN.test('2012-11-21 17:53:51 UTC')).toBe(true);
    const bad = talkdeskDateSchema.safeParse('2012-11-21T17:53:51Z');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('YYYY-MM-DD HH:MM:SS UTC');
  });

  it('accepts any object of credential fields and rejects non-objects', () => {
    expect(authFieldsSchema.safeParse({}).success).toBe(true);
    expect(authFieldsSchema.safeParse({ token: 'x', n: 1 }).success).toBe(true);
    expect(authFieldsSchema.safeParse(null).success).toBe(false);
    expect(authFieldsSchema.safeParse('token').success).toBe(false);
  });
});
