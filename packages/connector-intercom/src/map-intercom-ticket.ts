import {
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
  type StatusMapper,
} from '@talkbridge/core';
import type { IntercomTicket } from './intercom-api.js';
import type { IntercomAgentLinks } from './intercom-regions.js';
import { fromEpochSeconds, type IntercomMappingOptions } from './map-intercom-conversation.js';

/**
 * Ticket state category → Talkdesk status. Every custom ticket state belongs to one of these four
 * categories. Override per integration with `options.statusMap`.
 */
export const INTERCOM_TICKET_STATUS: Readonly<Record<string, InteractionStatus>> = {
  submitted: 'new',
  in_progress: 'open',
  waiting_on_customer: 'pending',
  resolved: 'solved',
};

/** Intercom tickets carry no priority of their own. */
export const INTERCOM_TICKET_PRIORITY: InteractionPriority = 'none';

export function ticketStatusMapper(options: IntercomMappingOptions): StatusMapper {
  return createValueMapper({
    name: 'intercom.ticket.state',
    defaults: INTERCOM_TICKET_STATUS,
    overrides: options.statusMap,
    fallback: 'open',
    log: options.log,
  });
}

/** An Intercom ticket as a Talkdesk interaction: its title, description, state category and Inbox link. */
export function mapIntercomTicket(
  ticket: IntercomTicket,
  status: StatusMapper,
  links: IntercomAgentLinks,
): ConnectorInteraction {
  const attributes = ticket.ticket_attributes ?? {};
  const description = plainTextPreview(textOf(attributes._default_description_));
  const number = ticket.ticket_id ?? ticket.id;
  const typeName = ticket.ticket_type?.name?.trim();
  const url = links.conversation(ticket.id);
  const state = typeof ticket.ticket_state === 'string' ? ticket.ticket_state : ticket.ticket_state?.category;
  return {
    id: `ticket-${ticket.id}`,
    subject:
      plainTextPreview(textOf(attributes._default_title_)) ??
      (typeName ? `${typeName} #${number}` : `Ticket #${number}`),
    ...(description ? { description } : {}),
    date: fromEpochSeconds(ticket.created_at),
    ...(url ? { url } : {}),
    status: status(state),
    priority: INTERCOM_TICKET_PRIORITY,
  };
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
