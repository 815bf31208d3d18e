import {
  type ConnectorInteraction,
  createValueMapper,
  type InteractionStatus,
  plainTextPreview,
  type StatusMapper,
} from '@talkbridge/core';
import type { ZohoCall, ZohoEvent } from './zoho-crm-api.js';
import { firstText, type ZohoMappingOptions, zohoTime } from './zoho-crm-mapping.js';

/**
 * Calls and meetings (Events) carry no status field the API returns for every edition, so the connector
 * derives one from the clock: `Scheduled` while the call or meeting is still ahead, `Completed` once it has
 * started (a meeting: once it has ended). These two names are the keys operators override in `statusMap`.
 * Neither has a priority: `none`.
 */
export const ZOHO_ACTIVITY_STATUS_MAP: Readonly<Record<string, InteractionStatus>> = {
  Scheduled: 'open',
  Completed: 'closed',
};

export const ZOHO_ACTIVITY_PRIORITY = 'none' as const;

function activityStatus(options: ZohoMappingOptions, type: 'call' | 'event'): StatusMapper {
  return createValueMapper({
    name: `zoho-crm.${type}.status`,
    defaults: ZOHO_ACTIVITY_STATUS_MAP,
    overrides: options.statusMap,
    fallback: 'closed',
    log: options.log,
  });
}

function isAhead(value: string | null | undefined, now: number): boolean {
  const time = zohoTime(value);
  return time !== undefined && time > now;
}

/** Calls → Talkdesk: dated when the call starts (scheduled calls are future items). */
export function createZohoCallMapper(
  options: ZohoMappingOptions,
): (record: ZohoCall) => ConnectorInteraction {
  const status = activityStatus(options, 'call');
  return (record) => {
    const kind = firstText(record.Call_Type);
    const duration = firstText(record.Call_Duration);
    const summary = kind
      ? `${kind} call${duration ? `, ${duration}` : ''}.`
      : duration
        ? `Duration ${duration}.`
        : '';
    const description = plainTextPreview(`${summary} ${plainTextPreview(record.Description) ?? ''}`);
    return {
      id: `call-${record.id}`,
      subject: firstText(record.Subject) ?? (kind ? `${kind} call` : 'Call'),
      ...(description ? { description } : {}),
      date: record.Call_Start_Time ?? record.Created_Time ?? '',
      url: options.links.record('Calls', record.id),
      status: status(isAhead(record.Call_Start_Time, options.now) ? 'Scheduled' : 'Completed'),
      priority: ZOHO_ACTIVITY_PRIORITY,
    };
  };
}

/** Meetings (the Events module) → Talkdesk: dated when the meeting starts. */
export function createZohoEventMapper(
  options: ZohoMappingOptions,
): (record: ZohoEvent) => ConnectorInteraction {
  const status = activityStatus(options, 'event');
  return (record) => {
    const venue = firstText(record.Venue);
    const description = plainTextPreview(
      `${venue ? `At ${venue}.` : ''} ${plainTextPreview(record.Description) ?? ''}`,
    );
    return {
      id: `event-${record.id}`,
      subject: firstText(record.Event_Title) ?? 'Meeting',
      ...(description ? { description } : {}),
      date: record.Start_DateTime ?? record.Created_Time ?? '',
      url: options.links.record('Events', record.id),
      status: status(
        isAhead(record.End_DateTime ?? record.Start_DateTime, options.now) ? 'Scheduled' : 'Completed',
      ),
      priority: ZOHO_ACTIVITY_PRIORITY,
    };
  };
}
