import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import tasks from './__fixtures__/tasks.json' with { type: 'json' };
import { createZohoTaskMapper, ZOHO_TASK_PRIORITY_MAP, ZOHO_TASK_STATUS_MAP } from './map-zoho-crm-task.js';
import { zohoTaskSchema } from './zoho-crm-api.js';
import type { ZohoMappingOptions } from './zoho-crm-mapping.js';
import { zohoWebLinks } from './zoho-crm-web.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function mapperWith(overrides: Partial<ZohoMappingOptions> = {}) {
  const log = createCaptureLogger();
  const map = createZohoTaskMapper({
    links: zohoWebLinks('https://www.zohoapis.com'),
    log,
    now: NOW,
    ...overrides,
  });
  return { log, map: (record: unknown) => map(zohoTaskSchema.parse(record)) };
}

const base = zohoTaskSchema.parse(tasks.data[1]);

describe('mapZohoTask', () => {
  it('maps an open task due in the future to its due date', () => {
    expect(mapperWith().map(tasks.data[0])).toEqual({
      id: 'task-3652397000000670001',
      subject: 'Send the Enterprise quote',
      description: 'Include the 2-year discount.',
      date: '2099-06-20',
      url: 'https://crm.zoho.com/crm/tab/Tasks/3652397000000670001',
      status: 'open',
      priority: 'urgent',
    });
  });

  it('a task whose due date has passed is dated when it was created', () => {
    const mapped = mapperWith().map(tasks.data[1]);
    expect(mapped.date).toBe('2024-12-01T09:30:00+01:00');
    expect(mapped.status).toBe('closed');
    expect(mapped).not.toHaveProperty('description');
  });

  it('a task due today still counts as ahead; yesterday does not', () => {
    expect(mapperWith().map({ ...base, Due_Date: '2025-06-01' }).date).toBe('2025-06-01');
    expect(mapperWith().map({ ...base, Due_Date: '2025-05-31' }).date).toBe(base.Created_Time);
  });

  it('without a due date the created date is used; without either the date is empty (skipped upstream)', () => {
    expect(mapperWith().map({ ...base, Due_Date: null }).date).toBe(base.Created_Time);
    expect(mapperWith().map({ ...base, Due_Date: null, Created_Time: null }).date).toBe('');
  });

  it.each(Object.entries(ZOHO_TASK_STATUS_MAP))('status %s → %s', (native, expected) => {
    expect(mapperWith().map({ ...base, Status: native }).status).toBe(expected);
  });

  it.each(Object.entries(ZOHO_TASK_PRIORITY_MAP))('priority %s → %s', (native, expected) => {
    expect(mapperWith().map({ ...base, Priority: native }).priority).toBe(expected);
  });

  it('maps the default tables as documented', () => {
    expect(ZOHO_TASK_STATUS_MAP).toEqual({
      'Not Started': 'new',
      Deferred: 'pending',
      'In Progress': 'open',
      Completed: 'closed',
      'Waiting for input': 'pending',
    });
    expect(ZOHO_TASK_PRIORITY_MAP).toEqual({
      Highest: 'urgent',
      High: 'high',
      Normal: 'normal',
      Low: 'low',
      Lowest: 'low',
    });
  });

  it('missing status and priority: open and none, without a log line', () => {
    const { map, log } = mapperWith();
    const mapped = map({ ...base, Status: null, Priority: null, Subject: '  ' });
    expect(mapped).toMatchObject({ status: 'open', priority: 'none', subject: 'Task' });
    expect(log.lines).toEqual([]);
  });

  it('unknown values fall back and are logged once', () => {
    const { map, log } = mapperWith();
    for (let i = 0; i < 3; i += 1) {
      const mapped = map({ ...base, Status: 'Blocked (task test)', Priority: 'Someday (task test)' });
      expect(mapped.status).toBe('open');
      expect(mapped.priority).toBe('normal');
    }
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(2);
  });

  it('operator overrides win', () => {
    const { map } = mapperWith({
      statusMap: { 'Waiting for input': 'open' },
      priorityMap: { lowest: 'none' },
    });
    const mapped = map({ ...base, Status: 'Waiting for input', Priority: 'Lowest' });
    expect(mapped.status).toBe('open');
    expect(mapped.priority).toBe('none');
  });
});
