import { createCaptureLogger } from '@talkbridge/testkit';
import { describe, expect, it } from 'vitest';
import caseStatuses from './__fixtures__/case-statuses.json' with { type: 'json' };
import cases from './__fixtures__/cases.json' with { type: 'json' };
import {
  CASE_PRIORITY_DEFAULTS,
  CASE_STATUS_DEFAULTS,
  caseStatusTable,
  createCaseMapping,
  mapSalesforceCase,
} from './map-salesforce-case.js';
import { caseRecordSchema, caseStatusRecordSchema } from './salesforce-api.js';
import type { ValueOverrides } from './salesforce-value-maps.js';

const AGENT = 'https://acme.my.salesforce.com';
const orgStatuses = caseStatuses.records.map((record) => caseStatusRecordSchema.parse(record));
const fixture = (id: string) => {
  const record = cases.records.find((candidate) => candidate.Id === id);
  if (!record) throw new Error(`no fixture case ${id}`);
  return caseRecordSchema.parse(record);
};
const mappingWith = (
  options: { overrides?: ValueOverrides; org?: typeof orgStatuses | undefined; agentOrigin?: string } = {},
) => {
  const log = createCaptureLogger();
  const mapping = createCaseMapping({
    log,
    overrides: options.overrides ?? {},
    orgStatuses: 'org' in options ? options.org : orgStatuses,
    agentOrigin: 'agentOrigin' in options ? options.agentOrigin : AGENT,
  });
  return { log, mapping };
};
const base = {
  Id: '500Dn00000Kx1AzIAJ',
  CaseNumber: '00001099',
  Subject: 'A case',
  CreatedDate: '2025-03-01T10:00:00.000+0000',
};

describe('mapSalesforceCase', () => {
  it('maps a fixture case: subject, plain-text description, created date, Lightning url', () => {
    const { mapping } = mappingWith();
    expect(mapSalesforceCase(fixture('500Dn00000Kx1AaIAJ'), mapping)).toEqual({
      id: '500Dn00000Kx1AaIAJ',
      subject: 'Order #4521 arrived damaged',
      description: 'The box was crushed on arrival & the lamp inside is broken. Photos attached.',
      date: '2025-03-10T14:22:05.000+0000',
      url: 'https://acme.my.salesforce.com/lightning/r/Case/500Dn00000Kx1AaIAJ/view',
      status: 'open',
      priority: 'high',
    });
  });

  it('names a case without a subject by its number and omits an empty description', () => {
    const { mapping } = mappingWith();
    const mapped = mapSalesforceCase({ ...base, Subject: null, Description: '   ' }, mapping);
    expect(mapped.subject).toBe('Case 00001099');
    expect(mapped).not.toHaveProperty('description');
  });

  it('has no url when the org address is unknown', () => {
    const { mapping } = mappingWith({ agentOrigin: undefined });
    expect(mapSalesforceCase(fixture('500Dn00000Kx1AaIAJ'), mapping)).not.toHaveProperty('url');
  });

  it.each(Object.entries(CASE_STATUS_DEFAULTS))('maps the default status %s to %s', (status, expected) => {
    const { mapping, log } = mappingWith({ org: undefined });
    expect(mapping.status(status, expected === 'closed')).toBe(expected);
    expect(log.lines).toHaveLength(0);
  });

  it.each(Object.entries(CASE_PRIORITY_DEFAULTS))('maps the priority %s to %s', (priority, expected) => {
    const { mapping, log } = mappingWith();
    expect(mapping.priority(priority)).toBe(expected);
    expect(log.lines).toHaveLength(0);
  });

  it('maps a missing priority to none and a missing status by IsClosed', () => {
    const { mapping, log } = mappingWith();
    expect(mapping.priority(null)).toBe('none');
    expect(mapping.priority(undefined)).toBe('none');
    expect(mapping.status(null, false)).toBe('open');
    expect(mapping.status(undefined, true)).toBe('closed');
    expect(log.lines).toHaveLength(0);
  });

  it("uses the org's CaseStatus picklist: custom closed and open statuses, by API name and label", () => {
    const { mapping, log } = mappingWith();
    expect(mapping.status('Closed_Duplicate', true)).toBe('closed');
    expect(mapping.status('Closed - Duplicate', true)).toBe('closed');
    expect(mapping.status('Waiting_on_Customer', false)).toBe('open');
    expect(mapping.status('waiting on customer', false)).toBe('open');
    expect(log.lines).toHaveLength(0);
  });

  it("builds the org table from IsClosed, IsDefault and 'New'", () => {
    expect(caseStatusTable(orgStatuses)).toEqual({
      New: 'new',
      Working: 'open',
      Escalated: 'open',
      Waiting_on_Customer: 'open',
      'Waiting on Customer': 'open',
      Closed: 'closed',
      Closed_Duplicate: 'closed',
      'Closed - Duplicate': 'closed',
    });
    expect(
      caseStatusTable([
        { ApiName: 'Received', MasterLabel: 'Received', IsClosed: false, IsDefault: true },
        { ApiName: 'Done', MasterLabel: null, IsClosed: true, IsDefault: false },
      ]),
    ).toEqual({ Received: 'new', Done: 'closed' });
  });

  it('lets an org status beat the default table (an org that made "Escalated" closed)', () => {
    const { mapping } = mappingWith({
      org: [{ ApiName: 'Escalated', MasterLabel: 'Escalated', IsClosed: true, IsDefault: false }],
    });
    expect(mapping.status('Escalated', false)).toBe('closed');
  });

  it('maps an unknown status by IsClosed and an unknown priority to normal, logging each once', () => {
    const { mapping, log } = mappingWith({ org: undefined });
    expect(mapping.status('Pending Legal Review', false)).toBe('open');
    expect(mapping.status('Pending Legal Review', false)).toBe('open');
    expect(mapping.priority('Critical (P0)')).toBe('normal');
    expect(mapping.priority('Critical (P0)')).toBe('normal');
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(2);
    expect(log.text()).toContain('Pending Legal Review');
    expect(log.text()).toContain('salesforce.case.priority');
    // Closed by the org's own flag, whatever the value is called: nothing to report.
    expect(mapping.status('Archived by Bot', true)).toBe('closed');
    expect(log.text()).not.toContain('Archived by Bot');
  });

  it("lets the operator's statusMap and priorityMap win, case-insensitively", () => {
    const { mapping } = mappingWith({
      overrides: {
        statusMap: { waiting_on_customer: 'pending', Closed: 'solved' },
        priorityMap: { high: 'urgent', Medium: 'low' },
      },
    });
    expect(mapping.status('Waiting_on_Customer', false)).toBe('pending');
    expect(mapping.status('Closed', true)).toBe('solved');
    expect(mapping.status('Closed_Duplicate', true)).toBe('closed');
    expect(mapping.priority('High')).toBe('urgent');
    expect(mapping.priority('Medium')).toBe('low');
    expect(mapping.priority('Low')).toBe('low');
  });

  it('maps every fixture case inside the Talkdesk enums', () => {
    const { mapping } = mappingWith();
    const mapped = cases.records.map((record) => mapSalesforceCase(caseRecordSchema.parse(record), mapping));
    expect(mapped.map((item) => [item.status, item.priority])).toEqual([
      ['open', 'high'],
      ['closed', 'normal'],
      ['open', 'low'],
      ['closed', 'none'],
      ['new', 'normal'],
    ]);
  });
});
