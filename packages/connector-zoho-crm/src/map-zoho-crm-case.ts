import {
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
} from '@talkbridge/core';
import type { ZohoCase } from './zoho-crm-api.js';
import { firstText, type ZohoMappingOptions } from './zoho-crm-mapping.js';

/** Zoho's default Case statuses. A picklist the organisation can change: add its values with `statusMap`. */
export const ZOHO_CASE_STATUS_MAP: Readonly<Record<string, InteractionStatus>> = {
  New: 'new',
  'On Hold': 'pending',
  Escalated: 'open',
  Closed: 'closed',
};

/** Zoho's default Case priorities; no priority is `none`. */
export const ZOHO_CASE_PRIORITY_MAP: Readonly<Record<string, InteractionPriority>> = {
  High: 'high',
  Medium: 'normal',
  Low: 'low',
};

/** Cases → Talkdesk: the subject (or the case number), the description as plain text, created date. */
export function createZohoCaseMapper(
  options: ZohoMappingOptions,
): (record: ZohoCase) => ConnectorInteraction {
  const status = createValueMapper({
    name: 'zoho-crm.case.status',
    defaults: ZOHO_CASE_STATUS_MAP,
    overrides: options.statusMap,
    fallback: 'open',
    log: options.log,
  });
  const priority = createValueMapper({
    name: 'zoho-crm.case.priority',
    defaults: ZOHO_CASE_PRIORITY_MAP,
    overrides: options.priorityMap,
    fallback: 'normal',
    missing: 'none',
    log: options.log,
  });
  return (record) => {
    const description = plainTextPreview(record.Description);
    const number =
      record.Case_Number === null || record.Case_Number === undefined ? '' : String(record.Case_Number);
    return {
      id: `case-${record.id}`,
      subject: firstText(record.Subject, number ? `Case ${number}` : undefined) ?? 'Case',
      ...(description ? { description } : {}),
      date: record.Created_Time ?? '',
      url: options.links.record('Cases', record.id),
      status: status(record.Status),
      priority: priority(record.Priority),
    };
  };
}
