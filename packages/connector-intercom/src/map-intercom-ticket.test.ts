import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import ticketsSearch from './__fixtures__/tickets-search.json' with { type: 'json' };
import { type IntercomTicket, intercomTicketListSchema } from './intercom-api.js';
import { intercomAgentLinks } from './intercom-regions.js';
import {
  INTERCOM_TICKET_PRIORITY,
  INTERCOM_TICKET_STATUS,
  mapIntercomTicket,
  ticketStatusMapper,
} from './map-intercom-ticket.js';

const links = intercomAgentLinks('us', 'ecahpwf5');
const fixtures = intercomTicketListSchema.parse(ticketsSearch).tickets ?? [];
const base: IntercomTicket = {
  id: '700',
  ticket_id: '12',
  ticket_attributes: { _default_title_: 'Broken export', _default_description_: '<p>It fails</p>' },
  ticket_state: { category: 'submitted', internal_label: 'Submitted' },
  ticket_type: { name: 'Bug report' },
  created_at: 1734537990,
};
const map = (ticket: Partial<IntercomTicket>, status = ticketStatusMapper({ log: createCaptureLogger() })) =>
  mapIntercomTicket({ ...base, ...ticket }, status, links);

describe('mapIntercomTicket', () => {
  it('maps the fixture tickets: title, plain-text description, state category, Inbox link', () => {
    const status = ticketStatusMapper({ log: createCaptureLogger() });
    expect(fixtures.map((ticket) => mapIntercomTicket(ticket, status, links))).toEqual([
      {
        id: 'ticket-633',
        subject: 'Card declined at checkout',
        description: "The customer's Visa card is declined on every attempt.",
        date: 1734537990000,
        url: 'https://app.intercom.com/a/inbox/ecahpwf5/inbox/conversation/633',
        status: 'open',
        priority: 'none',
      },
      {
        id: 'ticket-611',
        subject: 'Refund request #22',
        date: 1734537732000,
        url: 'https://app.intercom.com/a/inbox/ecahpwf5/inbox/conversation/611',
        status: 'solved',
        priority: 'none',
      },
    ]);
  });

  it.each(Object.entries(INTERCOM_TICKET_STATUS))('maps state category %s to %s', (category, status) => {
    expect(map({ ticket_state: { category, internal_label: 'Custom label' } }).status).toBe(status);
  });

  it('covers every ticket state category Intercom documents', () => {
    expect(Object.keys(INTERCOM_TICKET_STATUS).sort()).toEqual([
      'in_progress',
      'resolved',
      'submitted',
      'waiting_on_customer',
    ]);
  });

  it('reads a ticket_state given as text (API versions before 2.10)', () => {
    expect(map({ ticket_state: 'waiting_on_customer' }).status).toBe('pending');
  });

  it('has no native priority: every ticket is "none"', () => {
    expect(INTERCOM_TICKET_PRIORITY).toBe('none');
    expect(map({}).priority).toBe('none');
  });

  it('maps a missing state to open without logging', () => {
    const log = createCaptureLogger();
    const status = ticketStatusMapper({ log });
    expect(map({ ticket_state: null }, status).status).toBe('open');
    expect(map({ ticket_state: { category: null } }, status).status).toBe('open');
    expect(log.lines).toEqual([]);
  });

  it('maps an unknown category to open and logs it once', () => {
    const log = createCaptureLogger();
    const status = ticketStatusMapper({ log });
    expect(map({ ticket_state: { category: 'on_hold_t1' } }, status).status).toBe('open');
    expect(map({ ticket_state: { category: 'on_hold_t1' } }, status).status).toBe('open');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]?.fields).toMatchObject({ table: 'intercom.ticket.state', value: 'on_hold_t1' });
  });

  it("applies the operator's statusMap over the defaults", () => {
    const status = ticketStatusMapper({
      statusMap: { in_progress: 'pending', resolved: 'closed' },
      log: createCaptureLogger(),
    });
    expect(map({ ticket_state: { category: 'in_progress' } }, status).status).toBe('pending');
    expect(map({ ticket_state: { category: 'resolved' } }, status).status).toBe('closed');
    expect(map({ ticket_state: { category: 'submitted' } }, status).status).toBe('new');
  });

  it('falls back to the ticket type and number, then the number, when there is no title', () => {
    expect(map({ ticket_attributes: { _default_title_: null } }).subject).toBe('Bug report #12');
    expect(map({ ticket_attributes: null, ticket_type: null }).subject).toBe('Ticket #12');
    expect(map({ ticket_attributes: {}, ticket_type: null, ticket_id: null }).subject).toBe('Ticket #700');
  });

  it('strips HTML from the description', () => {
    expect(
      map({ ticket_attributes: { _default_description_: '<ul><li>one</li><li>two &amp; three</li></ul>' } })
        .description,
    ).toBe('one two & three');
  });

  it('dates the ticket by its creation time', () => {
    expect(map({ created_at: 1700000001 }).date).toBe(1700000001000);
  });

  it('links to the ticket in the Inbox, or not at all without a workspace id', () => {
    const status = ticketStatusMapper({ log: createCaptureLogger() });
    expect(mapIntercomTicket(base, status, intercomAgentLinks('eu', 'w9')).url).toBe(
      'https://app.eu.intercom.com/a/inbox/w9/inbox/conversation/700',
    );
    expect(mapIntercomTicket(base, status, intercomAgentLinks('us', undefined))).not.toHaveProperty('url');
  });
});
