import {
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
} from '@talkbridge/core';
import type { ZohoTask } from './zoho-crm-api.js';
import { firstText, type ZohoMappingOptions, zohoTime } from './zoho-crm-mapping.js';

/** Zoho's default Task statuses (a picklist the organisation can change: extend it with `statusMap`). */
export const ZOHO_TASK_STATUS_MAP: Readonly<Record<string, InteractionStatus>> = {
  'Not Started': 'new',
  Deferred: 'pending',
  'In Progress': 'open',
  Completed: 'closed',
  'Waiting for input': 'pending',
};

/** Zoho's default Task priorities; no priority is `none`. */
export const ZOHO_TASK_PRIORITY_MAP: Readonly<Record<string, InteractionPriority>> = {
  Highest: 'urgent',
  High: 'high',
  Normal: 'normal',
  Low: 'low',
  Lowest: 'low',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Tasks → Talkdesk. The date is the due date while that is today or later (a future item, as the spec
 * asks), otherwise when the task was created.
 */
export function createZohoTaskMapper(
  options: ZohoMappingOptions,
): (record: ZohoTask) => ConnectorInteraction {
  const status = createValueMapper({
    name: 'zoho-crm.task.status',
    defaults: ZOHO_TASK_STATUS_MAP,
    overrides: options.statusMap,
    fallback: 'open',
    log: options.log,
  });
  const priority = createValueMapper({
    name: 'zoho-crm.task.priority',
    defaults: ZOHO_TASK_PRIORITY_MAP,
    overrides: options.priorityMap,
    fallback: 'normal',
    missing: 'none',
    log: options.log,
  });
  return (record) => {
    const due = zohoTime(record.Due_Date);
    // Due_Date has no time: a task due today is still ahead until the day is over.
    const dueAhead = due !== undefined && due + DAY_MS > options.now;
    const description = plainTextPreview(record.Description);
    return {
      id: `task-${record.id}`,
      subject: firstText(record.Subject) ?? 'Task',
      ...(description ? { description } : {}),
      date: (dueAhead ? record.Due_Date : record.Created_Time) ?? record.Due_Date ?? '',
      url: options.links.record('Tasks', record.id),
      status: status(record.Status),
      priority: priority(record.Priority),
    };
  };
}
