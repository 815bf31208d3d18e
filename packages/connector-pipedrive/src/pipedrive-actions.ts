import {
  type ActionExecutionResponse,
  type ActionRequest,
  actionContactOf,
  BridgeError,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  escapeHtml,
  fieldError,
  type HttpRequestOptions,
  refusalOf,
  textToHtml,
  toE164,
} from '@talkbridge/core';
import { createdResponseSchema, type PipedriveErrorBody } from './pipedrive-api.js';
import { appOriginOf, type PipedriveContext } from './pipedrive-context.js';
import { pipedriveAppUrl } from './pipedrive-links.js';
import { findByEmails, findByPhones, PIPEDRIVE_ID } from './pipedrive-person-lookup.js';

/** How the person is named when Talkdesk has no synced id: the same inputs for every action. */
const CONTACT_INPUTS = [
  CONTACT_EMAIL_INPUT,
  {
    key: 'contact_phone',
    name: 'Contact phone number, when Talkdesk has no Pipedrive person for the call',
    mandatory: false,
  },
  { key: 'contact_name', name: 'Contact name, for a person created by the action', mandatory: false },
] as const;

/**
 * The actions Talkdesk can run in Pipedrive. Each goes on the person `meta.contact_external_id` names;
 * without one, on the person found by `contact_email` (then `contact_phone`), created when nobody has
 * them. Nothing is retried: Pipedrive documents no idempotency key, so a failed create may have happened.
 */
export const pipedriveActions: Record<string, ConnectorAction<PipedriveContext>> = {
  log_call: {
    display: 'log a call',
    description: 'log a call as a done call activity on the person in Pipedrive',
    inputs: [
      { key: 'subject', name: 'Call subject', mandatory: true },
      { key: 'description', name: 'Call notes', mandatory: false },
      { key: 'duration', name: 'Call duration in seconds (or HH:MM)', mandatory: false },
      ...CONTACT_INPUTS,
    ],
    async run(ctx, request) {
      // Every input is checked before anything is sent.
      const duration = request.data.duration === undefined ? undefined : parseDuration(request.data.duration);
      const ownerId = agentIdOf(request);
      const target = await personFor(ctx, request);
      const now = new Date().toISOString();
      const body = {
        subject: request.data.subject,
        type: 'call',
        done: true,
        // Due now (UTC), so the call sits at the moment it was logged in the person's timeline.
        due_date: now.slice(0, 10),
        due_time: now.slice(11, 16),
        ...(duration ? { duration } : {}),
        person_id: target.personId,
        participants: [{ person_id: target.personId, primary: true }],
        ...(ownerId === undefined ? {} : { owner_id: ownerId }),
        ...(request.data.description ? { note: htmlParagraphs(request.data.description) } : {}),
      };
      const created = await create(ctx, '/v2/activities', body, {
        what: 'the call activity',
        refs: references(target.personId, ownerId),
      });
      return {
        message: `Call logged in Pipedrive as activity ${created} on person ${target.personId}`,
        external_id: String(created),
        ...target.createdContact,
      };
    },
  },
  create_note: {
    display: 'add a note',
    description: 'add a note to the person in Pipedrive',
    inputs: [
      { key: 'subject', name: 'Note title', mandatory: true },
      { key: 'description', name: 'Note text', mandatory: false },
      ...CONTACT_INPUTS,
    ],
    async run(ctx, request) {
      // Notes are written as the credentials' user: only an admin may name another author.
      const target = await personFor(ctx, request);
      const content = [
        `<p><b>${escapeHtml(request.data.subject ?? '')}</b></p>`,
        ...(request.data.description ? [htmlParagraphs(request.data.description)] : []),
      ].join('');
      const created = await create(
        ctx,
        '/v1/notes',
        { content, person_id: target.personId },
        { what: 'the note', refs: references(target.personId, undefined) },
      );
      return {
        message: `Note ${created} added in Pipedrive to person ${target.personId}`,
        external_id: String(created),
        ...target.createdContact,
      };
    },
  },
};

interface ActionTarget {
  personId: number;
  /** When the action created the person: what Talkdesk needs to link its contact to it. */
  createdContact?: Pick<
    ActionExecutionResponse,
    'contact_external_id' | 'contact_external_type' | 'contact_external_url'
  >;
}

/**
 * The person the action goes on. A synced id costs no call (Pipedrive refuses the create if it is gone);
 * an email costs 1 search, a phone 2; a person nobody has is created (1 more call).
 */
