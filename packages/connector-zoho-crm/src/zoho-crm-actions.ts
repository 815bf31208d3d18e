// The actions Talkdesk can run in Zoho CRM: log a call (a Calls record) and add a note, each on the Contact
// or Lead the request is about. A create that may have happened (a 5xx, a timeout) is never sent again:
// Zoho documents no idempotency header for record inserts. Only a create Zoho refused outright (nothing
// created) is followed by another: the same record on the Lead, when the id was not a Contact's.
import {
  type ActionContact,
  type ActionExecutionResponse,
  type ActionRequest,
  actionContactOf,
  BridgeError,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  fieldError,
} from '@talkbridge/core';
import { type ZohoWriteOutcome, zohoWriteAnswerSchema } from './zoho-crm-api.js';
import type { ZohoContactRef, ZohoCrmContext } from './zoho-crm-context.js';
import { findByEmails } from './zoho-crm-people.js';
import { ZOHO_RECORD_ID } from './zoho-crm-query.js';
import { describeZohoRefusal, zohoRefusalOf } from './zoho-crm-write.js';

/** Talkdesk's call directions → Zoho's `Call_Type` picklist. */
const CALL_TYPES: Readonly<Record<string, 'Inbound' | 'Outbound' | 'Missed'>> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  missed: 'Missed',
};

/** Longer than any call; a bigger number is a unit mistake (milliseconds). */
const MAX_CALL_SECONDS = 24 * 3600;
/** A logged call happened: its start may not be later than now (plus clock skew). */
const START_TOLERANCE_MS = 60_000;

