import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import events from './__fixtures__/events.json' with { type: 'json' };
import { createEventMapping, EVENT_STATUS_DEFAULTS, mapSalesforceEvent } from './map-salesforce-event.js';
import { eventRecordSchema } from './salesforce-api.js';
import type { ValueOverrides } from './salesforce-value-maps.js';

const AGENT = 'https://acme.my.salesforce.com';
const fixture = (id: string) => {
  const record = events.records.find((candidate) => candidate.Id === id);
  if (!record) throw new Error(`no fixture event ${id}`);
  return eventRecordSchema.parse(record);
};
// Between the two fixture events: the discovery call is over, the onboarding review is still to come.
const NOW = Date.parse('2025-03-15T12:00:00Z');
const mappingWith = (overrides: ValueOverrides = {}, agentOrigin: string | null = AGENT) => {
  const log = createCaptureLogger();
  return {
    log,
    mapping: createEventMapping({ log, overrides, agentOrigin: agentOrigin ?? undefined, now: NOW }),
  };
};

describe('mapSalesforceEvent', () => {
  it('maps an upcoming event: dated when it starts, open, no priority, Lightning url', () => {
    const { mapping } = mappingWith();
    expect(mapSalesforceEvent(fixture('00UDn00000Fh2XyUAJ'), mapping)).toEqual({
      id: '00UDn00000Fh2XyUAJ',
      subject: 'Onboarding review',
      description: 'Walk through the new returns portal.',
      date: '2025-03-18T16:00:00.000+0000',
      url: 'https://acme.my.salesforce.com/lightning/r/Event/00UDn00000Fh2XyUAJ/view',
      status: 'open',
      priority: 'none',
    });
  });

  it('maps an event that has ended to closed', () => {
    const { mapping } = mappingWith();
    const mapped = mapSalesforceEvent(fixture('00UDn00000Fh2XzUAJ'), mapping);
    expect(mapped.status).toBe('closed');
    expect(mapped).not.toHaveProperty('description');
  });

  it('keeps an event under way open (started, not ended)', () => {
    const { mapping } = mappingWith();
    const mapped = mapSalesforceEvent(
      {
        Id: '00UDn00000Fh2Y0UAJ',
        Subject: 'Long workshop',
        StartDateTime: '2025-03-15T09:00:00.000+0000',
        EndDateTime: '2025-03-15T17:00:00.000+0000',
      },
      mapping,
    );
    expect(mapped.status).toBe('open');
  });

  it('dates an event without StartDateTime by its day, and names one without subject', () => {
    const { mapping } = mappingWith({}, null);
    const mapped = mapSalesforceEvent(
      { Id: '00UDn00000Fh2Y1UAJ', Subject: null, StartDateTime: null, ActivityDate: '2025-04-02' },
      mapping,
    );
    expect(mapped.date).toBe('2025-04-02');
    expect(mapped.subject).toBe('Salesforce event');
    expect(mapped.status).toBe('open');
    expect(mapped).not.toHaveProperty('url');
  });

  it.each(Object.entries(EVENT_STATUS_DEFAULTS))('maps %s to %s', (timing, expected) => {
    const { mapping, log } = mappingWith();
    expect(mapping.status(timing)).toBe(expected);
    expect(log.lines).toHaveLength(0);
  });

  it('lets the operator remap past events', () => {
    const { mapping } = mappingWith({ statusMap: { 'past event': 'solved' } });
    expect(mapSalesforceEvent(fixture('00UDn00000Fh2XzUAJ'), mapping).status).toBe('solved');
  });
});
