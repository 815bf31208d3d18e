import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BridgeError } from './errors.js';
import { formatIssuePath, invalidRequestFromZod, zodIssues } from './zod-issues.js';

const schema = z.object({
  data: z.object({ contact_emails: z.array(z.string()) }),
  meta: z.object({ interaction_types: z.array(z.string()) }),
  count: z.number(),
});

function failure(value: unknown): z.ZodError {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to fail');
  return result.error;
}

describe('formatIssuePath', () => {
  it('joins keys with dots and formats array indexes in brackets', () => {
    expect(formatIssuePath('', ['a', 'b', 1])).toBe('a.b[1]');
    expect(formatIssuePath('', ['data', 'contact_emails', 1])).toBe('data.contact_emails[1]');
    expect(formatIssuePath('', ['a', 0, 'b', 2, 3])).toBe('a[0].b[2][3]');
  });

  it('prefixes the path', () => {
    expect(formatIssuePath('auth', ['password'])).toBe('auth.password');
    expect(formatIssuePath('options', ['hosts', 0])).toBe('options.hosts[0]');
    expect(formatIssuePath('auth', [])).toBe('auth');
  });

  it('starts with an index when the root is an array', () => {
    expect(formatIssuePath('', [0, 'id'])).toBe('[0].id');
  });

  it('names the root when there is neither prefix nor path', () => {
    expect(formatIssuePath('', [])).toBe('(root)');
  });

  it('formats symbol keys readably', () => {
    expect(formatIssuePath('', ['a', Symbol('b')])).toBe('a.Symbol(b)');
  });
});

describe('zodIssues', () => {
  it('lists every failing path with its message', () => {
    const issues = zodIssues(failure({ data: { contact_emails: ['a', 2] }, meta: {}, count: 'x' }));
    expect(issues.map((issue) => issue.path)).toEqual([
      'data.contact_emails[1]',
      'meta.interaction_types',
      'count',
    ]);
    for (const issue of issues) expect(issue.message).not.toBe('');
  });

  it('applies the prefix to every path', () => {
    const issues = zodIssues(failure({ data: {}, meta: {}, count: 1 }), 'body');
    expect(issues.map((issue) => issue.path)).toEqual([
      'body.data.contact_emails',
      'body.meta.interaction_types',
    ]);
  });
});

describe('invalidRequestFromZod', () => {
  it('is an invalid_request BridgeError whose message names the first path', () => {
    const error = invalidRequestFromZod(
      failure({ data: { contact_emails: 'jane@example.com' }, meta: { interaction_types: [] }, count: 1 }),
    );
    expect(error).toBeInstanceOf(BridgeError);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('data.contact_emails: Invalid input: expected array, received string');
    expect(error.issues).toEqual([
      { path: 'data.contact_emails', message: 'Invalid input: expected array, received string' },
    ]);
  });

  it('lists every path in issues and counts the others in the message', () => {
    const error = invalidRequestFromZod(
      failure({ data: { contact_emails: ['a', 2] }, meta: {}, count: 'x' }),
    );
    expect(error.message.startsWith('data.contact_emails[1]: ')).toBe(true);
    expect(error.message).toContain('(and 2 more)');
    expect(error.issues?.map((issue) => issue.path)).toEqual([
      'data.contact_emails[1]',
      'meta.interaction_types',
      'count',
    ]);
  });

  it('does not announce more issues when there is only one', () => {
    const error = invalidRequestFromZod(
      failure({ data: { contact_emails: [] }, meta: { interaction_types: [] } }),
    );
    expect(error.issues).toHaveLength(1);
    expect(error.message).not.toContain('more');
  });

  it('prefixes paths', () => {
    const auth = z.object({ username: z.string(), password: z.string() });
    const result = auth.safeParse({ username: 'jane' });
    if (result.success) throw new Error('expected a failure');
    const error = invalidRequestFromZod(result.error, 'auth');
    expect(error.message.startsWith('auth.password: ')).toBe(true);
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.password']);
  });

  it('falls back to the given summary when the error has no issues', () => {
    expect(invalidRequestFromZod(new z.ZodError([])).message).toBe('Invalid request');
    expect(invalidRequestFromZod(new z.ZodError([]), '', 'Invalid options').message).toBe('Invalid options');
    expect(invalidRequestFromZod(new z.ZodError([])).issues).toEqual([]);
  });
});
