import { retrieveInteractions } from '@talkbridge/core';
import { createFakeUpstream, runAfterSpentBudget } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  fakeZendeskHandlers,
  ZENDESK_TEST_AUTH,
  ZENDESK_TEST_OAUTH,
  ZENDESK_TEST_ORIGIN,
} from './__fixtures__/fake-zendesk.js';
import { zendesk } from './zendesk-connector.js';
import {
  ZENDESK_GENERAL_BUDGET,
  ZENDESK_INCREMENTAL_EXPORT_BUDGET,
  zendeskRateLimits,
} from './zendesk-rate-limits.js';

// The next call really waits for the vendor's reset (seconds); a loaded machine needs room for it.
vi.setConfig({ testTimeout: 30_000 });
const upstream = createFakeUpstream(ZENDESK_TEST_ORIGIN, ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN));
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const accountOf = (auth: Parameters<NonNullable<typeof zendeskRateLimits.account>>[0]) =>
  zendeskRateLimits.account?.(auth);

describe("Zendesk's rate limits", () => {
  it('are declared on the connector', () => {
    expect(zendesk.http?.rateLimits).toBe(zendeskRateLimits);
  });

  it('are shared by every credential of one Zendesk account, and by no other account', () => {
    const token = { account: 'acme', kind: 'token', email: 'agent@acme.test', token: 'tok-1' } as const;
    const otherAgent = { account: 'Acme', kind: 'token', email: 'other@acme.test', token: 'tok-2' } as const;
    const oauth = { account: 'acme', kind: 'oauth', accessToken: 'oauth-1' } as const;
    expect(accountOf(otherAgent)).toBe(accountOf(token));
    expect(accountOf(oauth)).toBe(accountOf(token));
    expect(accountOf({ ...token, account: 'globex' })).not.toBe(accountOf(token));
    // The key names the account, never a credential.
    expect(accountOf(token)).not.toContain('tok-1');
  });

  it('draws incremental exports from their own budget as well, and every call from the general one', () => {
    const incremental = ZENDESK_INCREMENTAL_EXPORT_BUDGET.appliesTo;
    expect(incremental?.({ method: 'GET', endpoint: '/api/v2/incremental/users/cursor' })).toBe(true);
    expect(incremental?.({ method: 'GET', endpoint: '/api/v2/search' })).toBe(false);
    expect(incremental?.({ method: 'GET', endpoint: '/api/v2/users/{}' })).toBe(false);
    expect(ZENDESK_GENERAL_BUDGET.appliesTo).toBeUndefined();
  });

  it('makes the next call for the same account wait for the reset Zendesk announced, not other accounts', async () => {
    const run = await runAfterSpentBudget({
      upstream,
      refusal: { headers: { 'x-rate-limit-remaining': '0', 'ratelimit-reset': '3', 'retry-after': '3' } },
      retrieve: (auth, options) =>
        retrieveInteractions(
          zendesk,
          // By phone: one call per view (a first view by one email also searches tickets beside the user
          // search, and the refused call would then be the ticket search the empty user search throws away).
          { auth, meta: { interaction_types: ['ticket'] }, data: { contact_phones: ['+1 415 555 0100'] } },
          { settings: { baseUrl: upstream.origin }, deadlineMs: 8_000, ...options },
        ),
      steps: [
        { label: 'spent', auth: ZENDESK_TEST_AUTH },
        { label: 'same account', auth: ZENDESK_TEST_OAUTH },
        { label: 'other account', auth: { ...ZENDESK_TEST_AUTH, account: 'globex' } },
      ],
    });
    expect(run.outcomes.spent).toBe('rate_limited');
    expect(run.timelines.spent).toEqual(['call GET /api/v2/search', 'budget_learned general']);
    expect(run.events.find((event) => event.type === 'budget_learned')).toMatchObject({ blockMs: 3_000 });
    expect(run.timelines['other account']?.[0]).toBe('call GET /api/v2/search');
    expect(run.timelines['same account']?.slice(0, 2)).toEqual([
      'budget_wait general',
      'call GET /api/v2/search',
    ]);
    expect(run.outcomes['same account']).toBe('ok');
  });
});
