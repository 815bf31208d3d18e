import { describe, expect, it } from 'vitest';
import { hubspot } from './hubspot-connector.js';
import { HUBSPOT_SEARCH_BUDGET, HUBSPOT_TEN_SECOND_BUDGET } from './hubspot-rate-limits.js';

describe("HubSpot's rate limits", () => {
  it('are declared on the connector: five searches a second, a hundred calls per ten seconds', () => {
    expect(hubspot.http?.rateLimits?.budgets).toEqual([HUBSPOT_SEARCH_BUDGET, HUBSPOT_TEN_SECOND_BUDGET]);
    expect(HUBSPOT_SEARCH_BUDGET).toMatchObject({ points: 5, durationMs: 1_000, scope: 'account' });
    expect(HUBSPOT_TEN_SECOND_BUDGET).toMatchObject({ points: 100, durationMs: 10_000, scope: 'account' });
  });

  it('draws searches from the search budget, and every call from the ten-second one', () => {
    const search = HUBSPOT_SEARCH_BUDGET.appliesTo;
    expect(search?.({ method: 'POST', endpoint: '/crm/v3/objects/contacts/search' })).toBe(true);
    expect(search?.({ method: 'POST', endpoint: '/crm/v4/associations/contacts/tickets/batch/read' })).toBe(
      false,
    );
    expect(search?.({ method: 'GET', endpoint: '/crm/v3/objects/contacts/{}' })).toBe(false);
    expect(HUBSPOT_TEN_SECOND_BUDGET.appliesTo).toBeUndefined();
    expect(HUBSPOT_TEN_SECOND_BUDGET.remainingHeader).toBe('x-hubspot-ratelimit-remaining');
  });
});
