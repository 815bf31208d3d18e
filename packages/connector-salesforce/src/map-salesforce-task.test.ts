import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import tasks from './__fixtures__/tasks.json' with { type: 'json' };
import {
  createTaskMapping,
  mapSalesforceTask,
  TASK_PRIORITY_DEFAULTS,
  TASK_STATUS_DEFAULTS,
} from './map-salesforce-task.js';
import { taskRecordSchema } from './salesforce-api.js';
import type { ValueOverrides } from './salesforce-value-maps.js';

const AGENT = 'https://acme.my.salesforce.com';
const fixture = (id: string) => {
  const record = tasks.records.find((candidate) => candidate.Id === id);
  if (!record) throw new Error(`no fixture task ${id}`);
  return taskRecordSchema.parse(record);
};
const mappingWith = (overrides: ValueOverrides = {}, agentOrigin: string | null = AGENT) => {
  const log = createCaptureLogger();
  return { log, mapping: createTaskMapping({ log, overrides, agentOrigin: agentOrigin ?? undefined }) };
};

describe('mapSalesforceTask', () => {
  it('maps a to-do: subject, description, its due date, Lightning url', () => {
    const { mapping } = mappingWith();
    expect(mapSalesforceTask(fixture('00TDn00000Zq7QwMAJ'), mapping)).toEqual({
      id: '00TDn00000Zq7QwMAJ',
      subject: 'Call back about the damaged order',
      description: 'Confirm the replacement shipping date.',
      date: '2025-03-20',
      url: 'https://acme.my.salesforce.com/lightning/r/Task/00TDn00000Zq7QwMAJ/view',
      status: 'new',
      priority: 'high',
    });
  });

  it('names a logged call without subject by its subtype and flattens its description', () => {
    const { mapping } = mappingWith();
    const mapped = mapSalesforceTask(fixture('00TDn00000Zq7QxMAJ'), mapping);
    expect(mapped.subject).toBe('Call');
    expect(mapped.description).toBe('Customer reported the damaged box. Sending a replacement.');
    expect(mapped.status).toBe('closed');
  });

  it('keeps the creation time of a task due the day it was created (a logged call)', () => {
    const { mapping } = mappingWith();
    expect(mapSalesforceTask(fixture('00TDn00000Zq7QxMAJ'), mapping).date).toBe(
      '2025-03-10T14:40:31.000+0000',
    );
  });

  it('falls back to the created date when the task has no due date', () => {
    const { mapping } = mappingWith();
    expect(mapSalesforceTask(fixture('00TDn00000Zq7QyMAJ'), mapping).date).toBe(
      '2025-03-12T10:00:00.000+0000',
    );
  });

  it('strips HTML from a description and names a task without subject or subtype', () => {
    const { mapping } = mappingWith({}, null);
    const mapped = mapSalesforceTask(
      {
        Id: '00TDn00000Zq7R0MAJ',
        Subject: null,
        TaskSubtype: null,
        Description: '<div>Left a <a href="https://x.example">voicemail</a></div>',
        CreatedDate: '2025-03-01T10:00:00.000+0000',
      },
      mapping,
    );
    expect(mapped.subject).toBe('Salesforce task');
    expect(mapped.description).toBe('Left a voicemail');
    expect(mapped).not.toHaveProperty('url');
  });

  it.each(Object.entries(TASK_STATUS_DEFAULTS))('maps the status %s to %s', (status, expected) => {
    const { mapping, log } = mappingWith();
    expect(mapping.status(status, status === 'Completed')).toBe(expected);
    expect(log.lines).toHaveLength(0);
  });

  it.each(Object.entries(TASK_PRIORITY_DEFAULTS))('maps the priority %s to %s', (priority, expected) => {
    const { mapping, log } = mappingWith();
    expect(mapping.priority(priority)).toBe(expected);
    expect(log.lines).toHaveLength(0);
  });

  it('maps missing values: priority none, status by IsClosed', () => {
    const { mapping } = mappingWith();
    expect(mapping.priority(null)).toBe('none');
    expect(mapping.status(null, true)).toBe('closed');
    expect(mapping.status(undefined, false)).toBe('open');
  });

  it("follows IsClosed over the default table (an org that made 'Deferred' a closed status)", () => {
    const { mapping } = mappingWith();
    expect(mapping.status('Deferred', true)).toBe('closed');
  });

  it('maps unknown values safely and logs each once', () => {
    const { mapping, log } = mappingWith();
    expect(mapping.status('Blocked by vendor', false)).toBe('open');
    expect(mapping.status('Blocked by vendor', false)).toBe('open');
    expect(mapping.priority('Highest')).toBe('normal');
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(2);
    expect(log.text()).toContain('salesforce.task.status');
  });

  it("lets the operator's maps win", () => {
    const { mapping } = mappingWith({
      statusMap: { 'Waiting on someone else': 'open', completed: 'solved' },
      priorityMap: { Normal: 'low' },
    });
    expect(mapping.status('Waiting on someone else', false)).toBe('open');
    expect(mapping.status('Completed', true)).toBe('solved');
    expect(mapping.priority('Normal')).toBe('low');
  });
});
