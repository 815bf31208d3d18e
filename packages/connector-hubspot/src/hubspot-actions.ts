// Actions: log a call and add a note on a HubSpot contact. Each is ONE create request that carries its
// association to the contact (and its owner), so nothing is left half-done. Creates are never retried:
// HubSpot documents no idempotency key for them, and a retried create after a lost answer duplicates.
import {
  type ActionRequest,
  actionContactOf,
  BridgeError,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  escapeHtml,
  fieldError,
  path,
  refusalOf,
  textToHtml,
} from '@talkbridge/core';
import { type HubspotErrorBody, hubspotObjectSchema, hubspotSearchResponseSchema } from './hubspot-api.js';
import { contactsHoldingEmails, emailSearchRequest } from './hubspot-contact-search.js';
import type { HubspotContext } from './hubspot-context.js';

/** HubSpot-defined association types of an activity created from the activity to the contact. */
export const CALL_TO_CONTACT_ASSOCIATION = 194;
export const NOTE_TO_CONTACT_ASSOCIATION = 202;
/** HubSpot's limit on `hs_note_body`. */
export const MAX_NOTE_BODY = 65_536;

export const hubspotActions: Record<string, ConnectorAction<HubspotContext>> = {
  log_call: {
    display: 'log a call',
    description: 'log a call on the contact in HubSpot',
    inputs: [
      { key: 'subject', name: 'Call title', mandatory: true },
      { key: 'description', name: 'Call notes', mandatory: false },
      { key: 'direction', name: 'Direction (inbound or outbound)', mandatory: false },
      { key: 'duration', name: 'Duration in seconds', mandatory: false },
      CONTACT_EMAIL_INPUT,
    ],
    async run(ctx, request) {
      const direction = callDirection(request.data.direction);
      const durationMs = callDurationMs(request.data.duration);
      const ownerId = ownerIdOf(request);
      const contactId = await contactIdOf(ctx, request);
      const properties: Record<string, string> = {
        hs_timestamp: new Date().toISOString(),
        hs_call_title: request.data.subject as string,
        ...(request.data.description ? { hs_call_body: richText(request.data.description) } : {}),
        ...(direction ? { hs_call_direction: direction } : {}),
        ...(durationMs !== undefined ? { hs_call_duration: String(durationMs) } : {}),
        ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
      };
      const id = await createActivity(ctx, 'call', 'calls', CALL_TO_CONTACT_ASSOCIATION, {
        properties,
        contactId,
        ownerId,
      });
      return { message: `Call ${id} logged on HubSpot contact ${contactId}`, external_id: id };
    },
  },
  create_note: {
    display: 'add a note',
    description: 'add a note to the contact in HubSpot',
    inputs: [
      { key: 'subject', name: 'Note title', mandatory: true },
      { key: 'description', name: 'Note text', mandatory: false },
      CONTACT_EMAIL_INPUT,
    ],
    async run(ctx, request) {
      const body = `<p><strong>${escapeHtml(request.data.subject as string)}</strong></p>${
        request.data.description ? richText(request.data.description) : ''
      }`;
      if (body.length > MAX_NOTE_BODY) {
        throw fieldError('data.description', `the note is longer than HubSpot's ${MAX_NOTE_BODY} characters`);
      }
      const ownerId = ownerIdOf(request);
      const contactId = await contactIdOf(ctx, request);
      const properties: Record<string, string> = {
        hs_timestamp: new Date().toISOString(),
        hs_note_body: body,
        ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
      };
      const id = await createActivity(ctx, 'note', 'notes', NOTE_TO_CONTACT_ASSOCIATION, {
        properties,
        contactId,
        ownerId,
      });
      return { message: `Note ${id} added to HubSpot contact ${contactId}`, external_id: id };
    },
  },
};

