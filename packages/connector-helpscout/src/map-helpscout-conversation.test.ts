import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import conversationsFixture from './__fixtures__/conversations.json' with { type: 'json' };
import { type HelpScoutConversation, helpScoutConversationListSchema } from './helpscout-api.js';
import {
  createHelpScoutStatusMapper,
  HELPSCOUT_PRIORITY,
  HELPSCOUT_STATUS_MAP,
  helpScoutConversationUrl,
  isHiddenConversation,
  mapHelpScoutConversation,
} from './map-helpscout-conversation.js';

const fixtures = helpScoutConversationListSchema.parse(conversationsFixture)._embedded?.conversations ?? [];
const fixture = (number: number): HelpScoutConversation => {
  const found = fixtures.find((conversation) => conversation.number === number);
  if (!found) throw new Error(`no fixture #${number}`);
  return found;
};

const conversation = (overrides: Partial<HelpScoutConversation> = {}): HelpScoutConversation => ({
  id: '501',
  number: 77,
  type: 'email',
  status: 'active',
  subject: 'Question',
  preview: 'Hello',
  createdAt: '2024-01-02T03:04:05Z',
  ...overrides,
});

const defaultMapper = () => createHelpScoutStatusMapper(undefined, createCaptureLogger());

describe('HELPSCOUT_STATUS_MAP (the default table)', () => {
  it('is exactly active→open, pending→pending, closed→closed', () => {
    expect(HELPSCOUT_STATUS_MAP).toEqual({ active: 'open', pending: 'pending', closed: 'closed' });
  });

  it.each([
    ['active', 'open'],
    ['pending', 'pending'],
    ['closed', 'closed'],
  ] as const)('maps %s to %s', (native, expected) => {
    expect(mapHelpScoutConversation(conversation({ status: native }), defaultMapper()).status).toBe(expected);
  });

  it('reads statuses case-insensitively', () => {
    expect(mapHelpScoutConversation(conversation({ status: 'CLOSED' }), defaultMapper()).status).toBe(
      'closed',
    );
  });

  it('maps a missing status to open, silently', () => {
    const log = createCaptureLogger();
    const mapStatus = createHelpScoutStatusMapper(undefined, log);
    expect(mapHelpScoutConversation(conversation({ status: null }), mapStatus).status).toBe('open');
    expect(mapHelpScoutConversation(conversation({ status: undefined }), mapStatus).status).toBe('open');
    expect(log.lines).toEqual([]);
  });

  it('maps an unknown status to open and logs it once, never throwing', () => {
    const log = createCaptureLogger();
    const mapStatus = createHelpScoutStatusMapper(undefined, log);
    for (let i = 0; i < 3; i += 1) {
      expect(mapHelpScoutConversation(conversation({ status: 'snoozed-x1' }), mapStatus).status).toBe('open');
    }
    const warnings = log.lines.filter((line) => line.fields.value === 'snoozed-x1');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      level: 'warn',
      fields: { table: 'helpscout.status', mapped_to: 'open' },
    });
  });

  it('lets the operator override a default and add a value of their own', () => {
    const mapStatus = createHelpScoutStatusMapper(
      { closed: 'solved', Waiting: 'pending' },
      createCaptureLogger(),
    );
    expect(mapHelpScoutConversation(conversation({ status: 'closed' }), mapStatus).status).toBe('solved');
    expect(mapHelpScoutConversation(conversation({ status: 'waiting' }), mapStatus).status).toBe('pending');
    // The defaults the operator did not touch still hold.
    expect(mapHelpScoutConversation(conversation({ status: 'active' }), mapStatus).status).toBe('open');
  });
});

describe('spam', () => {
  it('is hidden, whatever its case; the other statuses are not', () => {
    expect(isHiddenConversation({ status: 'spam' })).toBe(true);
    expect(isHiddenConversation({ status: 'Spam' })).toBe(true);
    for (const status of ['active', 'pending', 'closed', null, undefined])
      expect(isHiddenConversation({ status })).toBe(false);
  });
});

describe('priority', () => {
  it('is none for every conversation: Help Scout has no priority', () => {
    expect(HELPSCOUT_PRIORITY).toBe('none');
    for (const item of fixtures)
      expect(mapHelpScoutConversation(item, defaultMapper()).priority).toBe('none');
  });
});

describe('mapHelpScoutConversation', () => {
  it('maps the email fixture: subject, plain-text preview, created date, agent URL', () => {
    expect(mapHelpScoutConversation(fixture(1287), defaultMapper())).toEqual({
      id: '2391938111',
      subject: 'Order #8841 arrived damaged',
      description: 'Hi team, the box was crushed & the mug inside is broken. Can you send a replacement?',
      date: '2024-05-03T09:12:44Z',
      url: 'https://secure.helpscout.net/conversation/2391938111/1287/',
      status: 'open',
      priority: 'none',
    });
  });

  it('strips HTML from the preview and keeps paragraphs apart', () => {
    expect(mapHelpScoutConversation(fixture(1270), defaultMapper()).description).toBe(
      'Thanks for chatting with us! Your password reset link is on its way.',
    );
  });

  it('names a conversation without a subject by its type and number', () => {
    expect(mapHelpScoutConversation(fixture(1270), defaultMapper()).subject).toBe('Chat conversation #1270');
    expect(
      mapHelpScoutConversation(conversation({ subject: '  ', type: 'phone', number: 9 }), defaultMapper())
        .subject,
    ).toBe('Phone conversation #9');
    expect(
      mapHelpScoutConversation(conversation({ subject: null, type: null, number: null }), defaultMapper())
        .subject,
    ).toBe('Conversation');
  });

  it('leaves the description out when the preview is empty or only markup', () => {
    expect(mapHelpScoutConversation(conversation({ preview: null }), defaultMapper())).not.toHaveProperty(
      'description',
    );
    expect(
      mapHelpScoutConversation(conversation({ preview: '<p> </p>' }), defaultMapper()),
    ).not.toHaveProperty('description');
  });

  it('dates a conversation by when it was created, not when it was closed or updated', () => {
    const closed = fixture(1270);
    expect(mapHelpScoutConversation(closed, defaultMapper()).date).toBe('2024-04-02T08:45:10Z');
  });

  it('passes no date on when Help Scout sent none (the pipeline skips and logs it)', () => {
    expect(mapHelpScoutConversation(conversation({ createdAt: null }), defaultMapper()).date).toBe('');
  });
});

describe('helpScoutConversationUrl', () => {
  it('opens the conversation in the agent UI, not the API', () => {
    expect(helpScoutConversationUrl('2391938111', 1287)).toBe(
      'https://secure.helpscout.net/conversation/2391938111/1287/',
    );
  });

  it('still points at the conversation when the number is missing', () => {
    expect(helpScoutConversationUrl('42', null)).toBe('https://secure.helpscout.net/conversation/42/');
  });
});
