import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import cases from './__fixtures__/cases.json' with { type: 'json' };
import { createZohoCaseMapper, ZOHO_CASE_PRIORITY_MAP, ZOHO_CASE_STATUS_MAP } from './map-zoho-crm-case.js';
import { zohoCaseSchema } from './zoho-crm-api.js';
import type { ZohoMappingOptions } from './zoho-crm-mapping.js';
import { zohoWebLinks } from './zoho-crm-web.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');

function mapperWith(overrides: Partial<ZohoMappingOptions> = {}) {
  const log = createCaptureLogger();
  const map = createZohoCaseMapper({
    links: zohoWebLinks('https://www.zohoapis.eu'),
    log,
    now: NOW,
    ...overrides,
  });
  return { log, map: (record: unknown) => map(zohoCaseSchema.parse(record)) };
}

const base = zohoCaseSchema.parse(cases.data[0]);

describe('mapZohoCase', () => {
  it('maps the fixture case: subject, plain-text description, created date, web-app url', () => {
    const { map } = mapperWith();
    expect(map(cases.data[0])).toEqual({
      id: 'case-3652397000000650001',
      subject: 'Printer jams on every second page',
      description: 'Customer reports paper jams since the firmware update. Tried: reset, new tray.',
      date: '2025-03-02T10:15:00+01:00',
      url: 'https://crm.zoho.eu/crm/tab/Cases/3652397000000650001',
      status: 'open',
      priority: 'high',
    });
  });

  it.each(Object.entries(ZOHO_CASE_STATUS_MAP))('status %s → %s', (native, expected) => {
    expect(mapperWith().map({ ...base, Status: native }).status).toBe(expected);
  });

  it.each(Object.entries(ZOHO_CASE_PRIORITY_MAP))('priority %s → %s', (native, expected) => {
    expect(mapperWith().map({ ...base, Priority: native }).priority).toBe(expected);
  });

  it('maps the default tables as documented', () => {
    expect(ZOHO_CASE_STATUS_MAP).toEqual({
      New: 'new',
      'On Hold': 'pending',
      Escalated: 'open',
      Closed: 'closed',
    });
    expect(ZOHO_CASE_PRIORITY_MAP).toEqual({ High: 'high', Medium: 'normal', Low: 'low' });
  });

  it('a missing status is open, a missing priority is none, silently', () => {
    const { map, log } = mapperWith();
    const mapped = map({ ...base, Status: null, Priority: undefined });
    expect(mapped.status).toBe('open');
    expect(mapped.priority).toBe('none');
    expect(log.lines).toEqual([]);
  });

  it('an unknown value falls back (open, normal) and is logged once', () => {
    const { map, log } = mapperWith();
    const first = map({ ...base, Status: 'Awaiting Vendor (case test)', Priority: 'Critical (case test)' });
    map({ ...base, Status: 'Awaiting Vendor (case test)', Priority: 'Critical (case test)' });
    expect(first.status).toBe('open');
    expect(first.priority).toBe('normal');
    const warned = log.lines.filter((line) => line.level === 'warn');
    expect(warned.map((line) => line.fields.value)).toEqual([
      'Awaiting Vendor (case test)',
      'Critical (case test)',
    ]);
  });

  it('operator overrides win over the defaults, compared case-insensitively', () => {
    const { map } = mapperWith({ statusMap: { escalated: 'pending' }, priorityMap: { High: 'urgent' } });
    const mapped = map(cases.data[0]);
    expect(mapped.status).toBe('pending');
    expect(mapped.priority).toBe('urgent');
  });

  it('without a subject the case number is the subject; no description is left out', () => {
    const mapped = mapperWith().map(cases.data[1]);
    expect(mapped.subject).toBe('Case 00007');
    expect(mapped).not.toHaveProperty('description');
    expect(mapperWith().map({ ...cases.data[1]!, Case_Number: null }).subject).toBe('Case');
  });

  it('links include the organisation when configured', () => {
    const { map } = mapperWith({ links: zohoWebLinks('https://www.zohoapis.ca', '20071234') });
    expect(map(cases.data[0]).url).toBe(
      'https://crm.zohocloud.ca/crm/org20071234/tab/Cases/3652397000000650001',
    );
  });
});
