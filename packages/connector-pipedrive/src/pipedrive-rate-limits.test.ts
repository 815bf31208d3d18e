import { retrieveInteractions } from '@talkbridge/core';
import { runAfterSpentBudget } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createFakePipedrive,
  PIPEDRIVE_OAUTH_TOKEN,
  PIPEDRIVE_TOKEN,
} from './__fixtures__/fake-pipedrive.js';
import { pipedrive } from './pipedrive-connector.js';
import {
  PIPEDRIVE_GENERAL_BUDGET,
  PIPEDRIVE_SEARCH_BUDGET,
  pipedriveRateLimits,
} from './pipedrive-rate-limits.js';

// The next call really waits for the vendor's reset (seconds); a loaded machine needs room for it.
vi.setConfig({ testTimeout: 30_000 });
const upstream = createFakePipedrive();
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const AUTH = { api_token: PIPEDRIVE_TOKEN, company_domain: 'acme' };

describe("Pipedrive's rate limits", () => {
  it('are declared on the connector, per token (core tells credentials apart)', () => {
    expect(pipedrive.http?.rateLimits).toBe(pipedriveRateLimits);
    expect(pipedriveRateLimits.account).toBeUndefined();
  });

  it('draws searches from the search budget as well, and every call from the general one', () => {
    const search = PIPEDRIVE_SEARCH_BUDGET.appliesTo;
    expect(search?.({ method: 'GET', endpoint: '/api/v2/persons/search' })).toBe(true);
    expect(search?.({ method: 'GET', endpoint: '/api/v2/persons/{}' })).toBe(false);
    expect(search?.({ method: 'GET', endpoint: '/api/v2/activities' })).toBe(false);
    expect(PIPEDRIVE_GENERAL_BUDGET.appliesTo).toBeUndefined();
  });

  it('makes the next call with the same token wait for the reset Pipedrive announced, not other tokens', async () => {
    const run = await runAfterSpentBudget({
      upstream,
      refusal: {
        headers: { 'x-ratelimit-limit': '20', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' },
        body: { success: false, error: 'Request over limit', errorCode: 429 },
      },
      retrieve: (auth, options) =>
        retrieveInteractions(
          pipedrive,
          { auth, meta: { interaction_types: ['deal'] }, data: { contact_emails: ['nobody@example.com'] } },
          { settings: { baseUrl: upstream.origin }, deadlineMs: 8_000, ...options },
        ),
      steps: [
        { label: 'spent', auth: AUTH },
        { label: 'same token', auth: AUTH },
        // Another token of the same company: Pipedrive counts per token.
        { label: 'other token', auth: { access_token: PIPEDRIVE_OAUTH_TOKEN, api_domain: upstream.origin } },
      ],
    });
    expect(run.outcomes.spent).toBe('rate_limited');
    expect(run.timelines.spent).toEqual(['call GET /api/v2/persons/search', 'budget_learned general']);
    expect(run.events.find((event) => event.type === 'budget_learned')).toMatchObject({ blockMs: 3_000 });
    expect(run.timelines['other token']?.[0]).toMatch(/^call GET /);
    expect(run.timelines['same token']?.slice(0, 2)).toEqual([
      'budget_wait general+search',
      'call GET /api/v2/persons/search',
    ]);
  });
});
