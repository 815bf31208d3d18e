import { retrieveInteractions } from '@talkbridge/core';
import { runAfterSpentBudget } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeHelpScout, HELPSCOUT_TOKEN } from './__fixtures__/fake-helpscout.js';
import { helpscout } from './helpscout-connector.js';
import { HELPSCOUT_MINUTE_BUDGET, helpscoutRateLimits } from './helpscout-rate-limits.js';

// The next call really waits for the vendor's reset (seconds); a loaded machine needs room for it.
vi.setConfig({ testTimeout: 30_000 });
const upstream = createFakeHelpScout();
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

describe("Help Scout's rate limits", () => {
  it('are declared on the connector: one per-minute budget for every call, per token', () => {
    expect(helpscout.http?.rateLimits).toBe(helpscoutRateLimits);
    expect(HELPSCOUT_MINUTE_BUDGET.appliesTo).toBeUndefined();
    expect(helpscoutRateLimits.account).toBeUndefined();
  });

  it('makes the next call with the same token wait for X-RateLimit-Retry-After, not other tokens', async () => {
    const run = await runAfterSpentBudget({
      upstream,
      refusal: {
        headers: {
          'x-ratelimit-limit-minute': '200',
          'x-ratelimit-remaining-minute': '0',
          'x-ratelimit-retry-after': '3',
        },
      },
      retrieve: (auth, options) =>
        retrieveInteractions(
          helpscout,
          { auth, data: { contact_emails: ['nobody@example.com'] } },
          { settings: { baseUrl: upstream.origin }, deadlineMs: 8_000, ...options },
        ),
      steps: [
        { label: 'spent', auth: { access_token: HELPSCOUT_TOKEN } },
        { label: 'same token', auth: { access_token: HELPSCOUT_TOKEN } },
        { label: 'other token', auth: { access_token: 'hs-oauth-of-another-account' } },
      ],
    });
    expect(run.outcomes.spent).toBe('rate_limited');
    expect(run.timelines.spent).toEqual([expect.stringMatching(/^call GET /), 'budget_learned minute']);
    expect(run.events.find((event) => event.type === 'budget_learned')).toMatchObject({ blockMs: 3_000 });
    expect(run.timelines['other token']?.[0]).toMatch(/^call GET /);
    expect(run.timelines['same token']?.slice(0, 2)).toEqual([
      'budget_wait minute',
      expect.stringMatching(/^call GET /),
    ]);
  });
});