/** `125` seconds → `02:05`, Zoho's `mm:ss` (minutes go past 59 for long calls). */
export function zohoCallDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A Zoho date-time in UTC, without milliseconds: `2025-03-02T09:20:03+00:00`. */
export function zohoDateTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}+00:00`;
}

function parseDirection(text: string | undefined): 'Inbound' | 'Outbound' | 'Missed' {
  if (text === undefined) return 'Inbound';
  const type = CALL_TYPES[text.toLowerCase()];
  if (!type) throw fieldError('data.direction', 'expected inbound, outbound or missed');
  return type;
}

function parseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,6}$/.test(text) || Number(text) > MAX_CALL_SECONDS) {
    throw fieldError('data.duration', `expected whole seconds, at most ${MAX_CALL_SECONDS}`);
  }
  return Number(text);
}

function parseStart(text: string | undefined, durationSeconds: number, now: number): number {
  if (text === undefined) return now - durationSeconds * 1000;
  // An instant: a date with a time and an offset (or Z), as ISO 8601 writes it.
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)
    ? Date.parse(text)
    : Number.NaN;
  if (Number.isNaN(time)) {
    throw fieldError(
      'data.started_at',
      'expected an ISO 8601 date-time with an offset, such as 2025-03-02T10:20:03Z',
    );
  }
  if (time > now + START_TOLERANCE_MS)
    throw fieldError('data.started_at', 'a logged call cannot start in the future');
  return time;
}

function parseAgent(agentExternalId: string | undefined): string | undefined {
  if (agentExternalId === undefined) return undefined;
  const id = agentExternalId.trim();
  if (!ZOHO_RECORD_ID.test(id)) throw fieldError('meta.agent_external_id', 'not a Zoho CRM user id');
  return id;
}

/** How actions name the person a record goes to: a Zoho record id, or an email to search for. */
const CONTACT_OPTIONS = {
  needs: 'A note belongs to a Contact or a Lead',
  isId: (id: string) => ZOHO_RECORD_ID.test(id),
  idDescription: 'a Zoho CRM record id',
};

/**
 * Who the record is attached to, as the modules it may be in, in the order to try: an id from
 * `meta.contact_external_id` is a Contact's or a Lead's (Zoho ids are unique across modules; contact sync
 * gives Contacts, so Contacts come first); a `data.contact_email` is searched (Contacts and Leads in
 * parallel, 2 calls; a Contact wins); neither is nobody.
 */
type Target = { id: string; modules: readonly ZohoContactRef['module'][] } | undefined;

async function findTarget(ctx: ZohoCrmContext, contact: ActionContact | undefined): Promise<Target> {
  if (contact === undefined) return undefined;
  if (contact.by === 'id') return { id: contact.id, modules: ['Contacts', 'Leads'] };
  const people = await findByEmails(ctx, [contact.email]);
  const found = people.find((person) => person.module === 'Contacts') ?? people[0];
  if (!found) throw new BridgeError('action_failed', 'No Contact or Lead in Zoho CRM has that contact_email');
  if (people.length > 1) {
    ctx.log.info(
      { matches: people.length, chosen: found.id },
      'zoho-crm: several people have the contact_email; the action uses the first Contact',
    );
  }
  return { id: found.id, modules: [found.module] };
}

const MODULE_NOUN = { Contacts: 'Contact', Leads: 'Lead' } as const;

type CreateOutcome = { created: true; id: string } | { created: false; refusal: ZohoWriteOutcome };

/**
 * Sends one create. Zoho's refusal of the record (its 400, or an error outcome in a 2xx) comes back as the
 * outcome, for the caller to judge; anything else throws as usual, and a 5xx or a timeout is never retried
 * (the record may exist).
 */
async function sendCreate(
  ctx: ZohoCrmContext,
  module: 'Calls' | 'Notes',
  record: Record<string, unknown>,
): Promise<CreateOutcome> {
  let outcome: ZohoWriteOutcome;
  try {
    const answer = await ctx.http.post(`/${module}`, {
      json: { data: [record] },
      schema: zohoWriteAnswerSchema,
    });
    outcome = answer.data[0] as ZohoWriteOutcome;
  } catch (error) {
    // A refused create: Zoho's per-record error, read from the declared error body.
    const refusal = zohoRefusalOf(error);
    if (refusal) return { created: false, refusal };
    throw error;
  }
  if (outcome.status !== 'success') return { created: false, refusal: outcome };
  const id = outcome.details?.id;
  if (!id) {
    throw new BridgeError(
      'upstream_invalid_response',
      `POST /crm/v8/${module} answered success without an id`,
    );
  }
  return { created: true, id };
}

/**
 * Creates the record on the target, trying its possible modules in order. Zoho refusing the person field
 * (an id that is not in that module) proves nothing was created, so the next module is tried; any other
 * refusal is the action's failure. A Contact costs 1 call, a Lead 2 (the first refused).
 */
async function createOnTarget(
  ctx: ZohoCrmContext,
  module: 'Calls' | 'Notes',
  target: Target,
  build: (person: ZohoContactRef | undefined) => Record<string, unknown>,
  what: string,
): Promise<{ id: string; person: ZohoContactRef | undefined }> {
  const people: (ZohoContactRef | undefined)[] = target
    ? target.modules.map((personModule) => ({ id: target.id, module: personModule }))
    : [undefined];
  for (const person of people) {
    const outcome = await sendCreate(ctx, module, build(person));
    if (outcome.created) return { id: outcome.id, person };
    if (!person || !refusesPerson(outcome.refusal, module, person)) {
      throw new BridgeError(
        'action_failed',
        `${what} failed: Zoho CRM refused the record: ${describeZohoRefusal(outcome.refusal)}`,
      );
    }
  }
  throw new BridgeError(
    'action_failed',
    target && target.modules.length > 1
      ? `No Contact or Lead in Zoho CRM has the id ${target.id}`
      : `${what} failed: Zoho CRM no longer has the ${target?.modules[0] === 'Leads' ? 'Lead' : 'Contact'} ${target?.id}`,
  );
}

/** Whether Zoho refused the field naming the person: the id is not one of that module's records. */
function refusesPerson(
  refusal: ZohoWriteOutcome,
  module: 'Calls' | 'Notes',
  person: ZohoContactRef,
): boolean {
  const field = refusal.details?.api_name;
  if (refusal.code !== 'INVALID_DATA' || typeof field !== 'string') return false;
  if (module === 'Notes') return field === 'Parent_Id';
  return person.module === 'Contacts' ? field === 'Who_Id' : field === 'What_Id' || field === '$se_module';
}

async function logCall(ctx: ZohoCrmContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const now = Date.now();
  // Every input is checked before the first request.
  const callType = parseDirection(request.data.direction);
  const duration = parseDuration(request.data.duration);
  const start = parseStart(request.data.started_at, duration ?? 0, now);
  const owner = parseAgent(request.agentExternalId);
  // A call may be logged on nobody: only a contact that is named must be a valid one.
  const named = request.contactExternalId !== undefined || request.data.contact_email !== undefined;
  const contact = named ? actionContactOf(request, CONTACT_OPTIONS) : undefined;

  const target = await findTarget(ctx, contact);
  const { id, person } = await createOnTarget(
    ctx,
    'Calls',
    target,
    (person) => ({
      Subject: request.data.subject,
      Call_Type: callType,
      Call_Start_Time: zohoDateTime(start),
      // A completed (inbound or outbound) call needs its duration; a missed one has none.
      ...(callType === 'Missed' ? {} : { Call_Duration: zohoCallDuration(duration ?? 0) }),
      ...(request.data.description ? { Description: request.data.description } : {}),
      // A Contact is the call's "Contact Name" (Who_Id); a Lead its "Related To" (What_Id + $se_module).
      ...(person?.module === 'Contacts' ? { Who_Id: { id: person.id } } : {}),
      ...(person?.module === 'Leads' ? { What_Id: { id: person.id }, $se_module: 'Leads' } : {}),
      ...(owner ? { Owner: { id: owner } } : {}),
    }),
    'Logging the call',
  );
  return {
    message: person
      ? `Call ${id} logged on ${MODULE_NOUN[person.module]} ${person.id}`
      : `Call ${id} logged, not linked to a contact`,
    external_id: id,
  };
}

async function createNote(ctx: ZohoCrmContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const target = await findTarget(ctx, actionContactOf(request, CONTACT_OPTIONS));
  const subject = request.data.subject as string;
  const { id, person } = await createOnTarget(
    ctx,
    'Notes',
    target,
    (person) => ({
      Note_Title: subject,
      // Zoho wants content; a title-only note repeats the title.
      Note_Content: request.data.body ?? subject,
      Parent_Id: { module: { api_name: person?.module }, id: person?.id },
    }),
    'Adding the note',
  );
  const parent = person as ZohoContactRef;
  return { message: `Note ${id} added to ${MODULE_NOUN[parent.module]} ${parent.id}`, external_id: id };
}

/** The connector's actions, by the name Talkdesk calls them with. */
export const zohoCrmActions: Readonly<Record<string, ConnectorAction<ZohoCrmContext>>> = {
  log_call: {
    display: 'log a call',
    description: 'log a call on the contact in Zoho CRM',
    inputs: [
      { key: 'subject', name: 'Call subject', mandatory: true },
      { key: 'description', name: 'Call notes', mandatory: false },
      {
        key: 'direction',
        name: 'Call type: inbound, outbound or missed (default inbound)',
        mandatory: false,
      },
      { key: 'duration', name: 'Call duration in seconds', mandatory: false },
      {
        key: 'started_at',
        name: 'When the call started, ISO 8601 (default: duration seconds ago)',
        mandatory: false,
      },
      CONTACT_EMAIL_INPUT,
    ],
    run: logCall,
  },
  create_note: {
    display: 'add a note',
    description: 'add a note to the contact in Zoho CRM',
    inputs: [
      { key: 'subject', name: 'Note title', mandatory: true },
      { key: 'body', name: 'Note text', mandatory: false },
      CONTACT_EMAIL_INPUT,
    ],
    run: createNote,
  },
};
