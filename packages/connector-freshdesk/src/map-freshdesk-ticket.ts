import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
  type ValueMapper,
  withoutTrailing,
} from '@talkbridge/core';
import type { FreshdeskTicket } from './freshdesk-api.js';

/**
 * Freshdesk's built-in ticket statuses (numeric) → Talkdesk. Statuses an account adds itself get ids from 6
 * up, differ per account, and map to `open` until the operator names them in `statusMap` (e.g. `"6":
 * "pending"` for a "Waiting on customer" status).
 */
export const FRESHDESK_STATUS_MAP: Readonly<Record<string, InteractionStatus>> = {
  '2': 'open', // Open
  '3': 'pending', // Pending
  '4': 'solved', // Resolved
  '5': 'closed', // Closed
};

/** What a custom (6+) or otherwise unknown status becomes; a missing one too. */
export const FRESHDESK_STATUS_FALLBACK: InteractionStatus = 'open';

/** Freshdesk's ticket priorities (numeric) → Talkdesk. */
export const FRESHDESK_PRIORITY_MAP: Readonly<Record<string, InteractionPriority>> = {
  '1': 'low', // Low
  '2': 'normal', // Medium
  '3': 'high', // High
  '4': 'urgent', // Urgent
};

/** What an unknown or missing priority becomes. */
export const FRESHDESK_PRIORITY_FALLBACK: InteractionPriority = 'none';

export interface FreshdeskTicketMapping {
  /** Where the agent UI lives, e.g. `https://acme.freshdesk.com`. */
  agentOrigin: string;
  mapStatus: ValueMapper<InteractionStatus>;
  mapPriority: ValueMapper<InteractionPriority>;
}

/** The status and priority mappers of one retrieval: defaults, then the operator's overrides. */
export function createFreshdeskMappers(options: {
  statusMap?: Readonly<Record<string, InteractionStatus>> | undefined;
  priorityMap?: Readonly<Record<string, InteractionPriority>> | undefined;
  log: BridgeLogger;
}): Pick<FreshdeskTicketMapping, 'mapStatus' | 'mapPriority'> {
  return {
    mapStatus: createValueMapper({
      name: 'freshdesk.status',
      defaults: FRESHDESK_STATUS_MAP,
      overrides: options.statusMap,
      fallback: FRESHDESK_STATUS_FALLBACK,
      log: options.log,
    }),
    mapPriority: createValueMapper({
      name: 'freshdesk.priority',
      defaults: FRESHDESK_PRIORITY_MAP,
      overrides: options.priorityMap,
      fallback: FRESHDESK_PRIORITY_FALLBACK,
      log: options.log,
    }),
  };
}

/** The ticket's page in the Freshdesk agent UI (not the API). */
export function freshdeskTicketUrl(agentOrigin: string, ticketId: number | string): string {
  return `${withoutTrailing(agentOrigin, '/')}/a/tickets/${encodeURIComponent(String(ticketId))}`;
}

/** A Freshdesk ticket as a Talkdesk interaction: dated by its creation, linked to the agent UI. */
export function mapFreshdeskTicket(
  ticket: FreshdeskTicket,
  mapping: FreshdeskTicketMapping,
): ConnectorInteraction {
  const subject = ticket.subject?.trim();
  // `description` is the HTML body; `description_text` Freshdesk's own plain version, used when HTML is absent.
  const description = plainTextPreview(ticket.description) ?? plainTextPreview(ticket.description_text);
  return {
    id: String(ticket.id),
    subject: subject ? subject : `Freshdesk ticket #${ticket.id}`,
    ...(description ? { description } : {}),
    // A ticket is a past interaction: its creation date (an unreadable one is skipped and logged by core).
    date: ticket.created_at ?? '',
    url: freshdeskTicketUrl(mapping.agentOrigin, ticket.id),
    status: mapping.mapStatus(ticket.status),
    priority: mapping.mapPriority(ticket.priority),
  };
}
