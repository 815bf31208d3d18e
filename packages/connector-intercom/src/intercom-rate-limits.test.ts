import { retrieveInteractions } from '@talkbridge/core';
import { runAfterSpentBudget } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeIntercom, INTERCOM_TOKEN } from './__fixtures__/fake-intercom.js';
import { intercom } from './intercom-connector.js';
import { INTERCOM_APP_BUDGET, intercomRateLimits } from './intercom-rate-limits.js';

// The next call really waits for the vendor's reset (seconds); a loaded machine needs room for it.
vi.setConfig({ testTimeout: 30_000 });
const upstream = fakeIntercom('https://api.intercom.io');
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

describe("Intercom's rate limits", () => {
  it("are declared on the connector: the app's 10-second window for every call, per token", () => {
    expect(intercom.http?.rateLimits).toBe(intercomRateLimits);
    expect(INTERCOM_APP_BUDGET.appliesTo).toBeUndefined();
    expect(intercomRateLimits.account).toBeUndefined();
  });

  it('holds the next call with the same token until the X-RateLimit-Reset time (refused: past its deadline), not other tokens', async () => {
    // The window's end as Intercom sends it, a Unix time in seconds: here 30 s ahead, later than the
    // declared 10-second window and than the next request's deadline.
    const reset = String(Math.floor(Date.now() / 1000) + 30);
    const run = await runAfterSpentBudget({
      upstream,
      refusal: {
        headers: { 'x-ratelimit-limit': '1666', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        body: {
          type: 'error.list',
          errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 1666 in 10_seconds' }],
        },
      },
      retrieve: (auth, options) =>
        retrieveInteractions(
          intercom,
          { auth, data: { contact_emails: ['nobody@example.com'] } },
          { deadlineMs: 5_000, ...options },
        ),
      steps: [
        { label: 'spent', auth: { access_token: INTERCOM_TOKEN } },
        { label: 'other token', auth: { access_token: 'dG9rOmFub3RoZXItd29ya3NwYWNl' } },
        { label: 'same token', auth: { access_token: INTERCOM_TOKEN } },
      ],
    });
    expect(run.outcomes.spent).toBe('rate_limited');
    expect(run.timelines.spent).toEqual([expect.stringMatching(/^call POST /), 'budget_learned app']);
    const learned = run.events.find((event) => event.type === 'budget_learned');
    // Until the announced time, not the declared 10-second window.
    expect(learned && 'blockMs' in learned ? learned.blockMs : 0).toBeGreaterThan(20_000);
    expect(learned && 'blockMs' in learned ? learned.blockMs : Number.POSITIVE_INFINITY).toBeLessThanOrEqual(
      30_000,
    );
    expect(run.timelines['other token']?.[0]).toMatch(/^call POST /);
    // Its turn would come after its deadline: refused before a call Intercom would refuse.
    expect(run.timelines['same token']).toEqual(['budget_refused app']);
    expect(run.outcomes['same token']).toBe('rate_limited');
  });
});
