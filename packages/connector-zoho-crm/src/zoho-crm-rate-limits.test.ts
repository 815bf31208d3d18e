import { resizeRateBudgets } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import { zohoCrm } from './zoho-crm-connector.js';
import { zohoCrmRateLimits } from './zoho-crm-rate-limits.js';

describe("Zoho CRM's rate limits", () => {
  it('declare no per-window budget: its calls are not paced, and no size can be given for one', () => {
    expect(zohoCrm.http?.rateLimits).toBe(zohoCrmRateLimits);
    expect(zohoCrmRateLimits.budgets).toHaveLength(0);
    // What the gateway checks an integration's `rateLimits` with: any name is refused.
    expect(() =>
      resizeRateBudgets(zohoCrmRateLimits.budgets, { daily: { points: 100_000, durationMs: 86_400_000 } }),
    ).toThrow('unknown rate budget "daily" (this connector declares none)');
  });
});
