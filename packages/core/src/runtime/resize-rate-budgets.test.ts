import { describe, expect, it } from 'vitest';
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
