import { describe, expect, it } from 'vitest';
import {
  FRESHDESK_MAX_QUERY_LENGTH,
  isQuotableValue,
  orQueries,
  queryTerm,
} from './freshdesk-search-query.js';

describe('the Freshdesk query language', () => {
  it('quotes plain values as one single-quoted literal', () => {
    expect(queryTerm('email', 'jane+tag@example.com')).toBe("email:'jane+tag@example.com'");
    expect(queryTerm('phone', '(555) 555-0123')).toBe("phone:'(555) 555-0123'");
  });

  it.each([
    ["a' OR email:'b@example.com", 'a single quote ends the string'],
    ['a" OR active:true OR email:"b', 'a double quote ends the query'],
    ["a\\'b@example.com", 'a backslash'],
    ['a\nb@example.com', 'a control character'],
    ['', 'nothing'],
    [`${'x'.repeat(250)}@example.com`, 'longer than an email can be'],
  ])('refuses to quote %j (%s)', (value) => {
    expect(isQuotableValue(value)).toBe(false);
    expect(() => queryTerm('email', value)).toThrow(TypeError);
  });

  it('keeps operators inside a quoted value literal', () => {
    const value = 'x@example.com OR email:y@example.com AND (active:true)';
    expect(orQueries([queryTerm('email', value)])).toEqual([
      `"email:'x@example.com OR email:y@example.com AND (active:true)'"`,
    ]);
  });

  it('ORs terms into as few double-quoted queries as fit 512 characters', () => {
    expect(orQueries(["email:'a@x.com'", "email:'b@x.com'"])).toEqual([
      `"email:'a@x.com' OR email:'b@x.com'"`,
    ]);
    const terms = Array.from({ length: 40 }, (_, index) => queryTerm('email', `person${index}@example.com`));
    const queries = orQueries(terms);
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) expect(query.length).toBeLessThanOrEqual(FRESHDESK_MAX_QUERY_LENGTH);
    // Each query is whole terms OR'ed inside double quotes; together they hold every term, in order.
    for (const query of queries) expect(query).toMatch(/^"email:'[^"]*'"$/);
    expect(queries.flatMap((query) => query.slice(1, -1).split(' OR '))).toEqual(terms);
    expect(orQueries([])).toEqual([]);
  });
});
