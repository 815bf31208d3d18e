import { silentLogger } from '@talkbridge/core';
import { describe, expect, it } from 'vitest';
import { create__Name__Mappers, map__Name__Ticket } from './map-__id__-ticket.js';

const mapping = { ...create__Name__Mappers({ log: silentLogger }), agentOrigin: 'https://acme.__id__.example.com' };

describe('map__Name__Ticket', () => {
  it('maps a ticket to a Talkdesk interaction', () => {
    expect(
      map__Name__Ticket(
        { id: 7, subject: ' Refund ', description: '<p>Hello</p>', status: 'pending', priority: 'urgent', created_at: '2026-01-05T09:00:00Z' },
        mapping,
      ),
    ).toEqual({
      id: '7',
      subject: 'Refund',
      description: 'Hello',
      date: '2026-01-05T09:00:00Z',
      url: 'https://acme.__id__.example.com/tickets/7',
      status: 'pending',
      priority: 'urgent',
    });
  });

  it('names a ticket without a subject, and maps unknown values to the fallbacks', () => {
    const mapped = map__Name__Ticket({ id: 8, status: 'on-hold', priority: null }, mapping);
    expect(mapped.subject).toBe('__DISPLAY__ ticket #8');
    expect(mapped.status).toBe('open');
    expect(mapped.priority).toBe('none');
    expect(mapped).not.toHaveProperty('description');
  });
});
