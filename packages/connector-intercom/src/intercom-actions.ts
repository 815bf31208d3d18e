import {
  type ActionExecutionResponse,
  type ActionRequest,
  actionContactOf,
  BridgeError,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  fieldError,
  refusalOf,
} from '@talkbridge/core';
import {
  type IntercomErrorBody,
  intercomContactListSchema,
  intercomCreatedTicketSchema,
  intercomTicketTypeListSchema,
} from './intercom-api.js';
import { type IntercomContext, TICKET_TYPE_ID } from './intercom-context.js';
import { intercomAgentLinks } from './intercom-regions.js';

/** Who the ticket is about, as `POST /tickets` takes it, and whether this action had to create them. */
type TicketContact = { ref: { id: string } | { email: string }; known: boolean };

export const intercomActions: Record<string, ConnectorAction<IntercomContext>> = {
  create_ticket: {
    display: 'create a ticket',
    description: 'create a new ticket in Intercom',
    inputs: [
      { key: 'subject', name: 'Ticket title', mandatory: true },
      { key: 'description', name: 'Ticket description', mandatory: false },
      CONTACT_EMAIL_INPUT,
      {
        key: 'ticket_type_id',
        name: 'Intercom ticket type id (default: the integration’s, else the only customer ticket type)',
        mandatory: false,
      },
    ],
    run: createTicket,
  },
};

/**
 * `POST /tickets` with the title and description, the contact (`meta.contact_external_id`, else the one
 * with `data.contact_email`, which Intercom creates when nobody has it) and the assignee
 * (`meta.agent_external_id`, an admin id from agent synchronization). Sent once: Intercom documents no
 * idempotency key for it, so it is never retried.
 */
async function createTicket(ctx: IntercomContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const { subject, description } = request.data;
  const typeInput = request.data.ticket_type_id;
  if (typeInput !== undefined && !TICKET_TYPE_ID.test(typeInput)) {
    throw fieldError('data.ticket_type_id', 'expected the id of an Intercom ticket type, e.g. 88');
  }
  const who = actionContactOf(request, { needs: 'an Intercom ticket needs a contact' });

  // The ticket type and the contact are independent lookups (each only when needed): side by side.
  const [ticketTypeId, contact] = await Promise.all([
    typeInput ?? ctx.settings.ticketTypeId ?? onlyCustomerTicketType(ctx),
    who.by === 'id'
      ? ({ ref: { id: who.id }, known: true } satisfies TicketContact)
      : contactByEmail(ctx, who.email),
  ]);

  const ticket = await ctx.http
    .post('/tickets', {
      json: {
        ticket_type_id: ticketTypeId,
        contacts: [contact.ref],
        ticket_attributes: {
          _default_title_: subject,
          ...(description ? { _default_description_: description } : {}),
        },
        ...(request.agentExternalId ? { assignment: { admin_assignee_id: request.agentExternalId } } : {}),
      },
      schema: intercomCreatedTicketSchema,
    })
    .catch((error: unknown) => {
      throw ticketRefused(error, { ticketTypeId, request }) ?? error;
    });

  const createdContactId = contact.known ? undefined : ticket.contacts?.contacts?.[0]?.id;
  const contactUrl =
    createdContactId &&
    intercomAgentLinks(ctx.auth.region, ticket.ticket_type?.workspace_id).contact(createdContactId);
  return {
    message: `Ticket #${ticket.ticket_id ?? ticket.id} created in Intercom`,
    external_id: ticket.id,
    ...(createdContactId
      ? {
          contact_external_id: createdContactId,
          contact_external_type: 'contact',
          ...(contactUrl ? { contact_external_url: contactUrl } : {}),
        }
      : {}),
  };
}

/**
 * The contact with this email (`POST /contacts/search`; a user before a lead), or, when there is none,
 * the email itself: `POST /tickets` then creates the contact, and the answer reports it.
 */
async function contactByEmail(ctx: IntercomContext, email: string): Promise<TicketContact> {
  const found = await ctx.http.post('/contacts/search', {
    json: { query: { field: 'email', operator: '=', value: email }, pagination: { per_page: 5 } },
    readOnly: true,
    schema: intercomContactListSchema,
  });
  const contacts = found.data ?? [];
  const contact = contacts.find((candidate) => candidate.role === 'user') ?? contacts[0];
  return contact ? { ref: { id: contact.id }, known: true } : { ref: { email }, known: false };
}

/**
 * The ticket type when neither the action nor the integration names one: the workspace's only live
 * ticket type of category Customer (`GET /ticket_types`). With none or several, the action fails and says
 * how to choose.
 */
async function onlyCustomerTicketType(ctx: IntercomContext): Promise<string> {
  const types = await ctx.http.get('/ticket_types', { schema: intercomTicketTypeListSchema });
  const customer = (types.data ?? []).filter((type) => type.category === 'Customer' && !type.archived);
  const [only] = customer;
  if (only && customer.length === 1) return only.id;
  const choices = customer.map((type) => `${type.name ?? 'unnamed'} (${type.id})`).join(', ');
  throw new BridgeError(
    'action_failed',
    customer.length === 0
      ? 'Intercom has no customer ticket type to create the ticket with: give the action a ticket_type_id ' +
          'or set the integration’s ticketTypeId'
      : `Intercom has several customer ticket types (${choices}): give the action a ticket_type_id or set ` +
          'the integration’s ticketTypeId',
  );
}

/**
 * Intercom's refusal of the ticket, in words that say what to check; undefined for what keeps core's
 * meaning (credentials, rate limits, 5xx, a failure without an answer). Of its body only the error code
 * (a plain identifier, see the schema) is used: its messages may repeat the request's data.
 */
function ticketRefused(
  error: unknown,
  sent: { ticketTypeId: string; request: ActionRequest },
): BridgeError | undefined {
  if (!BridgeError.isInstance(error) || error.code !== 'upstream_unavailable') return undefined;
  const failure = refusalOf<IntercomErrorBody>(error);
  if (!failure) return undefined;
  const errorCode = failure.body?.errors?.[0]?.code;
  const code = errorCode ? ` (${errorCode})` : '';
  const refs = [
    `ticket type ${sent.ticketTypeId}`,
    sent.request.contactExternalId ? `contact ${sent.request.contactExternalId}` : 'the contact',
    ...(sent.request.agentExternalId ? [`admin ${sent.request.agentExternalId}`] : []),
  ].join(', ');
  switch (failure.status) {
    case 400:
    case 422:
      return new BridgeError(
        'action_failed',
        `Intercom refused the ticket${code}: check the ${refs} (a ticket type may require other attributes ` +
          'than title and description)',
      );
    case 404:
      return new BridgeError('action_failed', `Intercom could not find one of: ${refs}${code}`);
    case 403:
      return new BridgeError(
        'action_failed',
        `Intercom did not allow the ticket${code}: the access token may lack permission to write tickets`,
      );
    default:
      return undefined;
  }
}
