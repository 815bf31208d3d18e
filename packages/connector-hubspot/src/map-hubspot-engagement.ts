import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type DateInput,
  type InteractionPriority,
  type InteractionStatus,
  type PriorityMapper,
  plainTextPreview,
  type StatusMapper,
  talkdeskDateToMillis,
  toTalkdeskDate,
} from '@talkbridge/core';
import { type HubspotObject, hubspotDate, propertyOf } from './hubspot-api.js';
import { engagementUrl, type HubspotPortal } from './hubspot-links.js';

/** HubSpot activities ("engagements") this connector reads, by Talkdesk type. */
export const HUBSPOT_ENGAGEMENT_TYPES = ['note', 'call', 'email', 'meeting', 'task'] as const;
export type HubspotEngagementType = (typeof HUBSPOT_ENGAGEMENT_TYPES)[number];

// Native values mean the same in every table that has them (COMPLETED is done for a call, a meeting and a
// task alike), so one operator `statusMap` entry can serve every activity type.

/** `hs_task_status`. A task without one is NOT_STARTED in HubSpot: `new`. */
export const HUBSPOT_TASK_STATUS = {
  NOT_STARTED: 'new',
  IN_PROGRESS: 'open',
  WAITING: 'pending',
  DEFERRED: 'pending',
  COMPLETED: 'closed',
} as const satisfies Record<string, InteractionStatus>;

/** `hs_task_priority`. */
export const HUBSPOT_TASK_PRIORITY = {
  NONE: 'none',
  LOW: 'low',
  MEDIUM: 'normal',
  HIGH: 'high',
} as const satisfies Record<string, InteractionPriority>;

/** `hs_call_status`. A logged call without one is over: `closed`. */
export const HUBSPOT_CALL_STATUS = {
  QUEUED: 'new',
  CONNECTING: 'open',
  RINGING: 'open',
  CALLING_CRM_USER: 'open',
  IN_PROGRESS: 'open',
  HOLD: 'open',
  COMPLETED: 'closed',
  BUSY: 'closed',
  NO_ANSWER: 'closed',
  MISSED: 'closed',
  FAILED: 'closed',
  CANCELED: 'closed',
} as const satisfies Record<string, InteractionStatus>;

/** `hs_meeting_outcome`. A meeting without one is `open` while ahead, `closed` once past. */
export const HUBSPOT_MEETING_STATUS = {
  SCHEDULED: 'open',
  RESCHEDULED: 'open',
  COMPLETED: 'closed',
  NO_SHOW: 'closed',
  CANCELED: 'closed',
} as const satisfies Record<string, InteractionStatus>;

/** `hs_email_status`. A logged email without one (most are) is `closed`. */
export const HUBSPOT_EMAIL_STATUS = {
  SCHEDULED: 'open',
  SENDING: 'open',
  SENT: 'closed',
  BOUNCED: 'closed',
  FAILED: 'closed',
} as const satisfies Record<string, InteractionStatus>;

/** The properties each batch read asks for. */
export const HUBSPOT_ENGAGEMENT_PROPERTIES: Record<HubspotEngagementType, readonly string[]> = {
  note: ['hs_note_body', 'hs_timestamp'],
  call: ['hs_call_title', 'hs_call_body', 'hs_call_status', 'hs_call_direction', 'hs_timestamp'],
  email: ['hs_email_subject', 'hs_email_text', 'hs_email_html', 'hs_email_status', 'hs_timestamp'],
  meeting: [
    'hs_meeting_title',
    'hs_meeting_body',
    'hs_meeting_start_time',
    'hs_meeting_outcome',
    'hs_timestamp',
  ],
  task: ['hs_task_subject', 'hs_task_body', 'hs_task_status', 'hs_task_priority', 'hs_timestamp'],
};

const STATUS_TABLES: Record<Exclude<HubspotEngagementType, 'note'>, Record<string, InteractionStatus>> = {
  call: HUBSPOT_CALL_STATUS,
  email: HUBSPOT_EMAIL_STATUS,
  meeting: HUBSPOT_MEETING_STATUS,
  task: HUBSPOT_TASK_STATUS,
};

/** What a missing status means, per type (meetings decide by their date instead). */
const MISSING_STATUS: Record<Exclude<HubspotEngagementType, 'note'>, InteractionStatus> = {
  call: 'closed',
  email: 'closed',
  meeting: 'open',
  task: 'new',
};

export interface EngagementValueMappers {
  status: StatusMapper;
  priority: PriorityMapper;
}

