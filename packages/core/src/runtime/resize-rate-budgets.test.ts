import { describe, expect, it } from 'vitest';
import { withBudgetSizes } from '../pipeline/connector-context.js';
import { type RateBudgetDeclaration, resizeRateBudgets } from './rate-budget.js';

const search: RateBudgetDeclaration = {
  name: 'search',
  points: 5,
  durationMs: 1_000,
  scope: 'account',
  appliesTo: ({ endpoint }) => endpoint.endsWith('/search'),
};
const general: RateBudgetDeclaration = { name: 'general', points: 100, durationMs: 10_000, scope: 'account' };

describe('resizeRateBudgets', () => {
  it('replaces the size of the named budgets and keeps everything else of them', () => {
    const [resized, untouched] = resizeRateBudgets([search, general], {
      search: { points: 10, durationMs: 2_000 },
    });
    expect(resized).toMatchObject({ name: 'search', points: 10, durationMs: 2_000 });
    expect(resized?.appliesTo?.({ method: 'POST', endpoint: '/v3/search' })).toBe(true);
    expect(resized?.appliesTo?.({ method: 'GET', endpoint: '/v3/contacts' })).toBe(false);
    expect(untouched).toBe(general);
  });

  it('refuses a budget name the connector does not declare, naming the ones it does', () => {
    expect(() => resizeRateBudgets([search, general], { serach: { points: 1, durationMs: 1_000 } })).toThrow(
      'unknown rate budget "serach" (declared: search, general)',
    );
    expect(() => resizeRateBudgets([], { general: { points: 1, durationMs: 1_000 } })).toThrow(
      'this connector declares none',
    );
  });

  it('does not take inherited object keys for budget names', () => {
    const budgets = [{ ...general, name: 'toString' }];
    expect(resizeRateBudgets(budgets, {})).toEqual(budgets);
  });
});

describe('withBudgetSizes', () => {
  const http = {
    origin: 'https://api.example.test',
    authenticate: () => ({ type: 'none' as const }),
    rateLimits: { budgets: [search, general] },
  };

  it('resizes once per declaration and sizes object, and each sizes object gets its own sizes', () => {
    const sizes = { search: { points: 10, durationMs: 2_000 } };
    const resized = withBudgetSizes(http, sizes);
    expect(resized.rateLimits?.budgets[0]).toMatchObject({ name: 'search', points: 10 });
    expect(withBudgetSizes(http, sizes)).toBe(resized);
    const other = withBudgetSizes(http, { search: { points: 20, durationMs: 2_000 } });
    expect(other.rateLimits?.budgets[0]).toMatchObject({ name: 'search', points: 20 });
    expect(withBudgetSizes({ ...http }, sizes).rateLimits?.budgets[0]).toMatchObject({ points: 10 });
    expect(http.rateLimits.budgets[0]).toBe(search);
    expect(withBudgetSizes(http, undefined)).toBe(http);
  });

  it('refuses an undeclared name on every request (a failure is not remembered)', () => {
    const sizes = { serach: { points: 1, durationMs: 1_000 } };
    expect(() => withBudgetSizes(http, sizes)).toThrow('rateBudgetSizes: unknown rate budget "serach"');
    expect(() => withBudgetSizes(http, sizes)).toThrow('rateBudgetSizes: unknown rate budget "serach"');
  });
});
