// The create_ticket action: a Help Scout conversation for the contact, assigned to the agent.
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
import { z } from 'zod';
import {
  type HelpScoutErrorBody,
  helpScoutCreatedConversationSchema,
  helpScoutMailboxListSchema,
} from './helpscout-api.js';
import type { HelpScoutContext } from './helpscout-context.js';
import { customersWithEmails } from './helpscout-customers.js';
import { helpScoutCustomerUrl } from './map-helpscout-customer.js';

const CONVERSATION_TYPES = ['phone', 'email'] as const;
type ConversationType = (typeof CONVERSATION_TYPES)[number];

/** Help Scout ids are numbers: anything else in a request cannot be one. */
const HELPSCOUT_ID = /^\d{1,15}$/;

export const helpScoutActions: Record<string, ConnectorAction<HelpScoutContext>> = {
  create_ticket: {
    display: 'create a ticket',
    description: 'create a new conversation in Help Scout',
    inputs: [
      { key: 'subject', name: 'Conversation subject', mandatory: true },
      { key: 'description', name: 'Conversation text (the call notes)', mandatory: false },
      // The customer when the call is not about a synced contact (found, or created by Help Scout).
      CONTACT_EMAIL_INPUT,
      { key: 'contact_name', name: 'Customer name, for a new customer', mandatory: false },
      {
        key: 'mailbox_id',
        name: 'Help Scout inbox id (default: the integration’s inbox)',
        mandatory: false,
      },
      { key: 'type', name: 'Conversation type: phone (default) or email', mandatory: false },
    ],
    run: createTicket,
  },
};

/**
 * One POST /v2/conversations, after at most two reads: the inbox list when no inbox is configured, and a
 * customer search when the contact is given by email only. When Help Scout created the customer, one more
 * read of the new conversation gives its id back to Talkdesk.
 */
async function createTicket(ctx: HelpScoutContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const { data } = request;
  // Everything that can be checked locally is checked before any call.
  const type = conversationType(data.type);
  const contact = actionContactOf(request, {
    needs: 'a Help Scout conversation needs a customer',
    isId: (id) => HELPSCOUT_ID.test(id),
    idDescription: 'a Help Scout customer id (Help Scout ids are numbers)',
  });
  const contactId = contact.by === 'id' ? Number(contact.id) : undefined;
  const agentId = checkedId(request.agentExternalId, 'meta.agent_external_id', 'user');
  const inputMailbox = checkedId(data.mailbox_id, 'data.mailbox_id', 'inbox');

  const mailboxId = inputMailbox ?? ctx.settings.mailboxId ?? (await onlyMailbox(ctx));
  let customer: { id: number } | { email: string; firstName?: string; lastName?: string };
  let newCustomer = false;
  if (contact.by === 'id') {
    customer = { id: Number(contact.id) };
  } else {
    const known = (await customersWithEmails(ctx, [contact.email]))[0];
    if (known) {
      customer = { id: Number(known.id) };
    } else {
      // Help Scout creates the customer from these fields when no customer has the address.
      customer = { email: contact.email, ...nameParts(data.contact_name) };
      newCustomer = true;
    }
  }

  const body = {
    subject: data.subject,
    type,
    mailboxId,
    status: 'active',
    customer,
    // A phone thread records the call; an email conversation starts with the customer's message. Neither
    // sends anything to the customer.
    threads: [
      {
        type: type === 'phone' ? 'phone' : 'customer',
        customer,
        text: data.description ?? data.subject,
      },
    ],
    ...(agentId !== undefined ? { assignTo: agentId } : {}),
  };
  let created: { status: number; headers: Headers };
  try {
    // No idempotency key: Help Scout documents none, so a failed create is never retried.
    created = await ctx.http.request('POST', '/conversations', { json: body, schema: z.unknown() });
  } catch (error) {
    throw refusedCreation(error, { mailboxId, contactId, agentId }) ?? error;
  }

  const id = createdId(created.headers);
  if (id === undefined) {
    // Created, but Help Scout did not say its id: report success rather than invite a retry.
    ctx.log.warn({ status: created.status }, 'Help Scout created a conversation without a Resource-ID');
    return { message: 'Help Scout conversation created' };
  }
  const answer: ActionExecutionResponse = {
    message: `Help Scout conversation ${id} created`,
    external_id: id,
  };
  if (!newCustomer) return answer;
  const customerId = await createdCustomerId(ctx, id);
  return customerId === undefined
    ? answer
    : {
        ...answer,
        contact_external_id: customerId,
        contact_external_type: 'customer',
        contact_external_url: helpScoutCustomerUrl(customerId),
      };
}

function conversationType(text: string | undefined): ConversationType {
  if (text === undefined) return 'phone';
  const type = CONVERSATION_TYPES.find((candidate) => candidate === text.toLowerCase());
  if (!type) throw fieldError('data.type', 'expected phone or email');
  return type;
}

function checkedId(value: string | undefined, where: string, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!HELPSCOUT_ID.test(value)) {
    throw fieldError(where, `expected a Help Scout ${what} id (Help Scout ids are numbers)`);
  }
  return Number(value);
}

