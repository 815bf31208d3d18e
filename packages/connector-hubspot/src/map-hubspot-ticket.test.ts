import type { InteractionPriority, InteractionStatus } from '@talkbridge/core';
import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import pipelines from './__fixtures__/ticket-pipelines.json' with { type: 'json' };
import tickets from './__fixtures__/tickets.json' with { type: 'json' };
import type { HubspotObject } from './hubspot-api.js';
import type { HubspotPortal } from './hubspot-links.js';
import {
  createTicketValueMappers,
  HUBSPOT_TICKET_PRIORITY,
  HUBSPOT_TICKET_STAGE_STATUS,
  mapHubspotTicket,
  ticketStagesFrom,
} from './map-hubspot-ticket.js';

const portal: HubspotPortal = { portalId: '7654321', uiDomain: 'app.hubspot.com' };
const stages = ticketStagesFrom(pipelines);

function setup(
  settings: {
    statusMap?: Record<string, InteractionStatus>;
    priorityMap?: Record<string, InteractionPriority>;
  } = {},
) {
  const log = createCaptureLogger();
  const values = createTicketValueMappers(settings, log);
  const map = (properties: Record<string, unknown>, extra: Partial<HubspotObject> = {}) =>
    mapHubspotTicket(
      { id: '501', properties: { createdate: '2025-03-04T15:20:11.437Z', ...properties }, ...extra },
      { stages, values, portal },
    );
  return { log, map, warnings: () => log.lines.filter((line) => line.level === 'warn') };
}

