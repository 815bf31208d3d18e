import {
  type BridgeLogger,
  type ConnectorInteraction,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
} from '@talkbridge/core';
import type { SalesforceTask } from './salesforce-api.js';
import {
  type ClosableStatusMapper,
  createClosableStatusMapper,
  createPriorityMapper,
  lightningRecordUrl,
  type ValueOverrides,
} from './salesforce-value-maps.js';

/**
 * Task `Status` values of a new org. A value not in the table follows the task's `IsClosed` (closed or
 * open); the operator's `statusMap` beats both.
 */
export const TASK_STATUS_DEFAULTS: Readonly<Record<string, InteractionStatus>> = {
  'Not Started': 'new',
  'In Progress': 'open',
  Completed: 'closed',
  'Waiting on someone else': 'pending',
  Deferred: 'pending',
};

/** Task `Priority` values of a new org. Missing → none; an unknown value → normal (logged once). */
export const TASK_PRIORITY_DEFAULTS: Readonly<Record<string, InteractionPriority>> = {
  High: 'high',
  Normal: 'normal',
  Low: 'low',
};

/** What a task without a subject is called, by its `TaskSubtype`. */
const SUBTYPE_SUBJECTS: Readonly<Record<string, string>> = {
  Call: 'Call',
  Email: 'Email',
  ListEmail: 'List email',
  Cadence: 'Cadence step',
  LinkedIn: 'LinkedIn',
};

export interface TaskMapping {
  status: ClosableStatusMapper;
  priority: (priority: string | null | undefined) => InteractionPriority;
  agentOrigin: string | undefined;
}

export function createTaskMapping(options: {
  log: BridgeLogger;
  overrides: ValueOverrides;
  agentOrigin: string | undefined;
}): TaskMapping {
  return {
    status: createClosableStatusMapper({
      name: 'salesforce.task.status',
      defaults: TASK_STATUS_DEFAULTS,
      overrides: options.overrides.statusMap,
      log: options.log,
    }),
    priority: createPriorityMapper({
      name: 'salesforce.task.priority',
      defaults: TASK_PRIORITY_DEFAULTS,
      overrides: options.overrides.priorityMap,
      log: options.log,
    }),
    agentOrigin: options.agentOrigin,
  };
}

/**
 * A Task (a to-do, a logged call or email) as a Talkdesk interaction. Its date is the due date
 * (`ActivityDate`, a day without time: midnight UTC), or when it was created if it has none. A task due
 * the day it was created (a logged call) keeps the creation time, so it sorts among that day's items.
 */
export function mapSalesforceTask(record: SalesforceTask, mapping: TaskMapping): ConnectorInteraction {
  const subject = record.Subject?.trim() || SUBTYPE_SUBJECTS[record.TaskSubtype ?? ''] || 'Salesforce task';
  const description = plainTextPreview(record.Description);
  const url = lightningRecordUrl(mapping.agentOrigin, 'Task', record.Id);
  return {
    id: record.Id,
    subject,
    ...(description ? { description } : {}),
    date: taskDate(record),
    ...(url ? { url } : {}),
    status: mapping.status(record.Status, record.IsClosed),
    priority: mapping.priority(record.Priority),
  };
}

function taskDate(record: SalesforceTask): string {
  const created = record.CreatedDate ?? '';
  if (!record.ActivityDate) return created;
  const createdDay = Number.isNaN(Date.parse(created)) ? '' : new Date(created).toISOString().slice(0, 10);
  return record.ActivityDate === createdDay ? created : record.ActivityDate;
}
