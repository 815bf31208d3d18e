import { createValueMapper, type InteractionPriority, type InteractionStatus } from '@talkbridge/core';
import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import activities from './__fixtures__/activities.json' with { type: 'json' };
import {
  activityDueDate,
  activityState,
  mapPipedriveActivity,
  PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS,
  PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS,
  PIPEDRIVE_ACTIVITY_TYPE_LABELS,
} from './map-pipedrive-activity.js';
import type { PipedriveActivity } from './pipedrive-api.js';

const APP = 'https://acme.pipedrive.com';
const NOW = Date.parse('2025-03-10T12:00:00Z');
const [task, meeting, call] = activities.data as PipedriveActivity[];

function mappers(
  overrides: {
    statusMap?: Record<string, InteractionStatus>;
    priorityMap?: Record<string, InteractionPriority>;
  } = {},
) {
  const log = createCaptureLogger();
  const status = createValueMapper({
    name: 'pipedrive.activity.status',
    defaults: PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS,
    overrides: overrides.statusMap,
    fallback: 'open',
    log,
  });
  const priority = createValueMapper({
    name: 'pipedrive.activity.priority',
    defaults: PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS,
    overrides: overrides.priorityMap,
    fallback: 'none',
    missing: 'none',
    log,
  });
  return { log, context: { appOrigin: APP, contactId: '1042', status, priority, now: NOW } };
}

const activity = (fields: Partial<PipedriveActivity>): PipedriveActivity => ({ ...task!, ...fields });

describe('mapPipedriveActivity', () => {
  it('maps a done call: prefixed id, type in the subject, plain-text note, due date, deal link, closed', () => {
    const { context } = mappers();
    expect(mapPipedriveActivity(call!, context)).toEqual({
      id: 'activity-310',
      subject: 'Call: Follow-up about the renewal',
      description: 'Jane confirmed the annual plan. Wants SSO & audit logs.',
      date: '2025-03-04T14:30:00Z',
      url: `${APP}/deal/77`,
      status: 'closed',
      priority: 'none',
    });
  });

  it('maps a future meeting: due date in the future, public description as plain text, open', () => {
    const { context } = mappers();
    const mapped = mapPipedriveActivity(meeting!, context);
    expect(mapped).toMatchObject({
      id: 'activity-311',
      subject: 'Meeting: Reporting demo',
      description: 'Walk through the dashboards with Jane',
      date: '2030-06-10T16:00:00Z',
      url: `${APP}/deal/78`,
      status: 'open',
    });
  });

  it('dates an undated task by its creation and links it to the person', () => {
    const { context } = mappers();
    const mapped = mapPipedriveActivity(task!, context);
    expect(mapped).toMatchObject({
      subject: 'Task: Send the security questionnaire',
      date: '2025-03-05T08:00:00Z',
      url: `${APP}/person/1042`,
      status: 'open',
      priority: 'none',
    });
    expect(mapped).not.toHaveProperty('description');
  });

  it('links to the contact it was listed for when the activity names no person or deal', () => {
    const { context } = mappers();
    expect(mapPipedriveActivity(activity({ person_id: null, deal_id: null }), context).url).toBe(
      `${APP}/person/1042`,
    );
    expect(
      mapPipedriveActivity(activity({ person_id: null, deal_id: null }), { ...context, contactId: '7' }).url,
    ).toBe(`${APP}/person/7`);
  });

  it('has no url when the company origin is unknown', () => {
    const { context } = mappers();
    expect(mapPipedriveActivity(call!, { ...context, appOrigin: undefined })).not.toHaveProperty('url');
  });

  it('keeps a subject that already starts with its type, and labels custom and missing types', () => {
    const { context } = mappers();
    expect(mapPipedriveActivity(activity({ type: 'call', subject: 'Call Jane back' }), context).subject).toBe(
      'Call Jane back',
    );
    expect(mapPipedriveActivity(activity({ type: 'video_call', subject: 'Kick-off' }), context).subject).toBe(
      'Video call: Kick-off',
    );
    expect(mapPipedriveActivity(activity({ type: 'lunch', subject: '  ' }), context).subject).toBe('Lunch');
    expect(mapPipedriveActivity(activity({ type: null, subject: 'Plain' }), context).subject).toBe('Plain');
    expect(mapPipedriveActivity(activity({ type: null, subject: null }), context).subject).toBe('Activity');
  });

  it('labels every built-in activity type', () => {
    const { context } = mappers();
    for (const [key, label] of Object.entries(PIPEDRIVE_ACTIVITY_TYPE_LABELS)) {
      expect(mapPipedriveActivity(activity({ type: key, subject: 'x' }), context).subject).toBe(
        `${label}: x`,
      );
    }
    expect(Object.keys(PIPEDRIVE_ACTIVITY_TYPE_LABELS).sort()).toEqual(
      ['call', 'deadline', 'email', 'lunch', 'meeting', 'task'].sort(),
    );
  });

  it('maps every state in the default status table', () => {
    const { context } = mappers();
    expect(PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS).toEqual({ done: 'closed', undone: 'open', overdue: 'open' });
    for (const [state, expected] of Object.entries(PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS)) {
      expect(context.status(state)).toBe(expected);
    }
    const overdue = activity({ done: false, due_date: '2025-03-01', due_time: '09:00' });
    expect(mapPipedriveActivity(overdue, context).status).toBe('open');
    expect(mapPipedriveActivity(activity({ done: true }), context).status).toBe('closed');
    expect(mapPipedriveActivity(activity({ done: null }), context).status).toBe('open');
  });

  it('lets operators map states and priority ids', () => {
    const { context } = mappers({
      statusMap: { overdue: 'pending', done: 'solved' },
      priorityMap: { '263': 'high' },
    });
    const overdue = activity({ done: false, due_date: '2025-03-01', due_time: '09:00' });
    expect(mapPipedriveActivity(overdue, context).status).toBe('pending');
    expect(mapPipedriveActivity(call!, context).status).toBe('solved');
    expect(mapPipedriveActivity(meeting!, context).priority).toBe('high');
  });

  it('maps a missing priority to none silently, an unknown one to none with one warning', () => {
    const { context, log } = mappers();
    expect(Object.keys(PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS)).toEqual([]);
    expect(mapPipedriveActivity(activity({ priority: null }), context).priority).toBe('none');
    expect(mapPipedriveActivity(activity({ priority: undefined }), context).priority).toBe('none');
    expect(log.lines).toEqual([]);
    expect(mapPipedriveActivity(activity({ priority: 90_417 }), context).priority).toBe('none');
    expect(mapPipedriveActivity(activity({ priority: 90_417 }), context).priority).toBe('none');
    expect(log.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({
          table: 'pipedrive.activity.priority',
          value: '90417',
          mapped_to: 'none',
        }),
      }),
    ]);
  });
});

