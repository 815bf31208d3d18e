import type { InteractionPriority, InteractionStatus } from '@talkbridge/core';
import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import calls from './__fixtures__/calls.json' with { type: 'json' };
import emails from './__fixtures__/emails.json' with { type: 'json' };
import meetings from './__fixtures__/meetings.json' with { type: 'json' };
import notes from './__fixtures__/notes.json' with { type: 'json' };
import tasks from './__fixtures__/tasks.json' with { type: 'json' };
import type { HubspotObject } from './hubspot-api.js';
import { DEFAULT_UI_DOMAIN, safeUiDomain } from './hubspot-links.js';
import {
  createEngagementValueMappers,
  HUBSPOT_CALL_STATUS,
  HUBSPOT_EMAIL_STATUS,
  HUBSPOT_MEETING_STATUS,
  HUBSPOT_TASK_PRIORITY,
  HUBSPOT_TASK_STATUS,
  type HubspotEngagementType,
  mapHubspotEngagement,
} from './map-hubspot-engagement.js';

const portal = { portalId: '7654321', uiDomain: 'app.hubspot.com' };
const NOW = Date.parse('2025-03-07T12:00:00Z');

function setup(
  type: HubspotEngagementType,
  settings: {
    statusMap?: Record<string, InteractionStatus>;
    priorityMap?: Record<string, InteractionPriority>;
  } = {},
) {
  const log = createCaptureLogger();
  const values = createEngagementValueMappers(type, settings, log);
  const map = (record: HubspotObject | Record<string, unknown>, contactId: string | null = '151') =>
    mapHubspotEngagement(
      type,
      'id' in record ? (record as HubspotObject) : { id: '900', properties: record },
      { values, portal, contactId: contactId ?? undefined, now: NOW },
    );
  return { map, warnings: () => log.lines.filter((line) => line.level === 'warn') };
}

describe('notes', () => {
  it('maps the fixture note: first words as subject, plain text, timestamp, timeline url', () => {
    const { map } = setup('note');
    expect(map(notes.results[0]!)).toEqual({
      id: 'note-45123987001',
      subject: 'Called back about the VAT number. Finance will reissue the invoice.',
      description: 'Called back about the VAT number. Finance will reissue the invoice.',
      date: '2025-03-05T10:00:00.000Z',
      url: 'https://app.hubspot.com/contacts/7654321/contact/151/?engagement=45123987001',
      status: 'closed',
      priority: 'none',
    });
  });

  it('cuts a long note to an 80-character subject and names an empty one "Note"', () => {
    const { map } = setup('note');
    const long = map({ hs_note_body: `<p>${'word '.repeat(60)}</p>`, hs_timestamp: '2025-03-05T10:00:00Z' });
    expect(long.subject.length).toBeLessThanOrEqual(80);
    expect(long.subject.endsWith('…')).toBe(true);
    const empty = map({ hs_note_body: null, hs_timestamp: '2025-03-05T10:00:00Z' });
    expect(empty.subject).toBe('Note');
    expect(empty).not.toHaveProperty('description');
  });
});

describe('calls', () => {
  it('maps the fixture call', () => {
    const { map } = setup('call');
    expect(map(calls.results[0]!)).toEqual({
      id: 'call-45123988001',
      subject: 'Invoice question',
      description: 'Customer asked for a corrected invoice. Promised a callback tomorrow.',
      date: '2025-03-04T15:10:00.000Z',
      url: 'https://app.hubspot.com/contacts/7654321/contact/151/?engagement=45123988001',
      status: 'closed',
      priority: 'none',
    });
  });

  it.each(Object.entries(HUBSPOT_CALL_STATUS))('maps call status %s to %s', (native, expected) => {
    const { map, warnings } = setup('call');
    expect(map({ hs_call_status: native, hs_timestamp: '2025-03-04T15:10:00Z' }).status).toBe(expected);
    expect(warnings()).toEqual([]);
  });

  it('maps a missing status to closed silently, an unknown one to closed logged once', () => {
    const { map, warnings } = setup('call');
    expect(map({ hs_call_status: null, hs_timestamp: '2025-03-04T15:10:00Z' }).status).toBe('closed');
    expect(warnings()).toEqual([]);
    expect(map({ hs_call_status: 'TRANSFERRED', hs_timestamp: '2025-03-04T15:10:00Z' }).status).toBe(
      'closed',
    );
    expect(map({ hs_call_status: 'TRANSFERRED', hs_timestamp: '2025-03-04T15:10:00Z' }).status).toBe(
      'closed',
    );
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]?.fields).toMatchObject({ table: 'hubspot.call.status', value: 'TRANSFERRED' });
  });

  it('names an untitled call by its direction', () => {
    const { map } = setup('call');
    expect(map({ hs_call_direction: 'INBOUND', hs_timestamp: '2025-03-04T15:10:00Z' }).subject).toBe(
      'Inbound call',
    );
    expect(map({ hs_call_direction: 'OUTBOUND', hs_timestamp: '2025-03-04T15:10:00Z' }).subject).toBe(
      'Outbound call',
    );
    expect(map({ hs_timestamp: '2025-03-04T15:10:00Z' }).subject).toBe('Call');
  });
});

