import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
} from '@talkbridge/core';
import type { ZendeskCustomStatus, ZendeskTicket } from './zendesk-api.js';

/**
 * Zendesk's ticket statuses (the `status` field; with custom ticket statuses activated it holds the status
 * category) → Talkdesk. On-hold tickets wait on a third party: pending for the contact's agent.
 */
export const ZENDESK_STATUS_MAP: Readonly<Record<string, InteractionStatus>> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'pending',
  solved: 'solved',
  closed: 'closed',
};

/** Zendesk's ticket priorities → Talkdesk; a ticket without a priority is `none`. */
export const ZENDESK_PRIORITY_MAP: Readonly<Record<string, InteractionPriority>> = {
  urgent: 'urgent',
  high: 'high',
  normal: 'normal',
  low: 'low',
};

/** What an unknown status becomes: a ticket Zendesk still lists is most safely shown as open. */
export const ZENDESK_STATUS_FALLBACK: InteractionStatus = 'open';
export const ZENDESK_PRIORITY_FALLBACK: InteractionPriority = 'none';

export interface ZendeskTicketMappingOptions {
  /** `https://acme.zendesk.com`, where agents open tickets; no `url` when the account gives none. */
  agentOrigin: string | undefined;
  /** Operator overrides: native status, custom status id, or custom status label → Talkdesk status. */
  statusMap?: Readonly<Record<string, InteractionStatus>> | undefined;
  priorityMap?: Readonly<Record<string, InteractionPriority>> | undefined;
  /** The account's custom statuses, when loaded (only needed for statusMap keys that are labels). */
  customStatuses?: readonly ZendeskCustomStatus[] | undefined;
  log: BridgeLogger;
}

/** The agent-UI address of a ticket: `https://acme.zendesk.com/agent/tickets/35436`. */
export function zendeskAgentTicketUrl(agentOrigin: string, ticketId: number | string): string {
  return `${agentOrigin}/agent/tickets/${encodeURIComponent(String(ticketId))}`;
}

/**
 * A mapper of Zendesk tickets to Talkdesk interactions. The status is, in order: the operator's
 * `statusMap` entry for the ticket's custom status id, then for its custom status label (agent label, when
 * the custom statuses are loaded), then the native `status` through `statusMap` and the default table.
 */
export function createZendeskTicketMapper(
  options: ZendeskTicketMappingOptions,
): (ticket: ZendeskTicket) => ConnectorInteraction {
  const mapStatus = createValueMapper({
    name: 'zendesk.status',
    defaults: ZENDESK_STATUS_MAP,
    overrides: options.statusMap,
    fallback: ZENDESK_STATUS_FALLBACK,
    log: options.log,
  });
  const mapPriority = createValueMapper({
    name: 'zendesk.priority',
    defaults: ZENDESK_PRIORITY_MAP,
    overrides: options.priorityMap,
    fallback: ZENDESK_PRIORITY_FALLBACK,
    missing: 'none',
    log: options.log,
  });
  const overrides = new Map<string, InteractionStatus>(
    Object.entries(options.statusMap ?? {}).map(([key, value]) => [key.trim().toLowerCase(), value]),
  );
  const customStatuses = new Map((options.customStatuses ?? []).map((status) => [status.id, status]));

  const statusOf = (ticket: ZendeskTicket): InteractionStatus => {
    const customId = ticket.custom_status_id;
    if (customId !== null && customId !== undefined) {
      const byId = overrides.get(String(customId));
      if (byId) return byId;
      const custom = customStatuses.get(customId);
      // The agent label only: end-user labels are shared across categories ("Open" for on-hold tickets).
      const label = custom?.agent_label?.trim().toLowerCase();
      const byLabel = label ? overrides.get(label) : undefined;
      if (byLabel) return byLabel;
      if (!ticket.status && custom?.status_category) return mapStatus(custom.status_category);
    }
    return mapStatus(ticket.status);
  };

  return (ticket) => {
    const description = plainTextPreview(ticket.description);
    const subject =
      ticket.subject?.trim() || plainTextPreview(ticket.description, 80) || `Ticket #${ticket.id}`;
    return {
      id: String(ticket.id),
      subject,
      ...(description ? { description } : {}),
      date: dateOf(ticket),
      ...(options.agentOrigin ? { url: zendeskAgentTicketUrl(options.agentOrigin, ticket.id) } : {}),
      status: statusOf(ticket),
      priority: mapPriority(ticket.priority),
    };
  };
}

/** Created date; a task that is still to do is dated by its due date, as Talkdesk asks of future items. */
function dateOf(ticket: ZendeskTicket): string {
  const done = ticket.status === 'solved' || ticket.status === 'closed';
  if (ticket.type === 'task' && ticket.due_at && !done) return ticket.due_at;
  return ticket.created_at;
}
