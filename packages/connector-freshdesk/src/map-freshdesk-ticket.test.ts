import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import { fixtureTickets } from './__fixtures__/fake-freshdesk.js';
import { type FreshdeskTicket, freshdeskTicketListSchema } from './freshdesk-api.js';
import {
  createFreshdeskMappers,
  FRESHDESK_PRIORITY_MAP,
  FRESHDESK_STATUS_MAP,
  freshdeskTicketUrl,
  mapFreshdeskTicket,
} from './map-freshdesk-ticket.js';

const AGENT_ORIGIN = 'https://acme.freshdesk.com';
const tickets = freshdeskTicketListSchema.parse(fixtureTickets());
const damagedOrder = tickets.find((ticket) => ticket.id === 20) as FreshdeskTicket;

/** The default tables, logging into a fresh capture. */
function mapper() {
  const log = createCaptureLogger();
  return { log, mapping: { agentOrigin: AGENT_ORIGIN, ...createFreshdeskMappers({ log }) } };
}

const ticket = (fields: Partial<FreshdeskTicket>): FreshdeskTicket => ({ ...damagedOrder, ...fields });

describe('mapFreshdeskTicket', () => {
  it('maps a fixture ticket: subject, plain-text description, created date, agent URL', () => {
    const { mapping } = mapper();
    expect(mapFreshdeskTicket(damagedOrder, mapping)).toEqual({
      id: '20',
      subject: 'Order #1042 arrived damaged',
      description:
        'Hi team, The parcel for order #1042 arrived with a crushed corner & the lamp inside is broken. Emily',
      date: '2025-03-02T10:38:00Z',
      url: 'https://acme.freshdesk.com/a/tickets/20',
      status: 'open',
      priority: 'high',
    });
  });

  it.each([
    ['2', 'open'],
    ['3', 'pending'],
    ['4', 'solved'],
    ['5', 'closed'],
  ] as const)('maps the built-in status %s to %s', (status, expected) => {
    const { mapping, log } = mapper();
    expect(mapFreshdeskTicket(ticket({ status: Number(status) }), mapping).status).toBe(expected);
    expect(log.lines).toHaveLength(0);
  });

  it.each([
    ['1', 'low'],
    ['2', 'normal'],
    ['3', 'high'],
    ['4', 'urgent'],
  ] as const)('maps the priority %s to %s', (priority, expected) => {
    const { mapping, log } = mapper();
    expect(mapFreshdeskTicket(ticket({ priority: Number(priority) }), mapping).priority).toBe(expected);
    expect(log.lines).toHaveLength(0);
  });

  it('covers every value of the default tables in the tests above', () => {
    expect(Object.keys(FRESHDESK_STATUS_MAP).sort()).toEqual(['2', '3', '4', '5']);
    expect(Object.keys(FRESHDESK_PRIORITY_MAP).sort()).toEqual(['1', '2', '3', '4']);
  });

  it('maps a missing status to open and a missing priority to none, silently', () => {
    const { mapping, log } = mapper();
    const mapped = mapFreshdeskTicket(ticket({ status: null, priority: undefined }), mapping);
    expect(mapped).toMatchObject({ status: 'open', priority: 'none' });
    expect(log.lines).toHaveLength(0);
  });

  it('maps a custom status (6+) to open and logs it once, never throwing', () => {
    const { mapping, log } = mapper();
    const custom = ticket({ status: 16_000_000_042 });
    expect(mapFreshdeskTicket(custom, mapping).status).toBe('open');
    expect(mapFreshdeskTicket(custom, mapping).status).toBe('open');
    const warnings = log.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({
      table: 'freshdesk.status',
      value: '16000000042',
      mapped_to: 'open',
    });
  });

  it('maps an unknown priority to none and logs it once', () => {
    const { mapping, log } = mapper();
    const odd = ticket({ priority: 9 });
    expect(mapFreshdeskTicket(odd, mapping).priority).toBe('none');
    expect(mapFreshdeskTicket(odd, mapping).priority).toBe('none');
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('lets the operator map custom statuses and re-map priorities (keys are the numbers as text)', () => {
    const log = createCaptureLogger();
    const mapping = {
      agentOrigin: AGENT_ORIGIN,
      ...createFreshdeskMappers({
        statusMap: { '6': 'pending', '4': 'closed' },
        priorityMap: { '1': 'normal' },
        log,
      }),
    };
    expect(mapFreshdeskTicket(ticket({ status: 6 }), mapping).status).toBe('pending');
    expect(mapFreshdeskTicket(ticket({ status: 4 }), mapping).status).toBe('closed');
    expect(mapFreshdeskTicket(ticket({ status: 3 }), mapping).status).toBe('pending');
    expect(mapFreshdeskTicket(ticket({ priority: 1 }), mapping).priority).toBe('normal');
    expect(mapFreshdeskTicket(ticket({ priority: 4 }), mapping).priority).toBe('urgent');
    expect(log.lines).toHaveLength(0);
  });

  it('strips HTML, scripts and entities from the description', () => {
    const { mapping } = mapper();
    const mapped = mapFreshdeskTicket(
      ticket({
        description: '<p>Line one</p><script>alert(1)</script><p>Tom &amp; Jerry&nbsp;&lt;3</p>',
        description_text: null,
      }),
      mapping,
    );
    expect(mapped.description).toBe('Line one Tom & Jerry <3');
  });

  it('falls back to description_text, and leaves description out when there is none', () => {
    const { mapping } = mapper();
    expect(
      mapFreshdeskTicket(ticket({ description: null, description_text: 'Plain\n\ntext' }), mapping)
        .description,
    ).toBe('Plain text');
    const bare = mapFreshdeskTicket(ticket({ description: undefined, description_text: '  ' }), mapping);
    expect(bare).not.toHaveProperty('description');
  });

  it('dates a ticket by its creation, not its update or SLA due date', () => {
    const { mapping } = mapper();
    const mapped = mapFreshdeskTicket(ticket({ created_at: '2024-01-02T03:04:05Z' }), mapping);
    expect(mapped.date).toBe('2024-01-02T03:04:05Z');
  });

  it('names a ticket without a subject by its number', () => {
    const { mapping } = mapper();
    expect(mapFreshdeskTicket(ticket({ subject: '   ' }), mapping).subject).toBe('Freshdesk ticket #20');
    expect(mapFreshdeskTicket(ticket({ subject: null }), mapping).subject).toBe('Freshdesk ticket #20');
  });

  it('links to the agent UI ticket page on the account (or the operator’s origin)', () => {
    expect(freshdeskTicketUrl('https://acme.freshdesk.com', 20)).toBe(
      'https://acme.freshdesk.com/a/tickets/20',
    );
    expect(freshdeskTicketUrl('http://127.0.0.1:8080/', '7')).toBe('http://127.0.0.1:8080/a/tickets/7');
    const { mapping } = mapper();
    expect(mapFreshdeskTicket(ticket({ id: 1234 }), mapping).url).toBe(
      'https://acme.freshdesk.com/a/tickets/1234',
    );
  });
});
