import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import calls from './__fixtures__/calls.json' with { type: 'json' };
import events from './__fixtures__/events.json' with { type: 'json' };
import {
  createZohoCallMapper,
  createZohoEventMapper,
  ZOHO_ACTIVITY_PRIORITY,
  ZOHO_ACTIVITY_STATUS_MAP,
} from './map-zoho-crm-activity.js';
import { zohoCallSchema, zohoEventSchema } from './zoho-crm-api.js';
import type { ZohoMappingOptions } from './zoho-crm-mapping.js';
import { zohoWebLinks } from './zoho-crm-web.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function options(overrides: Partial<ZohoMappingOptions> = {}): ZohoMappingOptions {
  return {
    links: zohoWebLinks('https://www.zohoapis.com.au'),
    log: createCaptureLogger(),
    now: NOW,
    ...overrides,
  };
}

const call = (record: unknown, overrides: Partial<ZohoMappingOptions> = {}) =>
  createZohoCallMapper(options(overrides))(zohoCallSchema.parse(record));
const event = (record: unknown, overrides: Partial<ZohoMappingOptions> = {}) =>
  createZohoEventMapper(options(overrides))(zohoEventSchema.parse(record));

describe('mapZohoCall', () => {
  it('maps a past call: dated at its start, closed, type and duration in the description', () => {
    expect(call(calls.data[0])).toEqual({
      id: 'call-3652397000000680001',
      subject: 'Follow-up on the printer case',
      description: 'Outbound call, 04:12. Walked through the reset steps.',
      date: '2025-03-03T16:00:00+01:00',
      url: 'https://crm.zoho.com.au/crm/tab/Calls/3652397000000680001',
      status: 'closed',
      priority: 'none',
    });
  });

  it('a scheduled call is a future item: open, dated when it will start', () => {
    const mapped = call(calls.data[1]);
    expect(mapped.status).toBe('open');
    expect(mapped.date).toBe('2099-01-15T15:30:00+00:00');
    expect(mapped.description).toBe('Outbound call.');
  });

  it('without a subject the call type names it; without a start, the created date dates it', () => {
    const mapped = call({ ...calls.data[2]!, Call_Start_Time: null });
    expect(mapped.subject).toBe('Inbound call');
    expect(mapped.date).toBe('2025-01-09T10:03:00-06:00');
    expect(mapped.status).toBe('closed');
    expect(call({ id: '1', Call_Duration: '01:00' })).toMatchObject({
      subject: 'Call',
      description: 'Duration 01:00.',
    });
    expect(call({ id: '2' })).not.toHaveProperty('description');
  });

  it('the derived states map through the documented table, which operators override', () => {
    expect(ZOHO_ACTIVITY_STATUS_MAP).toEqual({ Scheduled: 'open', Completed: 'closed' });
    expect(ZOHO_ACTIVITY_PRIORITY).toBe('none');
    expect(call(calls.data[1], { statusMap: { Scheduled: 'pending' } }).status).toBe('pending');
    expect(call(calls.data[0], { statusMap: { completed: 'solved' } }).status).toBe('solved');
  });
});

describe('mapZohoEvent', () => {
  it('maps a future meeting: dated at its start, open, venue and agenda as plain text', () => {
    expect(event(events.data[0])).toEqual({
      id: 'event-3652397000000690001',
      subject: 'Enterprise plan walkthrough',
      description: 'At Zylker HQ. Agenda: pricing migration',
      date: '2099-02-03T09:00:00+01:00',
      url: 'https://crm.zoho.com.au/crm/tab/Events/3652397000000690001',
      status: 'open',
      priority: 'none',
    });
  });

  it('a past meeting is closed; a meeting under way (ends later) is still open', () => {
    expect(event(events.data[1]).status).toBe('closed');
    expect(
      event({
        ...events.data[1]!,
        Start_DateTime: '2025-06-01T11:30:00Z',
        End_DateTime: '2025-06-01T12:30:00Z',
      }).status,
    ).toBe('open');
  });

  it('missing title and times: "Meeting", dated when created', () => {
    const mapped = event({ id: '5', Created_Time: '2025-01-01T00:00:00Z' });
    expect(mapped).toMatchObject({ subject: 'Meeting', date: '2025-01-01T00:00:00Z', status: 'closed' });
    expect(mapped).not.toHaveProperty('description');
  });
});