describe('mapHubspotTicket', () => {
  it('maps the fixture ticket: prefixed id, subject, plain-text description, created date, record url', () => {
    const { map } = setup();
    const fixture = tickets.results[0]!;
    expect(map(fixture.properties, { id: fixture.id })).toEqual({
      id: 'ticket-1876543201',
      subject: 'Wrong VAT number on invoice',
      description: 'The invoice for March shows the wrong VAT number. Please correct it & resend.',
      date: '2025-03-04T15:20:11.437Z',
      url: 'https://app.hubspot.com/contacts/7654321/record/0-5/1876543201',
      status: 'new',
      priority: 'high',
    });
  });

  it.each(Object.entries({ '1': 'New', '2': 'Waiting on contact', '3': 'Waiting on us', '4': 'Closed' }))(
    'maps default stage %s (%s) through the default table',
    (stageId, label) => {
      const { map, warnings } = setup();
      const expected = HUBSPOT_TICKET_STAGE_STATUS[label as keyof typeof HUBSPOT_TICKET_STAGE_STATUS];
      expect(map({ hs_pipeline: '0', hs_pipeline_stage: stageId }).status).toBe(expected);
      expect(warnings()).toEqual([]);
    },
  );

  it('covers every label of the default stage table', () => {
    expect(HUBSPOT_TICKET_STAGE_STATUS).toEqual({
      New: 'new',
      'Waiting on contact': 'pending',
      'Waiting on us': 'open',
      Closed: 'closed',
    });
  });

  it('treats a stage HubSpot marks closed as closed, whatever its label, without logging', () => {
    const { map, warnings } = setup();
    expect(map({ hs_pipeline: '812723471', hs_pipeline_stage: '1234914' }).status).toBe('closed');
    const legacy = ticketStagesFrom({
      results: [{ id: '9', stages: [{ id: '90', label: 'Archived', metadata: { isClosed: 'true' } }] }],
    });
    expect(legacy.find('9', '90')).toEqual({ id: '90', label: 'Archived', closed: true });
    expect(warnings()).toEqual([]);
  });

  it('maps an open stage with a label outside the table to open, logged once', () => {
    const { map, warnings } = setup();
    expect(map({ hs_pipeline: '812723471', hs_pipeline_stage: '1234913' }).status).toBe('open');
    expect(map({ hs_pipeline: '812723471', hs_pipeline_stage: '1234913' }).status).toBe('open');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.fields).toMatchObject({ value: 'Waiting on billing', mapped_to: 'open' });
  });

  it('maps a stage the pipelines do not list by its id: open, logged', () => {
    const { map, warnings } = setup();
    expect(map({ hs_pipeline: '0', hs_pipeline_stage: '77777' }).status).toBe('open');
    expect(warnings()[0]?.fields).toMatchObject({ table: 'hubspot.ticket.stage', value: '77777' });
  });

  it('maps a ticket without a stage to open, silently', () => {
    const { map, warnings } = setup();
    expect(map({ hs_pipeline_stage: null }).status).toBe('open');
    expect(warnings()).toEqual([]);
  });

  it('lets operators override by stage label and by stage id, closed stages included', () => {
    const { map } = setup({
      statusMap: { 'waiting on billing': 'pending', '1234914': 'solved', '4': 'solved' },
    });
    expect(map({ hs_pipeline: '812723471', hs_pipeline_stage: '1234913' }).status).toBe('pending');
    expect(map({ hs_pipeline: '812723471', hs_pipeline_stage: '1234914' }).status).toBe('solved');
    expect(map({ hs_pipeline: '0', hs_pipeline_stage: '4' }).status).toBe('solved');
    expect(map({ hs_pipeline: '0', hs_pipeline_stage: '2' }).status).toBe('pending');
  });

  it('prefers the stage of the ticket’s own pipeline when two pipelines share a stage id', () => {
    const shared = ticketStagesFrom({
      results: [
        { id: 'a', stages: [{ id: '5', label: 'New', metadata: { ticketState: 'OPEN' } }] },
        { id: 'b', stages: [{ id: '5', label: 'Done', metadata: { ticketState: 'CLOSED' } }] },
      ],
    });
    expect(shared.find('b', '5')?.closed).toBe(true);
    expect(shared.find('a', '5')?.closed).toBe(false);
    expect(shared.find(undefined, '5')?.label).toBe('New');
  });

  it.each(Object.entries(HUBSPOT_TICKET_PRIORITY))('maps priority %s to %s', (native, expected) => {
    const { map } = setup();
    expect(map({ hs_ticket_priority: native }).priority).toBe(expected);
  });

  it('maps a missing priority to none, silently, and an unknown one to none, logged once', () => {
    const { map, warnings } = setup();
    expect(map({ hs_ticket_priority: null }).priority).toBe('none');
    expect(map({}).priority).toBe('none');
    expect(warnings()).toEqual([]);
    expect(map({ hs_ticket_priority: 'CRITICAL' }).priority).toBe('none');
    expect(map({ hs_ticket_priority: 'CRITICAL' }).priority).toBe('none');
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.fields).toMatchObject({ table: 'hubspot.ticket.priority', value: 'CRITICAL' });
  });

  it('lets operators override priorities', () => {
    const { map } = setup({ priorityMap: { HIGH: 'urgent', P1: 'urgent' } });
    expect(map({ hs_ticket_priority: 'HIGH' }).priority).toBe('urgent');
    expect(map({ hs_ticket_priority: 'P1' }).priority).toBe('urgent');
    expect(map({ hs_ticket_priority: 'LOW' }).priority).toBe('low');
  });

  it('falls back to the record’s createdAt, and reads epoch-millisecond dates', () => {
    const { map } = setup();
    expect(map({ createdate: null }, { createdAt: '2025-01-02T03:04:05.000Z' }).date).toBe(
      '2025-01-02T03:04:05.000Z',
    );
    expect(map({ createdate: '1735787045000' }).date).toBe(1735787045000);
  });

  it('names a ticket without subject by its id and leaves out an empty description', () => {
    const { map } = setup();
    const mapped = map({ subject: '  ', content: '<p> </p>' });
    expect(mapped.subject).toBe('Ticket #501');
    expect(mapped).not.toHaveProperty('description');
  });

  it('links to the portal’s own UI domain and has no url without portal details', () => {
    const log = createCaptureLogger();
    const values = createTicketValueMappers({}, log);
    const record = { id: '77', properties: { createdate: '2025-03-04T15:20:11Z' } };
    const eu = mapHubspotTicket(record, {
      stages,
      values,
      portal: { portalId: '26693160', uiDomain: 'app-eu1.hubspot.com' },
    });
    expect(eu.url).toBe('https://app-eu1.hubspot.com/contacts/26693160/record/0-5/77');
    expect(mapHubspotTicket(record, { stages, values, portal: undefined })).not.toHaveProperty('url');
  });
});