describe('activityState', () => {
  it('tells done, overdue and upcoming activities apart', () => {
    const past = activity({ done: false, due_date: '2025-03-10', due_time: '11:59' });
    const later = activity({ done: false, due_date: '2025-03-10', due_time: '12:01' });
    expect(
      activityState(
        activity({ done: true, due_date: '2020-01-01' }),
        activityDueDate(activity({ due_date: '2020-01-01' })),
        NOW,
      ),
    ).toBe('done');
    expect(activityState(past, activityDueDate(past), NOW)).toBe('overdue');
    expect(activityState(later, activityDueDate(later), NOW)).toBe('undone');
    expect(activityState(task!, activityDueDate(task!), NOW)).toBe('undone');
  });

  it('keeps an all-day activity due today upcoming until the day ends', () => {
    const today = activity({ done: false, due_date: '2025-03-10', due_time: null });
    const yesterday = activity({ done: false, due_date: '2025-03-09', due_time: '' });
    expect(activityState(today, activityDueDate(today), NOW)).toBe('undone');
    expect(activityState(yesterday, activityDueDate(yesterday), NOW)).toBe('overdue');
  });
});

describe('activityDueDate', () => {
  it('joins due_date and due_time as UTC, with or without seconds', () => {
    expect(activityDueDate(activity({ due_date: '2025-03-04', due_time: '14:30' }))?.iso).toBe(
      '2025-03-04T14:30:00Z',
    );
    expect(activityDueDate(activity({ due_date: '2025-03-04', due_time: '14:30:15' }))?.iso).toBe(
      '2025-03-04T14:30:15Z',
    );
    expect(activityDueDate(activity({ due_date: '2025-03-04', due_time: null }))?.iso).toBe(
      '2025-03-04T00:00:00Z',
    );
  });

  it('ignores missing or malformed due dates (the creation date is used instead)', () => {
    const { context } = mappers();
    expect(activityDueDate(activity({ due_date: null }))).toBeUndefined();
    expect(activityDueDate(activity({ due_date: '04/03/2025' }))).toBeUndefined();
    expect(activityDueDate(activity({ due_date: '2025-02-31' }))).toBeUndefined();
    expect(mapPipedriveActivity(activity({ due_date: 'soon' }), context).date).toBe('2025-03-05T08:00:00Z');
  });
});
