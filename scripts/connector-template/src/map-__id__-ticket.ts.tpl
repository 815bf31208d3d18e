// A __DISPLAY__ ticket as a Talkdesk interaction: pure, no I/O. The status and priority tables live here
// (and in the README); operators override them per integration with `statusMap` / `priorityMap`.
import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
  type ValueMapper,
} from '@talkbridge/core';
import type { __Name__Ticket } from './__id__-api.js';

/** __DISPLAY__ ticket statuses → Talkdesk. TODO(__id__): the vendor's documented values. */
export const __CONST___STATUS_MAP: Readonly<Record<string, InteractionStatus>> = {
  new: 'open',
  open: 'open',
  pending: 'pending',
  solved: 'solved',
  closed: 'closed',
};

/** __DISPLAY__ ticket priorities → Talkdesk. */
export const __CONST___PRIORITY_MAP: Readonly<Record<string, InteractionPriority>> = {
  low: 'low',
  normal: 'normal',
  high: 'high',
  urgent: 'urgent',
};

export interface __Name__TicketMapping {
  /** Where the agent UI lives, e.g. `https://acme.__id__.example.com`. */
  agentOrigin: string;
  mapStatus: ValueMapper<InteractionStatus>;
  mapPriority: ValueMapper<InteractionPriority>;
}

/** The status and priority mappers of one retrieval: defaults, then the operator's overrides. */
export function create__Name__Mappers(options: {
  statusMap?: Readonly<Record<string, InteractionStatus>> | undefined;
  priorityMap?: Readonly<Record<string, InteractionPriority>> | undefined;
  log: BridgeLogger;
}): Pick<__Name__TicketMapping, 'mapStatus' | 'mapPriority'> {
  return {
    mapStatus: createValueMapper({
      name: '__id__.status',
      defaults: __CONST___STATUS_MAP,
      overrides: options.statusMap,
      fallback: 'open',
      log: options.log,
    }),
    mapPriority: createValueMapper({
      name: '__id__.priority',
      defaults: __CONST___PRIORITY_MAP,
      overrides: options.priorityMap,
      fallback: 'none',
      log: options.log,
    }),
  };
}

/** A ticket, dated by its creation and linked to its page in the agent UI. */
export function map__Name__Ticket(ticket: __Name__Ticket, mapping: __Name__TicketMapping): ConnectorInteraction {
  const subject = ticket.subject?.trim();
  const description = plainTextPreview(ticket.description);
  return {
    id: String(ticket.id),
    subject: subject ? subject : `__DISPLAY__ ticket #${ticket.id}`,
    ...(description ? { description } : {}),
    // An unreadable date is skipped and logged by core.
    date: ticket.created_at ?? '',
    url: `${mapping.agentOrigin}/tickets/${encodeURIComponent(String(ticket.id))}`,
    status: mapping.mapStatus(ticket.status),
    priority: mapping.mapPriority(ticket.priority),
  };
}