export function createEngagementValueMappers(
  type: HubspotEngagementType,
  settings: {
    statusMap?: Record<string, InteractionStatus> | undefined;
    priorityMap?: Record<string, InteractionPriority> | undefined;
  },
  log: BridgeLogger,
): EngagementValueMappers {
  const statusTable = type === 'note' ? {} : STATUS_TABLES[type];
  const missing = type === 'note' ? 'closed' : MISSING_STATUS[type];
  return {
    status: createValueMapper<InteractionStatus>({
      name: `hubspot.${type}.status`,
      defaults: statusTable,
      overrides: settings.statusMap,
      // An activity HubSpot reports in a state we do not know is most likely over.
      fallback: type === 'task' ? 'open' : 'closed',
      missing,
      log,
    }),
    priority: createValueMapper<InteractionPriority>({
      name: `hubspot.${type}.priority`,
      defaults: type === 'task' ? HUBSPOT_TASK_PRIORITY : {},
      overrides: settings.priorityMap,
      fallback: 'none',
      missing: 'none',
      log,
    }),
  };
}

export interface EngagementMappingContext {
  values: EngagementValueMappers;
  portal: HubspotPortal | undefined;
  /** The contact whose timeline shows the activity (it may be associated with several). */
  contactId: string | undefined;
  /** Epoch ms: tells a meeting ahead from one past. */
  now: number;
}

/** A HubSpot activity as a Talkdesk interaction, id `<type>-<id>`. */
export function mapHubspotEngagement(
  type: HubspotEngagementType,
  record: HubspotObject,
  context: EngagementMappingContext,
): ConnectorInteraction {
  const fields = FIELDS[type](record, context);
  const url =
    context.portal && context.contactId
      ? engagementUrl(context.portal, context.contactId, record.id)
      : undefined;
  return {
    id: `${type}-${record.id}`,
    subject: fields.subject,
    ...(fields.description ? { description: fields.description } : {}),
    date: fields.date ?? record.createdAt ?? '',
    ...(url ? { url } : {}),
    status: fields.status,
    priority: fields.priority,
  };
}

interface EngagementFields {
  subject: string;
  description: string | undefined;
  date: DateInput | undefined;
  status: InteractionStatus;
  priority: InteractionPriority;
}

const FIELDS: Record<
  HubspotEngagementType,
  (record: HubspotObject, context: EngagementMappingContext) => EngagementFields
> = {
  note: (record) => {
    const body = propertyOf(record, 'hs_note_body');
    return {
      // Notes have no title: their first words are the subject.
      subject: plainTextPreview(body, 80) ?? 'Note',
      description: plainTextPreview(body),
      date: hubspotDate(propertyOf(record, 'hs_timestamp')),
      status: 'closed',
      priority: 'none',
    };
  },
  call: (record, { values }) => {
    const direction = propertyOf(record, 'hs_call_direction')?.toUpperCase();
    const untitled =
      direction === 'INBOUND' ? 'Inbound call' : direction === 'OUTBOUND' ? 'Outbound call' : 'Call';
    return {
      subject: propertyOf(record, 'hs_call_title')?.trim() || untitled,
      description: plainTextPreview(propertyOf(record, 'hs_call_body')),
      date: hubspotDate(propertyOf(record, 'hs_timestamp')),
      status: values.status(propertyOf(record, 'hs_call_status')),
      priority: 'none',
    };
  },
  email: (record, { values }) => ({
    subject: propertyOf(record, 'hs_email_subject')?.trim() || 'Email',
    description: plainTextPreview(propertyOf(record, 'hs_email_text') ?? propertyOf(record, 'hs_email_html')),
    date: hubspotDate(propertyOf(record, 'hs_timestamp')),
    status: values.status(propertyOf(record, 'hs_email_status')),
    priority: 'none',
  }),
  meeting: (record, { values, now }) => {
    // The start is the meeting's date: ahead of now it is a due item.
    const date =
      hubspotDate(propertyOf(record, 'hs_meeting_start_time')) ??
      hubspotDate(propertyOf(record, 'hs_timestamp'));
    const outcome = propertyOf(record, 'hs_meeting_outcome');
    const ahead = date !== undefined && millisOf(date) > now;
    return {
      subject: propertyOf(record, 'hs_meeting_title')?.trim() || 'Meeting',
      description: plainTextPreview(propertyOf(record, 'hs_meeting_body')),
      date,
      status: outcome === undefined ? (ahead ? 'open' : 'closed') : values.status(outcome),
      priority: 'none',
    };
  },
  task: (record, { values }) => ({
    subject: propertyOf(record, 'hs_task_subject')?.trim() || 'Task',
    description: plainTextPreview(propertyOf(record, 'hs_task_body')),
    // hs_timestamp is the task's due date.
    date: hubspotDate(propertyOf(record, 'hs_timestamp')),
    status: values.status(propertyOf(record, 'hs_task_status')),
    priority: values.priority(propertyOf(record, 'hs_task_priority')),
  }),
};

/** Epoch ms of a date as the pipeline will read it; NaN when it is not a date. */
export function millisOf(date: DateInput): number {
  const formatted = toTalkdeskDate(date);
  return formatted === undefined ? Number.NaN : talkdeskDateToMillis(formatted);
}
