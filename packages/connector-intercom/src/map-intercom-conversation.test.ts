import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import conversationsSearch from './__fixtures__/conversations-search.json' with { type: 'json' };
import { type IntercomConversation, intercomConversationListSchema } from './intercom-api.js';
import { intercomAgentLinks } from './intercom-regions.js';
import {
  conversationMappers,
  INTERCOM_CONVERSATION_PRIORITY,
  INTERCOM_CONVERSATION_STATUS,
  mapIntercomConversation,
} from './map-intercom-conversation.js';

const links = intercomAgentLinks('us', 'ecahpwf5');
const fixtures = intercomConversationListSchema.parse(conversationsSearch).conversations ?? [];
const base: IntercomConversation = {
  id: '900',
  title: 'Question',
  created_at: 1734537546,
  state: 'open',
  priority: 'not_priority',
  source: { subject: '', body: '<p>Hello</p>' },
};
const map = (
  conversation: Partial<IntercomConversation>,
  mappers = conversationMappers({ log: createCaptureLogger() }),
) => mapIntercomConversation({ ...base, ...conversation }, mappers, links);

describe('mapIntercomConversation', () => {
  it('maps the fixture conversations with prefixed ids, plain-text descriptions and Inbox links', () => {
    const mappers = conversationMappers({ log: createCaptureLogger() });
    expect(fixtures.map((conversation) => mapIntercomConversation(conversation, mappers, links))).toEqual([
      {
        id: 'conversation-517',
        subject: 'Refund for order #1042',
        description: 'Hi, I was charged twice for order #1042. Can you refund one?',
        date: 1734710400000,
        url: 'https://app.intercom.com/a/inbox/ecahpwf5/inbox/conversation/517',
        status: 'open',
        priority: 'high',
      },
      {
        id: 'conversation-516',
        subject: 'Invoice export',
        description: 'How do I export my invoices & receipts?',
        date: 1734624000000,
        url: 'https://app.intercom.com/a/inbox/ecahpwf5/inbox/conversation/516',
        status: 'pending',
        priority: 'normal',
      },
      {
        id: 'conversation-515',
        subject: 'this is the message body',
        description: 'this is the message body',
        date: 1734537546000,
        url: 'https://app.intercom.com/a/inbox/ecahpwf5/inbox/conversation/515',
        status: 'closed',
        priority: 'normal',
      },
    ]);
  });

  it.each(Object.entries(INTERCOM_CONVERSATION_STATUS))('maps state %s to %s', (state, status) => {
    expect(map({ state }).status).toBe(status);
  });

  it('covers every conversation state Intercom documents', () => {
    expect(Object.keys(INTERCOM_CONVERSATION_STATUS).sort()).toEqual(['closed', 'open', 'snoozed']);
  });

  it.each(Object.entries(INTERCOM_CONVERSATION_PRIORITY))('maps priority %s to %s', (priority, expected) => {
    expect(map({ priority }).priority).toBe(expected);
  });

  it('maps a missing state to open and a missing priority to normal, without logging', () => {
    const log = createCaptureLogger();
    const mapped = map({ state: null, priority: undefined }, conversationMappers({ log }));
    expect(mapped.status).toBe('open');
    expect(mapped.priority).toBe('normal');
    expect(log.lines).toEqual([]);
  });

  it('maps unknown values to the defaults and logs each once', () => {
    const log = createCaptureLogger();
    const mappers = conversationMappers({ log });
    for (let i = 0; i < 3; i += 1) {
      const mapped = map({ state: 'escalated-x1', priority: 'p0-x1' }, mappers);
      expect(mapped.status).toBe('open');
      expect(mapped.priority).toBe('normal');
    }
    expect(log.lines.filter((line) => line.level === 'warn').map((line) => line.fields.value)).toEqual([
      'escalated-x1',
      'p0-x1',
    ]);
  });

  it("applies the operator's statusMap and priorityMap over the defaults", () => {
    const mappers = conversationMappers({
      statusMap: { snoozed: 'open', closed: 'solved' },
      priorityMap: { priority: 'urgent', not_priority: 'low' },
      log: createCaptureLogger(),
    });
    expect(map({ state: 'snoozed', priority: 'priority' }, mappers)).toMatchObject({
      status: 'open',
      priority: 'urgent',
    });
    expect(map({ state: 'closed', priority: 'not_priority' }, mappers)).toMatchObject({
      status: 'solved',
      priority: 'low',
    });
    expect(map({ state: 'open' }, mappers).status).toBe('open');
  });

  it('takes the subject from the title, else the email subject, else the first words of the message', () => {
    expect(map({ title: 'Billing <b>question</b>' }).subject).toBe('Billing question');
    expect(map({ title: null, source: { subject: '<p>Re: invoice</p>', body: '<p>x</p>' } }).subject).toBe(
      'Re: invoice',
    );
    const long = `<div>${'word '.repeat(40)}</div>`;
    const fromBody = map({ title: '', source: { subject: '', body: long } }).subject;
    expect(fromBody.length).toBeLessThanOrEqual(80);
    expect(fromBody).toMatch(/^word word .*…$/);
    expect(map({ title: null, source: null }).subject).toBe('Conversation 900');
  });

  it('strips HTML from the description and leaves it out when nothing is left', () => {
    const mapped = map({
      source: { body: '<p>Line one<br>line&nbsp;two</p><script>alert(1)</script><img src="x.png">' },
    });
    expect(mapped.description).toBe('Line one line two');
    expect(map({ source: { body: '<img src="x.png">' } })).not.toHaveProperty('description');
  });

  it('dates the conversation by its creation time (Unix seconds → ms); a missing time is not a date', () => {
    expect(map({ created_at: 1700000000 }).date).toBe(1700000000000);
    expect(Number.isNaN(map({ created_at: null }).date)).toBe(true);
  });

  it('links to the conversation in the Inbox of the region, or not at all without a workspace id', () => {
    const eu = mapIntercomConversation(
      base,
      conversationMappers({ log: createCaptureLogger() }),
      intercomAgentLinks('eu', 'abc 1'),
    );
    expect(eu.url).toBe('https://app.eu.intercom.com/a/inbox/abc%201/inbox/conversation/900');
    const au = mapIntercomConversation(
      base,
      conversationMappers({ log: createCaptureLogger() }),
      intercomAgentLinks('au', 'w1'),
    );
    expect(au.url).toBe('https://app.au.intercom.com/a/inbox/w1/inbox/conversation/900');
    const none = mapIntercomConversation(
      base,
      conversationMappers({ log: createCaptureLogger() }),
      intercomAgentLinks('us', null),
    );
    expect(none).not.toHaveProperty('url');
  });
});
