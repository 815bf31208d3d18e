// The actions Talkdesk can run in Zendesk.
import { randomUUID } from 'node:crypto';
import {
  type ActionExecutionResponse,
  type ActionRequest,
  actionContactOf,
  BridgeError,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  fieldError,
  path,
  refusalOf,
} from '@talkbridge/core';
import type { z } from 'zod';
import {
  type ZendeskErrorBody,
  zendeskCreatedTicketResponseSchema,
  zendeskUserCreatedResponseSchema,
} from './zendesk-api.js';
import { agentOriginOf, agentUserUrl, type ZendeskContext, zendeskIdOf } from './zendesk-context.js';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const YES = new Set(['yes', 'true', '1', 'public']);
const NO = new Set(['no', 'false', '0', 'private', 'internal']);
/** A requester created by the ticket request itself is created in the same instant as the ticket. */
const SAME_REQUEST_MS = 10_000;

export const zendeskActions: Record<string, ConnectorAction<ZendeskContext>> = {
  create_ticket: {
    display: 'create a ticket',
    description: 'create a new ticket in Zendesk',
    inputs: [
      { key: 'subject', name: 'Ticket subject', mandatory: true },
      {
        key: 'description',
        name: 'Ticket description (the first comment; the subject when empty)',
        mandatory: false,
      },
      { key: 'priority', name: 'Priority: low, normal, high or urgent', mandatory: false },
      {
        key: 'public_comment',
        name: 'Send the description to the requester as a public reply: yes or no (default no, an internal note)',
        mandatory: false,
      },
      // The requester when the ticket is not for a synchronized contact: found, or created by Zendesk.
      CONTACT_EMAIL_INPUT,
      { key: 'contact_name', name: 'Requester name, for a new requester', mandatory: false },
    ],
    run: createTicket,
  },
};

/**
 * `POST /api/v2/tickets`, sent once (never retried: it creates a ticket). The requester is
 * `meta.contact_external_id` (a Zendesk user id), else `data.contact_email`, which Zendesk finds or creates;
 * the assignee is `meta.agent_external_id`. When the requester came from an email, one `GET` of the requester
 * tells whether Zendesk created them with the ticket, to report the new contact.
 */
async function createTicket(ctx: ZendeskContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const { data } = request;
  const subject = data.subject as string;
  const requester = requesterOf(request);
  const assigneeId = idFrom(request.agentExternalId, 'meta.agent_external_id', 'an agent id');
  const priority = priorityOf(data.priority);
  const isPublic = publicCommentOf(data.public_comment);

  const ticket = {
    subject,
    // Zendesk needs a first comment to create a ticket.
    comment: { body: data.description || subject, public: isPublic },
    ...('id' in requester ? { requester_id: requester.id } : { requester: requester.newRequester }),
    ...(assigneeId !== undefined ? { assignee_id: assigneeId } : {}),
    ...(priority ? { priority } : {}),
  };

  let created: z.output<typeof zendeskCreatedTicketResponseSchema>;
  try {
    created = await ctx.http.post('/tickets', {
      json: { ticket },
      schema: zendeskCreatedTicketResponseSchema,
      // Zendesk de-duplicates creates that carry the same key, which makes core's retry of a 5xx safe.
      idempotencyKey: { header: 'Idempotency-Key', value: randomUUID() },
    });
  } catch (error) {
    throw explainRefusal(error) ?? error;
  }

  const ticketId = String(created.ticket.id);
  const origin = agentOriginOf(ctx.auth);
  const response: ActionExecutionResponse = {
    message: `Ticket #${ticketId} created${origin ? `: ${origin}/agent/tickets/${ticketId}` : ''}`,
    external_id: ticketId,
  };
  if ('id' in requester) return response;
  const newContact = await requesterCreatedWith(ctx, created.ticket);
  if (newContact === undefined) return response;
  const contactUrl = agentUserUrl(ctx.auth, newContact);
  return {
    ...response,
    contact_external_id: String(newContact),
    contact_external_type: 'user',
    ...(contactUrl ? { contact_external_url: contactUrl } : {}),
  };
}

