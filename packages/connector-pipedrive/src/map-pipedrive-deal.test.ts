import { createValueMapper, type InteractionStatus, toTalkdeskDate } from '@talkbridge/core';
import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import deals from './__fixtures__/deals.json' with { type: 'json' };
import {
  dealDescription,
  mapPipedriveDeal,
  PIPEDRIVE_DEAL_PRIORITY,
  PIPEDRIVE_DEAL_STATUS_DEFAULTS,
} from './map-pipedrive-deal.js';
import type { PipedriveDeal } from './pipedrive-api.js';

const APP = 'https://acme.pipedrive.com';
const [openDeal, wonDeal, lostDeal] = deals.data as PipedriveDeal[];

function context(statusMap?: Record<string, InteractionStatus>) {
  const log = createCaptureLogger();
  const status = createValueMapper({
    name: 'pipedrive.deal.status',
    defaults: PIPEDRIVE_DEAL_STATUS_DEFAULTS,
    overrides: statusMap,
    fallback: 'open',
    log,
  });
  return { log, context: { appOrigin: APP, status } };
}

const deal = (fields: Partial<PipedriveDeal>): PipedriveDeal => ({ ...openDeal!, ...fields });

describe('mapPipedriveDeal', () => {
  it('maps a won deal: prefixed id, title, value, created date, deal page, solved, no priority', () => {
    const mapped = mapPipedriveDeal(wonDeal!, context().context);
    expect(mapped).toEqual({
      id: 'deal-77',
      subject: 'Acme annual plan',
      description: '12,000 USD',
      date: '2025-02-20T11:00:00Z',
      url: `${APP}/deal/77`,
      status: 'solved',
      priority: 'none',
    });
    expect(toTalkdeskDate(mapped.date)).toBe('2025-02-20 11:00:00 UTC');
  });

  it('says why a lost deal was lost', () => {
    expect(mapPipedriveDeal(lostDeal!, context().context)).toMatchObject({
      id: 'deal-61',
      description: '800 EUR · Lost reason: Budget frozen',
      status: 'closed',
    });
  });

  it('maps every status of the default table (open, won, lost, deleted)', () => {
    const { context: ctx } = context();
    expect(PIPEDRIVE_DEAL_STATUS_DEFAULTS).toEqual({
      open: 'open',
      won: 'solved',
      lost: 'closed',
      deleted: 'closed',
    });
    for (const [native, expected] of Object.entries(PIPEDRIVE_DEAL_STATUS_DEFAULTS)) {
      expect(mapPipedriveDeal(deal({ status: native }), ctx).status).toBe(expected);
    }
  });

  it('has no priority whatever the deal says', () => {
    expect(PIPEDRIVE_DEAL_PRIORITY).toBe('none');
    expect(mapPipedriveDeal(openDeal!, context().context).priority).toBe('none');
  });

  it('maps a missing status to open silently, an unknown one to open with one warning', () => {
    const { context: ctx, log } = context();
    expect(mapPipedriveDeal(deal({ status: null }), ctx).status).toBe('open');
    expect(log.lines).toEqual([]);
    expect(mapPipedriveDeal(deal({ status: 'on_hold_unit_test' }), ctx).status).toBe('open');
    expect(mapPipedriveDeal(deal({ status: 'on_hold_unit_test' }), ctx).status).toBe('open');
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ table: 'pipedrive.deal.status', value: 'on_hold_unit_test' }),
      }),
    ]);
  });

  it('lets operators override the table', () => {
    const { context: ctx } = context({ won: 'closed', lost: 'solved' });
    expect(mapPipedriveDeal(wonDeal!, ctx).status).toBe('closed');
    expect(mapPipedriveDeal(lostDeal!, ctx).status).toBe('solved');
    expect(mapPipedriveDeal(openDeal!, ctx).status).toBe('open');
  });

  it('names an untitled deal by its id and omits what it does not know', () => {
    const mapped = mapPipedriveDeal(
      { id: 5, title: '  ', status: 'open', value: null, currency: null, lost_reason: null, add_time: null },
      { appOrigin: undefined, status: context().context.status },
    );
    expect(mapped).toEqual({ id: 'deal-5', subject: 'Deal 5', date: '', status: 'open', priority: 'none' });
  });

  it('formats the value with or without a currency', () => {
    expect(dealDescription(deal({ value: 1234.5, currency: null }))).toBe('1,234.5');
    expect(dealDescription(deal({ value: 0, lost_reason: null }))).toBeUndefined();
  });
});