describe('emails', () => {
  it('maps the fixture email, its HTML body stripped', () => {
    const { map } = setup('email');
    expect(map(emails.results[0]!)).toEqual({
      id: 'email-45123989001',
      subject: 'Your corrected invoice',
      description: 'Hi Maria, Your corrected invoice is attached.',
      date: '2025-03-06T08:30:00.000Z',
      url: 'https://app.hubspot.com/contacts/7654321/contact/151/?engagement=45123989001',
      status: 'closed',
      priority: 'none',
    });
  });

  it('prefers the plain-text body and names an email without subject', () => {
    const { map } = setup('email');
    const mapped = map({
      hs_email_text: 'Plain body',
      hs_email_html: '<p>Html body</p>',
      hs_timestamp: '2025-03-06T08:30:00Z',
    });
    expect(mapped.description).toBe('Plain body');
    expect(mapped.subject).toBe('Email');
  });

  it.each(Object.entries(HUBSPOT_EMAIL_STATUS))('maps email status %s to %s', (native, expected) => {
    const { map } = setup('email');
    expect(map({ hs_email_status: native, hs_timestamp: '2025-03-06T08:30:00Z' }).status).toBe(expected);
  });

  it('maps a logged email without status to closed', () => {
    const { map, warnings } = setup('email');
    expect(map({ hs_timestamp: '2025-03-06T08:30:00Z' }).status).toBe('closed');
    expect(warnings()).toEqual([]);
  });
});

describe('meetings', () => {
  it('maps the fixture meetings: a past completed one and a future one, dated by its start', () => {
    const { map } = setup('meeting');
    expect(map(meetings.results[0]!)).toMatchObject({
      id: 'meeting-45123990001',
      subject: 'Quarterly review',
      description: 'Quarterly review of the account.',
      date: '2025-02-26T14:00:00.000Z',
      status: 'closed',
      priority: 'none',
    });
    expect(map(meetings.results[1]!)).toMatchObject({
      id: 'meeting-45123990002',
      date: '2030-06-03T15:30:00.000Z',
      status: 'open',
    });
  });

  it('dates a meeting by its start time over hs_timestamp', () => {
    const { map } = setup('meeting');
    const mapped = map({
      hs_meeting_start_time: '2025-04-01T09:00:00Z',
      hs_timestamp: '2025-03-01T09:00:00Z',
    });
    expect(mapped.date).toBe('2025-04-01T09:00:00Z');
    expect(map({ hs_timestamp: '2025-03-01T09:00:00Z' }).date).toBe('2025-03-01T09:00:00Z');
  });

  it.each(Object.entries(HUBSPOT_MEETING_STATUS))('maps outcome %s to %s', (native, expected) => {
    const { map } = setup('meeting');
    expect(map({ hs_meeting_outcome: native, hs_timestamp: '2025-03-01T09:00:00Z' }).status).toBe(expected);
  });

  it('without an outcome: open while ahead, closed once past, nothing logged', () => {
    const { map, warnings } = setup('meeting');
    expect(map({ hs_meeting_start_time: '2030-01-01T09:00:00Z' }).status).toBe('open');
    expect(map({ hs_meeting_start_time: '2024-01-01T09:00:00Z' }).status).toBe('closed');
    expect(warnings()).toEqual([]);
  });
});