function nameParts(name: string | undefined): { firstName?: string; lastName?: string } {
  const words = name?.trim().split(/\s+/).filter(Boolean) ?? [];
  if (words.length === 0) return {};
  if (words.length === 1) return { firstName: words[0] as string };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1) as string };
}

/** The account's inbox when it has exactly one; with several, which one is the operator's choice. */
async function onlyMailbox(ctx: HelpScoutContext): Promise<number> {
  const answer = await ctx.http.get('/mailboxes', { schema: helpScoutMailboxListSchema });
  const mailboxes = answer._embedded?.mailboxes ?? [];
  if (mailboxes.length === 1) return Number(mailboxes[0]?.id);
  if (mailboxes.length === 0) {
    throw new BridgeError(
      'action_failed',
      'The connected Help Scout user has no inbox to create the conversation in',
    );
  }
  const ids = mailboxes
    .slice(0, 10)
    .map((mailbox) => mailbox.id)
    .join(', ');
  throw new BridgeError(
    'action_failed',
    `This Help Scout account has several inboxes (${ids}${mailboxes.length > 10 ? ', …' : ''}): set the integration’s mailboxId option or the action’s mailbox_id input`,
  );
}

/** The new conversation's id: Help Scout answers 201 with it in `Resource-ID` (and at the end of `Location`). */
function createdId(headers: Headers): string | undefined {
  const resourceId = headers.get('resource-id')?.trim();
  if (resourceId && HELPSCOUT_ID.test(resourceId)) return resourceId;
  const location = /\/conversations\/(\d{1,15})\/?$/.exec(headers.get('location') ?? '');
  return location?.[1];
}

/** The customer Help Scout attached to the new conversation; undefined (logged) if that read fails. */
async function createdCustomerId(ctx: HelpScoutContext, conversationId: string): Promise<string | undefined> {
  try {
    const conversation = await ctx.http.get(path`/conversations/${conversationId}`, {
      schema: helpScoutCreatedConversationSchema,
    });
    return conversation.primaryCustomer?.id ?? undefined;
  } catch (error) {
    // The conversation exists: failing the action now would only invite a duplicate.
    ctx.log.warn(
      { conversation_id: conversationId, code: BridgeError.isInstance(error) ? error.code : 'internal' },
      'could not read the customer of the new Help Scout conversation',
    );
    return undefined;
  }
}

// --- Help Scout's reasons for refusing a conversation ------------------------------------------------
//
// A refused create is read through the declared error body: Help Scout's field errors become an
// `action_failed` naming the fields; every other failure is left exactly as core maps it.

/** What each field Help Scout names is, in the request's terms. */
function describeField(
  field: string,
  ids: { mailboxId: number; contactId?: number; agentId?: number },
): string {
  if (field === 'mailboxId') return `the inbox (${ids.mailboxId})`;
  if (field === 'assignTo') return `the agent (meta.agent_external_id ${ids.agentId})`;
  if (field.startsWith('customer') || /^threads\[\d+\]\.customer/.test(field)) {
    return ids.contactId !== undefined
      ? `the customer (meta.contact_external_id ${ids.contactId})`
      : 'the customer (data.contact_email / data.contact_name)';
  }
  if (field === 'subject') return 'the subject (data.subject)';
  if (/^threads\[\d+\]\.text$/.test(field)) return 'the text (data.description)';
  return field.replace(/[^\w.[\]]/g, '').slice(0, 60);
}

/** Help Scout's message, as text fit for an error message: one line, bounded. */
function cleanMessage(message: string): string {
  // Control characters (line breaks included) become spaces: the message stays one line.
  const printable = [...message].map((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f ? ' ' : character;
  });
  return printable.join('').replace(/\s+/g, ' ').trim().slice(0, 160);
}

function refusedCreation(
  error: unknown,
  ids: { mailboxId: number; contactId?: number | undefined; agentId?: number | undefined },
): BridgeError | undefined {
  const refusal = refusalOf<HelpScoutErrorBody>(error);
  switch (refusal?.status) {
    case 400:
    case 422: {
      const fields = (refusal.body?._embedded?.errors ?? [])
        .flatMap((entry) =>
          entry.path && entry.message ? [{ path: entry.path, message: entry.message }] : [],
        )
        .slice(0, 3);
      const reasons = fields.map(
        (field) => `${describeField(field.path, ids)}: ${cleanMessage(field.message)}`,
      );
      return new BridgeError(
        'action_failed',
        reasons.length > 0
          ? `Help Scout refused the conversation: ${reasons.join('; ')}`
          : `Help Scout refused the conversation (${refusal.status}): check the inbox (${ids.mailboxId}), the customer and the agent`,
      );
    }
    case 403:
      return new BridgeError(
        'action_failed',
        `Help Scout did not let the connected user create a conversation in inbox ${ids.mailboxId} (403): check the user’s access to that inbox`,
      );
    case 413:
      return new BridgeError(
        'action_failed',
        'The conversation is too large for Help Scout (at most 256 kB): shorten data.description',
      );
    default:
      return undefined;
  }
}
