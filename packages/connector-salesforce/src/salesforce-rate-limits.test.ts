import { resizeRateBudgets } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import { salesforce } from './salesforce-connector.js';
import { salesforceRateLimits } from './salesforce-rate-limits.js';

describe("Salesforce's rate limits", () => {
  it('declare no per-window budget: its calls are not paced, and no size can be given for one', () => {
    expect(salesforce.http?.rateLimits).toBe(salesforceRateLimits);
    expect(salesforceRateLimits.budgets).toHaveLength(0);
    // What the gateway checks an integration's `rateLimits` with: any name is refused.
    expect(() =>
      resizeRateBudgets(salesforceRateLimits.budgets, { daily: { points: 100_000, durationMs: 86_400_000 } }),
    ).toThrow('unknown rate budget "daily" (this connector declares none)');
  });
});