type Requester = { id: number } | { newRequester: { email: string; name: string } };

function requesterOf(request: ActionRequest): Requester {
  const contact = actionContactOf(request, {
    needs: 'a Zendesk ticket needs a requester',
    isId: (id) => zendeskIdOf(id) !== undefined,
    idDescription: 'a Zendesk user id: a positive whole number',
  });
  if (contact.by === 'id') return { id: zendeskIdOf(contact.id) as number };
  // Zendesk names a new requester with `name`; an existing one keeps theirs.
  return { newRequester: { email: contact.email, name: request.data.contact_name || contact.email } };
}

function idFrom(value: string | undefined, where: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  const id = zendeskIdOf(value.trim());
  if (id === undefined) throw fieldError(where, `expected ${what}: a positive whole number`);
  return id;
}

function priorityOf(text: string | undefined): (typeof PRIORITIES)[number] | undefined {
  if (text === undefined) return undefined;
  const wanted = text.toLowerCase();
  // Talkdesk's own scale has `none`: leave the ticket without a priority.
  if (wanted === 'none') return undefined;
  const priority = PRIORITIES.find((candidate) => candidate === wanted);
  if (!priority) throw fieldError('data.priority', `expected one of ${PRIORITIES.join(', ')}`);
  return priority;
}

function publicCommentOf(text: string | undefined): boolean {
  if (text === undefined) return false;
  const wanted = text.toLowerCase();
  if (YES.has(wanted)) return true;
  if (NO.has(wanted)) return false;
  throw fieldError('data.public_comment', 'expected yes or no');
}

/**
 * Zendesk's refusals of the ticket itself, as `action_failed` (a 400 for Talkdesk) with what to check. Only
 * the status is read: the body's details may echo request data (emails, names).
 */
function explainRefusal(error: unknown): BridgeError | undefined {
  switch (refusalOf<ZendeskErrorBody>(error)?.status) {
    case 422:
      return new BridgeError(
        'action_failed',
        'Zendesk refused the ticket as invalid (422): check that the requester (meta.contact_external_id or ' +
          'data.contact_email) exists or can be created and that meta.agent_external_id is an agent who can be assigned',
      );
    case 400:
      return new BridgeError('action_failed', 'Zendesk refused the ticket request as malformed (400)');
    case 403:
      return new BridgeError(
        'action_failed',
        'Zendesk did not allow these credentials to create the ticket (403): the agent may lack the permission',
      );
    case 404:
      return new BridgeError('action_failed', 'Zendesk did not find what the ticket refers to (404)');
    default:
      return undefined;
  }
}

/**
 * The requester's id when Zendesk created them along with the ticket (the requester came from an email),
 * else undefined. The ticket exists whatever happens here: any failure is logged, not thrown. Not the kit's
 * `optionalLookup`, which lets a refused credential fail the request: Talkdesk would then refresh the token
 * and run the action again, creating the ticket twice.
 */
async function requesterCreatedWith(
  ctx: ZendeskContext,
  ticket: { requester_id?: number | null; created_at?: string | null },
): Promise<number | undefined> {
  const requesterId = ticket.requester_id;
  const ticketTime = ticket.created_at ? Date.parse(ticket.created_at) : Number.NaN;
  if (!requesterId || Number.isNaN(ticketTime)) return undefined;
  try {
    const found = await ctx.http.getIfExists(path`/users/${String(requesterId)}`, {
      schema: zendeskUserCreatedResponseSchema,
    });
    const userTime = found?.user.created_at ? Date.parse(found.user.created_at) : Number.NaN;
    return userTime >= ticketTime - SAME_REQUEST_MS ? requesterId : undefined;
  } catch (error) {
    const code = BridgeError.isInstance(error) ? error.code : 'internal';
    ctx.log.warn({ code }, 'the ticket was created; whether its requester is new could not be read');
    return undefined;
  }
}
