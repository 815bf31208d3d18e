import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import { fixture } from './__fixtures__/fake-zendesk.js';
import {
  createZendeskTicketMapper,
  ZENDESK_PRIORITY_MAP,
  ZENDESK_STATUS_MAP,
  type ZendeskTicketMappingOptions,
  zendeskAgentTicketUrl,
} from './map-zendesk-ticket.js';
import { type ZendeskCustomStatus, type ZendeskTicket, zendeskTicketSchema } from './zendesk-api.js';

const ORIGIN = 'https://acme.zendesk.com';
const tickets = fixture<{ results: unknown[] }>('search-tickets.json').results.map((raw) =>
  zendeskTicketSchema.parse(raw),
);
const customStatuses = fixture<{ custom_statuses: ZendeskCustomStatus[] }>(
  'custom-statuses.json',
).custom_statuses;

const base: ZendeskTicket = {
  id: 42,
  subject: 'Printer on fire',
  description: 'The fire is very colorful.',
  status: 'open',
  priority: 'normal',
  created_at: '2024-05-02T10:00:00Z',
};

function mapperWith(options: Partial<ZendeskTicketMappingOptions> = {}) {
  const log = createCaptureLogger();
  const map = createZendeskTicketMapper({ agentOrigin: ORIGIN, log, ...options });
  return { map, log };
}

describe('default status table', () => {
  it.each([
    ['new', 'new'],
    ['open', 'open'],
    ['pending', 'pending'],
    ['hold', 'pending'],
    ['solved', 'solved'],
    ['closed', 'closed'],
  ])('%s → %s', (native, talkdesk) => {
    const { map, log } = mapperWith();
    expect(map({ ...base, status: native }).status).toBe(talkdesk);
    expect(log.lines).toEqual([]);
  });

  it('covers exactly the statuses Zendesk documents', () => {
    expect(Object.keys(ZENDESK_STATUS_MAP).sort()).toEqual(
      ['closed', 'hold', 'new', 'open', 'pending', 'solved'].sort(),
    );
  });

  it('maps a missing status to open, silently', () => {
    const { map, log } = mapperWith();
    expect(map({ ...base, status: null }).status).toBe('open');
    expect(map({ ...base, status: undefined }).status).toBe('open');
    expect(log.lines).toEqual([]);
  });

  it('maps an unknown status to open and logs it once', () => {
    const { map, log } = mapperWith();
    expect(map({ ...base, status: 'archived-x1' }).status).toBe('open');
    expect(map({ ...base, id: 43, status: 'archived-x1' }).status).toBe('open');
    const warnings = log.lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ table: 'zendesk.status', value: 'archived-x1' });
  });
});

describe('default priority table', () => {
  it.each([
    ['urgent', 'urgent'],
    ['high', 'high'],
    ['normal', 'normal'],
    ['low', 'low'],
  ])('%s → %s', (native, talkdesk) => {
    const { map } = mapperWith();
    expect(map({ ...base, priority: native }).priority).toBe(talkdesk);
  });

  it('covers exactly the priorities Zendesk documents', () => {
    expect(Object.keys(ZENDESK_PRIORITY_MAP).sort()).toEqual(['high', 'low', 'normal', 'urgent']);
  });

  it('maps no priority (null or missing) to none, silently', () => {
    const { map, log } = mapperWith();
    expect(map({ ...base, priority: null }).priority).toBe('none');
    expect(map({ ...base, priority: undefined }).priority).toBe('none');
    expect(log.lines).toEqual([]);
  });

  it('maps an unknown priority to none and logs it once', () => {
    const { map, log } = mapperWith();
    expect(map({ ...base, priority: 'critical-x1' }).priority).toBe('none');
    expect(map({ ...base, priority: 'critical-x1' }).priority).toBe('none');
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });
});

describe('operator overrides', () => {
  it('statusMap and priorityMap override native values, case-insensitively', () => {
    const { map } = mapperWith({
      statusMap: { HOLD: 'open', solved: 'closed' },
      priorityMap: { low: 'normal' },
    });
    expect(map({ ...base, status: 'hold' }).status).toBe('open');
    expect(map({ ...base, status: 'solved' }).status).toBe('closed');
    expect(map({ ...base, status: 'pending' }).status).toBe('pending');
    expect(map({ ...base, priority: 'low' }).priority).toBe('normal');
  });

  it('an unknown native value can be mapped by the operator', () => {
    const { map, log } = mapperWith({ statusMap: { 'archived-x2': 'closed' } });
    expect(map({ ...base, status: 'archived-x2' }).status).toBe('closed');
    expect(log.lines).toEqual([]);
  });

  it('a custom status id key wins over the status category', () => {
    const { map } = mapperWith({ statusMap: { '9001': 'new', hold: 'open' } });
    expect(map({ ...base, status: 'hold', custom_status_id: 9001 }).status).toBe('new');
    // Another hold-category status falls back to the native override.
    expect(map({ ...base, status: 'hold', custom_status_id: 9002 }).status).toBe('open');
  });

  it('a custom status label key applies when the custom statuses are loaded', () => {
    const { map } = mapperWith({ statusMap: { 'waiting on vendor': 'open' }, customStatuses });
    expect(map({ ...base, status: 'hold', custom_status_id: 9001 }).status).toBe('open');
    // Without the custom statuses the label cannot be known: the category decides.
    const { map: withoutLabels } = mapperWith({ statusMap: { 'Waiting on vendor': 'open' } });
    expect(withoutLabels({ ...base, status: 'hold', custom_status_id: 9001 }).status).toBe('pending');
  });

  it('a custom status id key wins over its label key', () => {
    const { map } = mapperWith({
      statusMap: { 'Waiting on vendor': 'open', '9001': 'solved' },
      customStatuses,
    });
    expect(map({ ...base, status: 'hold', custom_status_id: 9001 }).status).toBe('solved');
  });

  it('uses the custom status category when the ticket has no status', () => {
    const { map } = mapperWith({ customStatuses });
    expect(map({ ...base, status: null, custom_status_id: 1004 }).status).toBe('solved');
  });
});

