import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionStatus,
  plainTextPreview,
  type StatusMapper,
} from '@talkbridge/core';
import type { SalesforceEvent } from './salesforce-api.js';
import { lightningRecordUrl, type ValueOverrides } from './salesforce-value-maps.js';

/**
 * Events have no status or priority field. Their status comes from time: an event that has ended is a
 * "Past event", one still to come (or under way) an "Upcoming event". Operators can remap these two
 * names in `statusMap` like any native value. Priority is always none.
 */
export const EVENT_STATUS_DEFAULTS: Readonly<Record<string, InteractionStatus>> = {
  'Past event': 'closed',
  'Upcoming event': 'open',
};

export interface EventMapping {
  status: StatusMapper;
  agentOrigin: string | undefined;
  /** Epoch ms that "past" is measured against. */
  now: number;
}

export function createEventMapping(options: {
  log: BridgeLogger;
  overrides: ValueOverrides;
  agentOrigin: string | undefined;
  now?: number;
}): EventMapping {
  return {
    status: createValueMapper<InteractionStatus>({
      name: 'salesforce.event.status',
      defaults: EVENT_STATUS_DEFAULTS,
      overrides: options.overrides.statusMap,
      fallback: 'open',
      log: options.log,
    }),
    agentOrigin: options.agentOrigin,
    now: options.now ?? Date.now(),
  };
}

/** An Event (a meeting, a call slot) as a Talkdesk interaction, dated when it starts. */
export function mapSalesforceEvent(record: SalesforceEvent, mapping: EventMapping): ConnectorInteraction {
  const start = record.StartDateTime || record.ActivityDate || record.CreatedDate || '';
  const end = Date.parse(record.EndDateTime || start);
  const timing = !Number.isNaN(end) && end < mapping.now ? 'Past event' : 'Upcoming event';
  const description = plainTextPreview(record.Description);
  const url = lightningRecordUrl(mapping.agentOrigin, 'Event', record.Id);
  return {
    id: record.Id,
    subject: record.Subject?.trim() || 'Salesforce event',
    ...(description ? { description } : {}),
    date: start,
    ...(url ? { url } : {}),
    status: mapping.status(timing),
    priority: 'none',
  };
}
