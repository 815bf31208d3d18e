// The actions Talkdesk can run in Freshdesk.
import {
  type ActionExecutionResponse,
  type ActionRequest,
  actionContactOf,
  BridgeError,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  fieldError,
  refusalOf,
  textToHtml,
} from '@talkbridge/core';
import {
  type FreshdeskErrorBody,
  freshdeskContactListSchema,
  freshdeskCreatedTicketSchema,
} from './freshdesk-api.js';
import { agentOrigin, type FreshdeskContext } from './freshdesk-context.js';

/** Ticket status Open: a ticket raised from a call starts open. */
export const FRESHDESK_NEW_TICKET_STATUS = 2;

/** Ticket source Phone: the ticket comes from a Talkdesk call. */
export const FRESHDESK_NEW_TICKET_SOURCE = 3;

/** Freshdesk's priorities by the names people type; Low (1) when none is given. */
const PRIORITIES: Readonly<Record<string, number>> = {
  low: 1,
  medium: 2,
  normal: 2, // Talkdesk's name for it
  high: 3,
  urgent: 4,
};
const DEFAULT_PRIORITY = 1;

/** Freshdesk's limit on a subject (and on most text fields). */
const MAX_SUBJECT_LENGTH = 255;

/** A Freshdesk id as Talkdesk sends it back: digits, within what a JSON number holds exactly. */
const FRESHDESK_ID = /^[1-9]\d{0,15}$/;

/** Statuses of a refusal that is about the ticket itself (its data, its requester or agent, its rights). */
const REFUSALS = new Set([400, 403, 404, 409, 422]);

/** Where each Freshdesk field came from in the Talkdesk request, to name it in an error. */
const FIELD_SOURCES: Readonly<Record<string, string>> = {
  requester_id: 'meta.contact_external_id',
  responder_id: 'meta.agent_external_id',
  email: 'data.contact_email',
  name: 'data.contact_name',
  subject: 'data.subject',
  description: 'data.description',
  priority: 'data.priority',
};

/**
 * `create_ticket`: one `POST /tickets`, with the requester being the synced contact
 * (`meta.contact_external_id` → `requester_id`) or, without one, the contact with `data.contact_email`
 * (one `GET /contacts?email=` first; Freshdesk creates the contact with the ticket when there is none), and
 * the agent who ran the action as the ticket's agent (`meta.agent_external_id` → `responder_id`).
 */
export const createTicketAction: ConnectorAction<FreshdeskContext> = {
  display: 'create a ticket',
  description: 'create a new ticket in Freshdesk',
  inputs: [
    { key: 'subject', name: 'Ticket subject', mandatory: true },
    { key: 'description', name: 'Ticket description', mandatory: false },
    { key: 'priority', name: 'Priority: low, medium, high or urgent (low when empty)', mandatory: false },
    // The requester when the ticket is not about a synced contact (found, or created with the ticket).
    CONTACT_EMAIL_INPUT,
    {
      key: 'contact_name',
      name: 'Requester name, for a contact Freshdesk does not know yet',
      mandatory: false,
    },
  ],
  run: createTicket,
};

async function createTicket(ctx: FreshdeskContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const subject = request.data.subject ?? '';
  if (subject.length > MAX_SUBJECT_LENGTH) {
    throw fieldError('data.subject', `Freshdesk takes at most ${MAX_SUBJECT_LENGTH} characters`);
  }
  const priority = parsePriority(request.data.priority);
  const responderId =
    request.agentExternalId === undefined
      ? undefined
      : freshdeskId(request.agentExternalId, 'meta.agent_external_id', 'agent');
  const requester = await resolveRequester(ctx, request);

  const ticket = {
    subject,
    // Freshdesk requires a description (HTML); the subject stands in when the action has none.
    description: textToHtml(request.data.description ?? subject),
    status: FRESHDESK_NEW_TICKET_STATUS,
    priority,
    source: FRESHDESK_NEW_TICKET_SOURCE,
    ...requester.fields,
    ...(responderId === undefined ? {} : { responder_id: responderId }),
  };
  // Freshdesk documents no idempotency key for ticket creation: the POST is sent once, never retried.
  let created: { id: number; requester_id?: number | null | undefined };
  try {
    created = await ctx.http.post('/tickets', { json: ticket, schema: freshdeskCreatedTicketSchema });
  } catch (error) {
    throw refusedTicket(error) ?? error;
  }

  const newContactId =
    requester.isNew && created.requester_id != null ? String(created.requester_id) : undefined;
  return {
    message: `Freshdesk ticket ${created.id} created`,
    external_id: String(created.id),
    ...(newContactId
      ? {
          contact_external_id: newContactId,
          contact_external_type: 'contact',
          contact_external_url: `${agentOrigin(ctx)}/a/contacts/${newContactId}`,
        }
      : {}),
  };
}