describe('fields', () => {
  it('strips HTML from the description, keeping plain text', () => {
    const { map } = mapperWith();
    const mapped = map({
      ...base,
      description: '<p>Hello&nbsp;<b>team</b>,</p><script>alert(1)</script><p>the printer &amp; scanner</p>',
    });
    expect(mapped.description).toBe('Hello team, the printer & scanner');
  });

  it('omits an empty description', () => {
    const { map } = mapperWith();
    expect(map({ ...base, description: '   ' })).not.toHaveProperty('description');
    expect(map({ ...base, description: null })).not.toHaveProperty('description');
  });

  it('falls back from an empty subject to the description, then to the ticket number', () => {
    const { map } = mapperWith();
    expect(map({ ...base, subject: '', description: 'Voicemail: call me back' }).subject).toBe(
      'Voicemail: call me back',
    );
    expect(map({ ...base, subject: null, description: null }).subject).toBe('Ticket #42');
  });

  it('dates a ticket by its creation', () => {
    const { map } = mapperWith();
    expect(map({ ...base, due_at: '2030-01-01T00:00:00Z' }).date).toBe('2024-05-02T10:00:00Z');
  });

  it('dates a task still to do by its due date, a done task by its creation', () => {
    const { map } = mapperWith();
    const task = { ...base, type: 'task', due_at: '2024-05-20T16:00:00Z' };
    expect(map(task).date).toBe('2024-05-20T16:00:00Z');
    expect(map({ ...task, status: 'solved' }).date).toBe('2024-05-02T10:00:00Z');
    expect(map({ ...task, due_at: null }).date).toBe('2024-05-02T10:00:00Z');
  });

  it('links to the ticket in the agent interface, not the API', () => {
    const { map } = mapperWith();
    expect(map(base).url).toBe('https://acme.zendesk.com/agent/tickets/42');
    expect(zendeskAgentTicketUrl(ORIGIN, 35436)).toBe('https://acme.zendesk.com/agent/tickets/35436');
  });

  it('gives no url when the account makes no agent address', () => {
    const { map } = mapperWith({ agentOrigin: undefined });
    expect(map(base)).not.toHaveProperty('url');
  });

  it('maps the fixture tickets', () => {
    const { map } = mapperWith({ statusMap: { 'Waiting on vendor': 'open' }, customStatuses });
    expect(tickets.map(map)).toEqual([
      {
        id: '35442',
        subject: 'Call back about the replacement unit',
        description: 'Customer asked for a call once the replacement ships.',
        date: '2024-05-20T16:00:00Z',
        url: 'https://acme.zendesk.com/agent/tickets/35442',
        status: 'open',
        priority: 'normal',
      },
      {
        id: '35441',
        subject: 'Where is my replacement?',
        description: 'Hi, I was promised a replacement last week. Any news? Thanks, Jane',
        date: '2024-05-04T14:30:00Z',
        url: 'https://acme.zendesk.com/agent/tickets/35441',
        status: 'open',
        priority: 'high',
      },
      {
        id: '35440',
        subject: 'Help, my printer is on fire!',
        description: 'The fire is very colorful.',
        date: '2024-05-02T10:00:00Z',
        url: 'https://acme.zendesk.com/agent/tickets/35440',
        status: 'pending',
        priority: 'urgent',
      },
      {
        id: '35439',
        subject: 'Invoice copy for April',
        description: 'Could you send me a copy of the April invoice?',
        date: '2024-04-18T07:45:00Z',
        url: 'https://acme.zendesk.com/agent/tickets/35439',
        status: 'solved',
        priority: 'low',
      },
      {
        id: '35438',
        subject: 'Voicemail from +1 555-555-0100: please call me back about my order.',
        description: 'Voicemail from +1 555-555-0100: please call me back about my order.',
        date: '2024-03-01T12:00:00Z',
        url: 'https://acme.zendesk.com/agent/tickets/35438',
        status: 'closed',
        priority: 'none',
      },
      {
        id: '35437',
        subject: 'Setting up my account',
        description: 'How do I add a second user to my account?',
        date: '2024-02-11T09:30:00Z',
        url: 'https://acme.zendesk.com/agent/tickets/35437',
        status: 'new',
        priority: 'none',
      },
    ]);
  });
});