async function personFor(ctx: PipedriveContext, request: ActionRequest): Promise<ActionTarget> {
  // An id or an email: the kit checks them; a phone is Pipedrive's own third way (checked below).
  const named =
    request.contactExternalId?.trim() || request.data.contact_email?.trim()
      ? actionContactOf(request, {
          needs: 'a Pipedrive action needs a person',
          isId: (id) => PIPEDRIVE_ID.test(id),
          idDescription: 'the id of a Pipedrive person (digits)',
        })
      : undefined;
  if (named?.by === 'id') return { personId: Number(named.id) };
  const email = named?.email;
  const phone = request.data.contact_phone === undefined ? undefined : toE164(request.data.contact_phone);
  if (request.data.contact_phone !== undefined && phone === undefined) {
    throw fieldError('data.contact_phone', 'expected a phone number, e.g. +14155550132');
  }
  if (email === undefined && phone === undefined) {
    throw fieldError(
      'meta.contact_external_id',
      'expected the Pipedrive person (meta.contact_external_id), or data.contact_email or data.contact_phone',
    );
  }
  let found = email ? await findByEmails(ctx, [email]) : [];
  if (found.length === 0 && phone) found = await findByPhones(ctx, [phone]);
  const [first] = found;
  if (first) {
    if (new Set(found.map((person) => person.id)).size > 1) {
      ctx.log.warn({ matches: found.length }, 'several persons matched the action contact: using the first');
    }
    return { personId: Number(first.id) };
  }
  const name = request.data.contact_name ?? email ?? phone ?? '';
  const personId = await create(
    ctx,
    '/v2/persons',
    {
      name,
      ...(email ? { emails: [{ value: email, primary: true, label: 'work' }] } : {}),
      ...(phone ? { phones: [{ value: phone, primary: true, label: 'work' }] } : {}),
    },
    { what: 'the person', refs: 'the contact email and phone' },
  );
  ctx.log.info({ person_id: personId }, 'pipedrive person created by an action');
  const url = pipedriveAppUrl(appOriginOf(ctx.auth), 'person', personId);
  return {
    personId,
    createdContact: {
      contact_external_id: String(personId),
      contact_external_type: 'person',
      ...(url ? { contact_external_url: url } : {}),
    },
  };
}

function agentIdOf(request: ActionRequest): number | undefined {
  if (request.agentExternalId === undefined) return undefined;
  const id = request.agentExternalId.trim();
  if (!PIPEDRIVE_ID.test(id))
    throw fieldError('meta.agent_external_id', 'expected the id of a Pipedrive user (digits)');
  return Number(id);
}

function references(personId: number, ownerId: number | undefined): string {
  return `person ${personId}${ownerId === undefined ? '' : ` and user ${ownerId}`}`;
}

/**
 * One create call, sent once. The HTTP client maps 401/429/5xx; a refusal about the data (4xx) becomes
 * `action_failed` naming what was being created and the ids it referred to, never Pipedrive's body.
 */
async function create(
  ctx: PipedriveContext,
  endpoint: string,
  json: Record<string, unknown>,
  about: { what: string; refs: string },
): Promise<number> {
  const options: HttpRequestOptions<{ data: { id: number } }> = { json, schema: createdResponseSchema };
  try {
    return (await ctx.http.post(endpoint, options)).data.id;
  } catch (error) {
    const status = refusedStatus(error);
    if (status === undefined) throw error;
    const reason =
      status === 403
        ? 'these credentials may not do this (check the user’s permissions and the company’s plan)'
        : status === 404 || status === 410
          ? `it could not find ${about.refs}`
          : `check ${about.refs} and the inputs`;
    throw new BridgeError(
      'action_failed',
      `Pipedrive refused to create ${about.what} (${status}): ${reason}`,
    );
  }
}

/**
 * The status of a refusal about the data (a 4xx Pipedrive answered): 401 and 429 already came out as their
 * own codes, and a 408 is a timeout, not a refusal.
 */
function refusedStatus(error: unknown): number | undefined {
  const refusal = refusalOf<PipedriveErrorBody>(error);
  if (!refusal || !BridgeError.isInstance(error) || error.code !== 'upstream_unavailable') return undefined;
  const { status } = refusal;
  return status >= 400 && status < 500 && status !== 408 ? status : undefined;
}

/**
 * A duration as Pipedrive wants it, `HH:MM`: from seconds (`125`, Talkdesk's unit) rounded to the
 * nearest minute (at least 1 for a call that lasted), or from `HH:MM` / `HH:MM:SS`.
 */
export function parseDuration(text: string): string {
  let seconds: number | undefined;
  const clock = /^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
  if (/^\d{1,6}$/.test(text)) seconds = Number(text);
  else if (clock) seconds = Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
  if (seconds === undefined || seconds >= 100 * 3600) {
    throw fieldError('data.duration', 'expected the call duration in seconds (e.g. 125) or as HH:MM');
  }
  const minutes = seconds === 0 ? 0 : Math.max(1, Math.round(seconds / 60));
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Plain text as Pipedrive's HTML notes: escaped, one paragraph per blank-line block, line breaks kept. */
export function htmlParagraphs(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${textToHtml(block)}</p>`)
    .join('');
}
