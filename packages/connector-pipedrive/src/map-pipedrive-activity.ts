import {
  type ConnectorInteraction,
  type InteractionPriority,
  type InteractionStatus,
  type PriorityMapper,
  plainTextPreview,
  type StatusMapper,
} from '@talkbridge/core';
import type { PipedriveActivity } from './pipedrive-api.js';
import { pipedriveItemUrl } from './pipedrive-links.js';

/**
 * Default status of an activity by its state. Pipedrive has a `done` flag only; the connector derives
 * `overdue` (not done, due date passed) so operators can map it apart (e.g. `"overdue": "pending"`).
 */
export const PIPEDRIVE_ACTIVITY_STATUS_DEFAULTS: Readonly<Record<string, InteractionStatus>> = {
  done: 'closed',
  undone: 'open',
  overdue: 'open',
};

/**
 * Default priority of an activity. Pipedrive's activity priority is an option id of the company's own
 * priority field (activityFields), so there is no universal table: every value maps to `none` until the
 * operator maps the ids, e.g. `"priorityMap": { "263": "high" }`.
 */
export const PIPEDRIVE_ACTIVITY_PRIORITY_DEFAULTS: Readonly<Record<string, InteractionPriority>> = {};

/** Labels of Pipedrive's built-in activity types (their key strings); custom types are title-cased. */
export const PIPEDRIVE_ACTIVITY_TYPE_LABELS: Readonly<Record<string, string>> = {
  call: 'Call',
  meeting: 'Meeting',
  task: 'Task',
  deadline: 'Deadline',
  email: 'Email',
  lunch: 'Lunch',
};

export interface ActivityMappingContext {
  /** `https://{company}.pipedrive.com`, or undefined when it is not known (no links then). */
  appOrigin: string | undefined;
  /** The person the activity was listed for. */
  contactId: string;
  status: StatusMapper;
  priority: PriorityMapper;
  /** Epoch ms, to tell overdue activities apart. */
  now: number;
}

export function mapPipedriveActivity(
  activity: PipedriveActivity,
  context: ActivityMappingContext,
): ConnectorInteraction {
  const due = activityDueDate(activity);
  const url = pipedriveItemUrl(context.appOrigin, activity, context.contactId);
  const description = plainTextPreview(activity.note) ?? plainTextPreview(activity.public_description);
  return {
    id: `activity-${activity.id}`,
    subject: activitySubject(activity),
    ...(description ? { description } : {}),
    // A due date (past or future) is when the activity happens; undated ones fall back to their creation.
    date: due?.iso ?? activity.add_time ?? '',
    ...(url ? { url } : {}),
    status: context.status(activityState(activity, due, context.now)),
    priority: context.priority(activity.priority),
  };
}

/** `done`, `overdue` (not done and past its due date) or `undone`: the keys of the status table. */
export function activityState(
  activity: PipedriveActivity,
  due: { endMs: number } | undefined,
  now: number,
): 'done' | 'overdue' | 'undone' {
  if (activity.done) return 'done';
  return due && due.endMs < now ? 'overdue' : 'undone';
}

/** "Call: Follow up on renewal" — the type in front, unless the subject already starts with it. */
export function activitySubject(activity: PipedriveActivity): string {
  const label = activityTypeLabel(activity.type);
  const subject = activity.subject?.trim() ?? '';
  if (!label) return subject || 'Activity';
  if (!subject) return label;
  return subject.toLowerCase().startsWith(label.toLowerCase()) ? subject : `${label}: ${subject}`;
}

function activityTypeLabel(type: string | null | undefined): string | undefined {
  const key = type?.trim();
  if (!key) return undefined;
  const known = PIPEDRIVE_ACTIVITY_TYPE_LABELS[key.toLowerCase()];
  if (known) return known;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * The due instant from `due_date` + `due_time` (both UTC in Pipedrive's API). An activity without a time is
 * due at the start of its day and overdue only once that day has ended.
 */
export function activityDueDate(activity: PipedriveActivity): { iso: string; endMs: number } | undefined {
  const day = activity.due_date?.trim();
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const time = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(activity.due_time?.trim() ?? '');
  const iso = time ? `${day}T${time[1]}:${time[2]}:${time[3] ?? '00'}Z` : `${day}T00:00:00Z`;
  const startMs = Date.parse(iso);
  // Date.parse rolls 2025-02-31 over to March: only a date that reads back the same is real.
  if (Number.isNaN(startMs) || new Date(startMs).toISOString().slice(0, 19) !== iso.slice(0, 19)) {
    return undefined;
  }
  return { iso, endMs: time ? startMs : startMs + 24 * 60 * 60 * 1000 - 1 };
}