describe('tasks', () => {
  it('maps the fixture task, dated by its due date in the future', () => {
    const { map } = setup('task');
    expect(map(tasks.results[0]!)).toEqual({
      id: 'task-45123991001',
      subject: 'Follow up on corrected invoice',
      description: 'Confirm Finance reissued the invoice.',
      date: '2030-03-10T14:00:00.000Z',
      url: 'https://app.hubspot.com/contacts/7654321/contact/151/?engagement=45123991001',
      status: 'new',
      priority: 'high',
    });
  });

  it.each(Object.entries(HUBSPOT_TASK_STATUS))('maps task status %s to %s', (native, expected) => {
    const { map } = setup('task');
    expect(map({ hs_task_status: native, hs_timestamp: '2025-03-10T14:00:00Z' }).status).toBe(expected);
  });

  it.each(Object.entries(HUBSPOT_TASK_PRIORITY))('maps task priority %s to %s', (native, expected) => {
    const { map } = setup('task');
    expect(map({ hs_task_priority: native, hs_timestamp: '2025-03-10T14:00:00Z' }).priority).toBe(expected);
  });

  it('maps missing values to new / none silently, unknown ones to open / none logged once', () => {
    const { map, warnings } = setup('task');
    const missing = map({ hs_timestamp: '2025-03-10T14:00:00Z' });
    expect([missing.status, missing.priority, missing.subject]).toEqual(['new', 'none', 'Task']);
    expect(warnings()).toEqual([]);
    const unknown = map({
      hs_task_status: 'BLOCKED',
      hs_task_priority: 'CRITICAL',
      hs_timestamp: '2025-03-10T14:00:00Z',
    });
    map({ hs_task_status: 'BLOCKED', hs_task_priority: 'CRITICAL', hs_timestamp: '2025-03-10T14:00:00Z' });
    expect([unknown.status, unknown.priority]).toEqual(['open', 'none']);
    expect(warnings().map((line) => line.fields.table)).toEqual([
      'hubspot.task.status',
      'hubspot.task.priority',
    ]);
  });

  it('lets operators override statuses and priorities', () => {
    const { map } = setup('task', { statusMap: { COMPLETED: 'solved' }, priorityMap: { MEDIUM: 'high' } });
    const mapped = map({
      hs_task_status: 'COMPLETED',
      hs_task_priority: 'MEDIUM',
      hs_timestamp: '2025-03-10T14:00:00Z',
    });
    expect([mapped.status, mapped.priority]).toEqual(['solved', 'high']);
  });
});

describe('links', () => {
  it('has no url without the contact or the portal', () => {
    const { map } = setup('note');
    expect(map(notes.results[0]!, null)).not.toHaveProperty('url');
    const log = createCaptureLogger();
    const values = createEngagementValueMappers('note', {}, log);
    const mapped = mapHubspotEngagement('note', notes.results[0]!, {
      values,
      portal: undefined,
      contactId: '151',
      now: NOW,
    });
    expect(mapped).not.toHaveProperty('url');
  });

  it('accepts only HubSpot’s own UI hosts as the UI domain', () => {
    expect(safeUiDomain('app-eu1.hubspot.com')).toBe('app-eu1.hubspot.com');
    expect(safeUiDomain('APP.hubspot.com')).toBe('app.hubspot.com');
    expect(safeUiDomain('evil.example')).toBe(DEFAULT_UI_DOMAIN);
    expect(safeUiDomain('app.hubspot.com.evil.example')).toBe(DEFAULT_UI_DOMAIN);
    expect(safeUiDomain(undefined)).toBe(DEFAULT_UI_DOMAIN);
  });

  it('falls back to createdAt when an activity has no timestamp', () => {
    const { map } = setup('call');
    expect(map({ id: '5', properties: {}, createdAt: '2025-01-01T00:00:00Z' }).date).toBe(
      '2025-01-01T00:00:00Z',
    );
  });
});
