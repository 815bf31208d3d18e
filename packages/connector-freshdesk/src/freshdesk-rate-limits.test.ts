import { retrieveInteractions } from '@talkbridge/core';
import { runAfterSpentBudget } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFreshdeskUpstream, FRESHDESK_API_KEY } from './__fixtures__/fake-freshdesk.js';
import { freshdesk } from './freshdesk-connector.js';
import {
  FRESHDESK_CONTACTS_LIST_BUDGET,
  FRESHDESK_GENERAL_BUDGET,
  FRESHDESK_TICKETS_LIST_BUDGET,
  freshdeskRateLimits,
} from './freshdesk-rate-limits.js';

// The next call really waits for the vendor's reset (seconds); a loaded machine needs room for it.
vi.setConfig({ testTimeout: 30_000 });
const upstream = createFreshdeskUpstream('https://acme.freshdesk.com');
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const auth = { domain: 'acme', api_key: FRESHDESK_API_KEY };

describe("Freshdesk's rate limits", () => {
  it('are declared on the connector', () => {
    expect(freshdesk.http?.rateLimits).toBe(freshdeskRateLimits);
  });

  it('are shared by every API key of one helpdesk, and by no other helpdesk', () => {
    const accountOf = freshdeskRateLimits.account;
    expect(accountOf?.({ domain: 'acme', api_key: 'key-of-another-agent' })).toBe(accountOf?.(auth));
    expect(accountOf?.({ domain: 'globex', api_key: FRESHDESK_API_KEY })).not.toBe(accountOf?.(auth));
    expect(accountOf?.(auth)).not.toContain(FRESHDESK_API_KEY);
  });

  it('draws ticket and contact listings from their own budgets as well, everything from the general one', () => {
    const tickets = FRESHDESK_TICKETS_LIST_BUDGET.appliesTo;
    const contacts = FRESHDESK_CONTACTS_LIST_BUDGET.appliesTo;
    expect(tickets?.({ method: 'GET', endpoint: '/api/v2/tickets' })).toBe(true);
    expect(tickets?.({ method: 'POST', endpoint: '/api/v2/tickets' })).toBe(false);
    expect(tickets?.({ method: 'GET', endpoint: '/api/v2/search/tickets' })).toBe(false);
    expect(contacts?.({ method: 'GET', endpoint: '/api/v2/contacts' })).toBe(true);
    expect(contacts?.({ method: 'GET', endpoint: '/api/v2/contacts/{}' })).toBe(false);
    expect(contacts?.({ method: 'GET', endpoint: '/api/v2/tickets' })).toBe(false);
    expect(FRESHDESK_GENERAL_BUDGET.appliesTo).toBeUndefined();
  });

  it('makes the next call for the same helpdesk wait for the Retry-After of its 429, not other helpdesks', async () => {
    const run = await runAfterSpentBudget({
      upstream,
      refusal: {
        headers: { 'x-ratelimit-total': '200', 'x-ratelimit-remaining': '0', 'retry-after': '3' },
        body: { code: 'rate_limit_exceeded', message: 'You have exceeded the limit of requests per minute' },
      },
      retrieve: (authOfStep, options) =>
        retrieveInteractions(
          freshdesk,
          {
            auth: authOfStep,
            meta: { interaction_types: ['ticket'] },
            // By phone: one call per view (a first view by one email also lists tickets beside the search,
            // and the refused call would then be the listing the empty search throws away).
            data: { contact_phones: ['+1 415 555 0100'] },
          },
          { settings: { baseUrl: upstream.origin }, deadlineMs: 8_000, ...options },
        ),
      steps: [
        { label: 'spent', auth },
        { label: 'same helpdesk', auth: { ...auth, api_key: 'key-of-another-agent' } },
        { label: 'other helpdesk', auth: { ...auth, domain: 'globex' } },
      ],
    });
    expect(run.outcomes.spent).toBe('rate_limited');
    expect(run.timelines.spent).toEqual([expect.stringMatching(/^call GET /), 'budget_learned general']);
    expect(run.events.find((event) => event.type === 'budget_learned')).toMatchObject({ blockMs: 3_000 });
    expect(run.timelines['other helpdesk']?.[0]).toMatch(/^call GET /);
    expect(run.timelines['same helpdesk']?.slice(0, 2)).toEqual([
      expect.stringMatching(/^budget_wait general/),
      expect.stringMatching(/^call GET /),
    ]);
  });
});