/** The requester fields of the ticket: an existing contact's id, or the email (and name) of a new one. */
async function resolveRequester(
  ctx: FreshdeskContext,
  request: ActionRequest,
): Promise<{ fields: Record<string, string | number>; isNew: boolean }> {
  const contact = actionContactOf(request, {
    needs: 'a Freshdesk ticket needs a requester',
    isId: isFreshdeskId,
    idDescription: 'a Freshdesk contact id (digits)',
  });
  if (contact.by === 'id') return { fields: { requester_id: Number(contact.id) }, isNew: false };
  const { email } = contact;
  // The exact filter matches primary and secondary emails; a deleted contact is not listed.
  const [existing] = (
    await ctx.http.get('/contacts', { query: { email }, schema: freshdeskContactListSchema })
  ).filter((contact) => !contact.deleted);
  if (existing) return { fields: { requester_id: existing.id }, isNew: false };
  const name = request.data.contact_name;
  return { fields: { email, ...(name ? { name } : {}) }, isNew: true };
}

function isFreshdeskId(value: string): boolean {
  return FRESHDESK_ID.test(value) && Number.isSafeInteger(Number(value));
}

function freshdeskId(value: string, path: string, what: string): number {
  if (!isFreshdeskId(value)) throw fieldError(path, `not a Freshdesk ${what} id (expected digits)`);
  return Number(value);
}

function parsePriority(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PRIORITY;
  const byName = PRIORITIES[text.toLowerCase()];
  if (byName !== undefined) return byName;
  if (/^[1-4]$/.test(text)) return Number(text);
  throw fieldError('data.priority', 'expected low, medium, high or urgent');
}

/**
 * A failed `POST /tickets` as Talkdesk should see it: Freshdesk refusing the ticket (a validation error, a
 * missing right) is `action_failed` naming the problem; anything else (5xx, timeouts, 401, 429) stays as
 * core reported it.
 */
function refusedTicket(error: unknown): BridgeError | undefined {
  const refusal = refusalOf<FreshdeskErrorBody>(error);
  if (!refusal || !REFUSALS.has(refusal.status)) return undefined;
  return new BridgeError('action_failed', refusalMessage(refusal.status, refusal.body ?? {}));
}

function refusalMessage(status: number, body: FreshdeskErrorBody): string {
  const problems = (body.errors ?? []).slice(0, 5).map((problem) => {
    const field = problem.field ?? '';
    const where = FIELD_SOURCES[field] ?? (field ? `Freshdesk field "${clean(field, 60)}"` : 'the ticket');
    if (field === 'requester_id' && problem.code === 'invalid_value')
      return `${where}: no Freshdesk contact has this id`;
    if (field === 'responder_id' && problem.code === 'invalid_value')
      return `${where}: no Freshdesk agent has this id`;
    return `${where}: ${clean(problem.message ?? '', 200) || clean(problem.code ?? '', 60) || 'refused'}`;
  });
  if (problems.length > 0) return `Freshdesk refused the ticket: ${problems.join('; ')}`;
  const reason = clean(body.message ?? body.description ?? '', 200);
  if (reason) return `Freshdesk refused the ticket (${status}): ${reason}`;
  return status === 403
    ? 'Freshdesk refused the ticket (403): the API key’s agent may not create tickets'
    : `Freshdesk refused the ticket (${status})`;
}

/** Freshdesk's own words, on one line and bounded. */
function clean(text: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