/** `POST /crm/v3/objects/{calls|notes}` with the association to the contact in the same request. */
async function createActivity(
  ctx: HubspotContext,
  what: 'call' | 'note',
  objectType: 'calls' | 'notes',
  associationTypeId: number,
  request: { properties: Record<string, string>; contactId: string; ownerId: string | undefined },
): Promise<string> {
  try {
    const created = await ctx.http.post(path`/crm/v3/objects/${objectType}`, {
      json: {
        properties: request.properties,
        associations: [
          {
            to: { id: request.contactId },
            types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }],
          },
        ],
      },
      schema: hubspotObjectSchema,
    });
    return created.id;
  } catch (error) {
    throw refusal(error, what, request) ?? error;
  }
}

/**
 * HubSpot's refusal of a create as a message the person who set up the action can act on. HubSpot's
 * message may echo the request's data, so the status is what the message is built from: it names what the
 * request could have got wrong.
 */
function refusal(
  error: unknown,
  what: 'call' | 'note',
  request: { contactId: string; ownerId: string | undefined },
): BridgeError | undefined {
  if (!BridgeError.isInstance(error) || error.code !== 'upstream_unavailable') return undefined;
  const status = refusalOf<HubspotErrorBody>(error)?.status;
  if (status === 403) {
    return new BridgeError(
      'action_failed',
      `HubSpot refused to create the ${what}: the access token lacks the crm.objects.contacts.write scope (HubSpot answered 403)`,
    );
  }
  if (status === 400 || status === 404 || status === 409 || status === 422) {
    const owner = request.ownerId ? ` and that owner ${request.ownerId} is an active HubSpot owner` : '';
    return new BridgeError(
      'action_failed',
      `HubSpot refused to create the ${what}: check that contact ${request.contactId} exists${owner} (HubSpot answered ${status})`,
    );
  }
  return undefined;
}

/** The contact the activity goes on: the synchronized contact's id, else the one holding `contact_email`. */
async function contactIdOf(ctx: HubspotContext, request: ActionRequest): Promise<string> {
  const contact = actionContactOf(request, {
    needs: 'a HubSpot activity goes on a contact',
    isId: (id) => /^\d{1,20}$/.test(id),
    idDescription: 'a numeric HubSpot contact id',
  });
  if (contact.by === 'id') return contact.id;
  const found = await ctx.http.post('/crm/v3/objects/contacts/search', {
    json: emailSearchRequest([contact.email]),
    readOnly: true,
    schema: hubspotSearchResponseSchema,
  });
  // Several contacts may hold it (HubSpot answers oldest first): the activity goes on the oldest.
  const [holder] = contactsHoldingEmails(found.results, [contact.email]);
  if (!holder)
    throw new BridgeError('action_failed', 'No HubSpot contact has the email in data.contact_email');
  return holder.id;
}

/** Talkdesk's agent id is the HubSpot owner id that agent synchronization returned. */
function ownerIdOf(request: ActionRequest): string | undefined {
  if (request.agentExternalId === undefined) return undefined;
  if (!/^\d{1,20}$/.test(request.agentExternalId)) {
    throw fieldError('meta.agent_external_id', 'not a HubSpot owner id');
  }
  return request.agentExternalId;
}

function callDirection(value: string | undefined): 'INBOUND' | 'OUTBOUND' | undefined {
  if (value === undefined) return undefined;
  const direction = value.toUpperCase();
  if (direction === 'INBOUND' || direction === 'OUTBOUND') return direction;
  throw fieldError('data.direction', 'expected inbound or outbound');
}

/** Talkdesk gives seconds; HubSpot's `hs_call_duration` is milliseconds. */
function callDurationMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,7}(\.\d{1,3})?$/.test(value)) {
    throw fieldError('data.duration', 'expected the call duration in seconds, e.g. 95');
  }
  return Math.round(Number(value) * 1000);
}

/** User text as the rich text HubSpot's call and note bodies hold: escaped, line breaks kept. */
function richText(text: string): string {
  return `<p>${textToHtml(text)}</p>`;
}
