import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  plainTextPreview,
  type StatusMapper,
} from '@talkbridge/core';
import type { HelpScoutConversation } from './helpscout-api.js';

/**
 * Help Scout conversation status → Talkdesk status. Keys are Help Scout's values; operators override or
 * extend them with the integration's `statusMap` option. `spam` is not here: spam is never returned.
 */
export const HELPSCOUT_STATUS_MAP: Readonly<Record<string, InteractionStatus>> = {
  active: 'open',
  pending: 'pending',
  closed: 'closed',
};

/** A status Help Scout adds later (or a custom one): shown as open, and logged once. */
export const HELPSCOUT_STATUS_FALLBACK: InteractionStatus = 'open';

/** Conversations in these statuses are left out of the answer. */
export const HELPSCOUT_HIDDEN_STATUSES: readonly string[] = ['spam'];

/** Help Scout conversations have no priority. */
export const HELPSCOUT_PRIORITY: InteractionPriority = 'none';

/** Where an agent opens a conversation in Help Scout's web app. */
export const HELPSCOUT_APP_ORIGIN = 'https://secure.helpscout.net';

export function createHelpScoutStatusMapper(
  overrides: Readonly<Record<string, InteractionStatus>> | undefined,
  log: BridgeLogger,
): StatusMapper {
  return createValueMapper<InteractionStatus>({
    name: 'helpscout.status',
    defaults: HELPSCOUT_STATUS_MAP,
    overrides,
    fallback: HELPSCOUT_STATUS_FALLBACK,
    log,
  });
}

export function isHiddenConversation(conversation: Pick<HelpScoutConversation, 'status'>): boolean {
  return HELPSCOUT_HIDDEN_STATUSES.includes((conversation.status ?? '').toLowerCase());
}

/** `https://secure.helpscout.net/conversation/{id}/{number}/`, the URL Help Scout's own docs describe. */
export function helpScoutConversationUrl(id: string, number: number | null | undefined): string {
  const base = `${HELPSCOUT_APP_ORIGIN}/conversation/${encodeURIComponent(id)}/`;
  return number === null || number === undefined ? base : `${base}${number}/`;
}

const TYPE_LABELS: Readonly<Record<string, string>> = {
  email: 'Email conversation',
  chat: 'Chat conversation',
  phone: 'Phone conversation',
};

function subjectOf(conversation: HelpScoutConversation): string {
  const subject = conversation.subject?.trim();
  if (subject) return subject;
  // Chats and phone conversations often have no subject: name them the way the agent UI lists them.
  const label = TYPE_LABELS[(conversation.type ?? '').toLowerCase()] ?? 'Conversation';
  return conversation.number === null || conversation.number === undefined
    ? label
    : `${label} #${conversation.number}`;
}

/** One Help Scout conversation as a Talkdesk interaction (the pipeline adds `type` and formats `date`). */
export function mapHelpScoutConversation(
  conversation: HelpScoutConversation,
  mapStatus: StatusMapper,
): ConnectorInteraction {
  const description = plainTextPreview(conversation.preview);
  return {
    id: conversation.id,
    subject: subjectOf(conversation),
    ...(description ? { description } : {}),
    // A conversation is not a future item: its date is when it was created. A missing date is skipped
    // (and logged) by the pipeline rather than invented here.
    date: conversation.createdAt ?? '',
    url: helpScoutConversationUrl(conversation.id, conversation.number),
    status: mapStatus(conversation.status),
    priority: HELPSCOUT_PRIORITY,
  };
}
