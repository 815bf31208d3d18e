import {
  type BridgeLogger,
  type ConnectorInteraction,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
} from '@talkbridge/core';
import type { SalesforceCase, SalesforceCaseStatus } from './salesforce-api.js';
import {
  type ClosableStatusMapper,
  createClosableStatusMapper,
  createPriorityMapper,
  lightningRecordUrl,
  type ValueOverrides,
} from './salesforce-value-maps.js';

/**
 * Case `Status` values of a new org (New, Working, Escalated, Closed). Each org's own statuses come from
 * its CaseStatus picklist (see `caseStatusTable`) and take precedence; the operator's `statusMap` beats
 * both. Keys are the picklist's API values, compared case-insensitively.
 */
export const CASE_STATUS_DEFAULTS: Readonly<Record<string, InteractionStatus>> = {
  New: 'new',
  Working: 'open',
  Escalated: 'open',
  Closed: 'closed',
};

/** Case `Priority` values of a new org. Missing → none; an unknown value → normal (logged once). */
export const CASE_PRIORITY_DEFAULTS: Readonly<Record<string, InteractionPriority>> = {
  High: 'high',
  Medium: 'normal',
  Low: 'low',
};

/**
 * The org's case statuses as a table: `IsClosed` → closed; the default status (what new cases get) and
 * "New" → new; every other status → open. Keyed by API name and by label, since Case.Status holds the
 * API name and operators think in labels.
 */
export function caseStatusTable(
  statuses: readonly SalesforceCaseStatus[],
): Record<string, InteractionStatus> {
  const table: Record<string, InteractionStatus> = {};
  for (const status of statuses) {
    const names = [status.ApiName, status.MasterLabel].filter((name): name is string => !!name);
    const isNew = status.IsDefault === true || names.some((name) => name.toLowerCase() === 'new');
    const mapped: InteractionStatus = status.IsClosed ? 'closed' : isNew ? 'new' : 'open';
    for (const name of names) table[name] = mapped;
  }
  return table;
}

export interface CaseMapping {
  status: ClosableStatusMapper;
  priority: (priority: string | null | undefined) => InteractionPriority;
  /** The org's address for agent links (`https://acme.my.salesforce.com`); no link when unknown. */
  agentOrigin: string | undefined;
}

export function createCaseMapping(options: {
  log: BridgeLogger;
  overrides: ValueOverrides;
  /** The org's CaseStatus picklist; undefined when it could not be read (the defaults then apply). */
  orgStatuses: readonly SalesforceCaseStatus[] | undefined;
  agentOrigin: string | undefined;
}): CaseMapping {
  return {
    status: createClosableStatusMapper({
      name: 'salesforce.case.status',
      defaults: { ...CASE_STATUS_DEFAULTS, ...caseStatusTable(options.orgStatuses ?? []) },
      overrides: options.overrides.statusMap,
      log: options.log,
    }),
    priority: createPriorityMapper({
      name: 'salesforce.case.priority',
      defaults: CASE_PRIORITY_DEFAULTS,
      overrides: options.overrides.priorityMap,
      log: options.log,
    }),
    agentOrigin: options.agentOrigin,
  };
}

/** A Case as a Talkdesk interaction: dated when it was opened, linked to its Lightning record page. */
export function mapSalesforceCase(record: SalesforceCase, mapping: CaseMapping): ConnectorInteraction {
  const subject =
    record.Subject?.trim() || (record.CaseNumber ? `Case ${record.CaseNumber}` : 'Salesforce case');
  const description = plainTextPreview(record.Description);
  const url = lightningRecordUrl(mapping.agentOrigin, 'Case', record.Id);
  return {
    id: record.Id,
    subject,
    ...(description ? { description } : {}),
    date: record.CreatedDate ?? '',
    ...(url ? { url } : {}),
    status: mapping.status(record.Status, record.IsClosed),
    priority: mapping.priority(record.Priority),
  };
}
