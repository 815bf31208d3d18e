import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  type PriorityMapper,
  plainTextPreview,
  type StatusMapper,
} from '@talkbridge/core';
import type { IntercomConversation } from './intercom-api.js';
import type { IntercomAgentLinks } from './intercom-regions.js';

/** Conversation `state` → Talkdesk status. Override per integration with `options.statusMap`. */
export const INTERCOM_CONVERSATION_STATUS: Readonly<Record<string, InteractionStatus>> = {
  open: 'open',
  snoozed: 'pending',
  closed: 'closed',
};

/** Conversation `priority` → Talkdesk priority. Override per integration with `options.priorityMap`. */
export const INTERCOM_CONVERSATION_PRIORITY: Readonly<Record<string, InteractionPriority>> = {
  priority: 'high',
  not_priority: 'normal',
};

/** What the mapping tables need from the integration: the operator's overrides and where to log. */
export interface IntercomMappingOptions {
  statusMap?: Readonly<Record<string, InteractionStatus>> | undefined;
  priorityMap?: Readonly<Record<string, InteractionPriority>> | undefined;
  log: BridgeLogger;
}

export interface ConversationMappers {
  status: StatusMapper;
  priority: PriorityMapper;
}

export function conversationMappers(options: IntercomMappingOptions): ConversationMappers {
  return {
    status: createValueMapper({
      name: 'intercom.conversation.state',
      defaults: INTERCOM_CONVERSATION_STATUS,
      overrides: options.statusMap,
      fallback: 'open',
      log: options.log,
    }),
    priority: createValueMapper({
      name: 'intercom.conversation.priority',
      defaults: INTERCOM_CONVERSATION_PRIORITY,
      overrides: options.priorityMap,
      // Intercom's conversations are `not_priority` unless a teammate flags them.
      fallback: 'normal',
      log: options.log,
    }),
  };
}

/** The longest subject taken from a message's first words when the conversation has no title. */
export const SUBJECT_PREVIEW_LENGTH = 80;

/**
 * An Intercom conversation as a Talkdesk interaction. Its subject is the title, else the email subject,
 * else the first words of the opening message; the description is that message as plain text.
 */
export function mapIntercomConversation(
  conversation: IntercomConversation,
  mappers: ConversationMappers,
  links: IntercomAgentLinks,
): ConnectorInteraction {
  const body = conversation.source?.body;
  const url = links.conversation(conversation.id);
  const description = plainTextPreview(body);
  return {
    id: `conversation-${conversation.id}`,
    subject:
      plainTextPreview(conversation.title) ??
      plainTextPreview(conversation.source?.subject) ??
      plainTextPreview(body, SUBJECT_PREVIEW_LENGTH) ??
      `Conversation ${conversation.id}`,
    ...(description ? { description } : {}),
    date: fromEpochSeconds(conversation.created_at),
    ...(url ? { url } : {}),
    status: mappers.status(conversation.state),
    priority: mappers.priority(conversation.priority),
  };
}

/**
 * Intercom's Unix seconds as epoch milliseconds. A missing time becomes NaN, which is not a date: the
 * pipeline skips that one item and logs it instead of failing the answer.
 */
export function fromEpochSeconds(seconds: number | null | undefined): number {
  return typeof seconds === 'number' ? seconds * 1000 : Number.NaN;
}
