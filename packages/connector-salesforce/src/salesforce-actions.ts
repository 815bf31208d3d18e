// Actions: log a call (a completed call Task) and add a note (an enhanced note, ContentNote, linked to the
// person). Both are written with ONE Composite API call (`POST /composite`, allOrNone): a note and its link
// to the contact are created together or not at all, and a refusal comes back as a 200 whose subrequest
// results name the error code and fields, so it can be explained to the caller (a plain
// `POST /sobjects/Task` refusal is a 400 with one error array, and could not say which record failed).
import {
  type ActionContact,
  type ActionExecutionResponse,
  type ActionRequest,
  actionContactOf,
  BridgeError,
  type BridgeErrorIssue,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  escapeHtml,
} from '@talkbridge/core';
import {
  compositeResponseSchema,
  createdRecordSchema,
  fieldErrorsSchema,
  type SalesforceCompositeResult,
  type SalesforceFieldError,
} from './salesforce-api.js';
import { DEFAULT_LOG_CALL_STATUS, type SalesforceContext } from './salesforce-context.js';
import {
  emailSearch,
  isSalesforceId,
  type PersonObject,
  personObjectOf,
  SALESFORCE_BASE_PATH,
} from './salesforce-query.js';
import { searchPeople } from './salesforce-requests.js';

/** Field lengths of the standard objects (Task Subject and CallDisposition 255, Description 32,000). */
const SUBJECT_MAX = 255;
const DESCRIPTION_MAX = 32_000;
const CALL_TYPES: Readonly<Record<string, string>> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  internal: 'Internal',
};

export const salesforceActions: Record<string, ConnectorAction<SalesforceContext>> = {
  log_call: {
    display: 'log a call',
    description: 'log a completed call on the contact in Salesforce',
    inputs: [
      { key: 'subject', name: 'Call subject', mandatory: true },
      { key: 'description', name: 'Call notes', mandatory: false },
      { key: 'duration', name: 'Call duration in seconds', mandatory: false },
      { key: 'direction', name: 'Call direction: inbound, outbound or internal', mandatory: false },
      { key: 'result', name: 'Call result, e.g. "Left voicemail"', mandatory: false },
      CONTACT_EMAIL_INPUT,
    ],
    run: logCall,
  },
  create_note: {
    display: 'add a note',
    description: 'add a note to the contact in Salesforce',
    inputs: [
      { key: 'subject', name: 'Note title', mandatory: true },
      { key: 'body', name: 'Note text', mandatory: false },
      CONTACT_EMAIL_INPUT,
    ],
    run: createNote,
  },
};

/** A completed call Task on the Contact or Lead, owned by the agent when one is given. */
async function logCall(ctx: SalesforceContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const { data } = request;
  const issues: BridgeErrorIssue[] = [];
  const duration = parseDuration(data.duration, issues);
  const callType = parseDirection(data.direction, issues);
  const ownerId = parseOwner(request.agentExternalId, issues);
  const source = refuseIssues(issues, personSource(request, issues));

  const who = await resolvePerson(ctx, source);
  const task = {
    Subject: clip(data.subject as string, SUBJECT_MAX),
    ...(data.description ? { Description: clip(data.description, DESCRIPTION_MAX) } : {}),
    WhoId: who.id,
    ...(ownerId ? { OwnerId: ownerId } : {}),
    TaskSubtype: 'Call',
    Status: ctx.settings.logCallStatus ?? DEFAULT_LOG_CALL_STATUS,
    // A date without a time zone: the UTC day of the call.
    ActivityDate: new Date().toISOString().slice(0, 10),
    ...(duration !== undefined ? { CallDurationInSeconds: duration } : {}),
    ...(callType ? { CallType: callType } : {}),
    ...(data.result ? { CallDisposition: clip(data.result, SUBJECT_MAX) } : {}),
  };
  const created = await createRecords(ctx, 'log the call', [
    { referenceId: 'call', object: 'Task', body: task },
  ]);
  const taskId = created.call as string;
  ctx.log.debug({ task_id: taskId }, 'salesforce call logged');
  return { message: `Call logged on ${who.object} ${who.id} (Task ${taskId})`, external_id: taskId };
}

/**
 * An enhanced note (ContentNote) and its link to the Contact or Lead (ContentDocumentLink, sharing
 * inferred from the record), in one all-or-none Composite call: no orphan note is ever left behind. The
 * note belongs to the user of the access token: only Title and Content are set, the fields Salesforce
 * documents as settable on notes, so the agent is not its owner.
 */
async function createNote(ctx: SalesforceContext, request: ActionRequest): Promise<ActionExecutionResponse> {
  const { data } = request;
  const issues: BridgeErrorIssue[] = [];
  const source = refuseIssues(issues, personSource(request, issues));
  if (request.agentExternalId) {
    ctx.log.debug({}, 'salesforce notes belong to the token’s user: meta.agent_external_id not applied');
  }

  const who = await resolvePerson(ctx, source);
  const note = {
    Title: clip(data.subject as string, SUBJECT_MAX),
    ...(data.body ? { Content: Buffer.from(noteHtml(data.body), 'utf8').toString('base64') } : {}),
  };
  const created = await createRecords(ctx, 'add the note', [
    { referenceId: 'note', object: 'ContentNote', body: note },
    {
      referenceId: 'link',
      object: 'ContentDocumentLink',
      // A ContentNote's id is its ContentDocument's id.
      body: { ContentDocumentId: '@{note.id}', LinkedEntityId: who.id, ShareType: 'I' },
    },
  ]);
  const noteId = created.note as string;
  ctx.log.debug({ note_id: noteId }, 'salesforce note added');
  return { message: `Note ${noteId} added to ${who.object} ${who.id}`, external_id: noteId };
}

interface Person {
  id: string;
  object: PersonObject;
}

/**
 * `meta.contact_external_id` (a Contact 003… or Lead 00Q… id) first, else `data.contact_email`. A format
 * problem becomes an issue, reported with the other inputs' issues; nothing is looked up yet.
 */
function personSource(request: ActionRequest, issues: BridgeErrorIssue[]): ActionContact | undefined {
  try {
    return actionContactOf(request, {
      needs: 'the action needs to know whose record it is',
      isId: (id) => personObjectOf(id) !== undefined,
      idDescription: 'a Salesforce Contact (003…) or Lead (00Q…) id',
    });
  } catch (error) {
    if (!BridgeError.isInstance(error) || !error.issues) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

/** The person of a checked source: as given, or found by email (one SOSL search). */
async function resolvePerson(ctx: SalesforceContext, source: ActionContact): Promise<Person> {
  if (source.by === 'email') return findPersonByEmail(ctx, source.email);
  return { id: source.id, object: personObjectOf(source.id) as PersonObject };
}

/**
 * One SOSL search for the email over Contacts and unconverted Leads. Only an exact match of the standard
 * Email counts (SOSL also matches words inside other addresses); a Contact wins over a Lead.
 */
async function findPersonByEmail(ctx: SalesforceContext, email: string): Promise<Person> {
  const hits = (await searchPeople(ctx, emailSearch([email]))).filter(
    (hit) => hit.email?.toLowerCase() === email,
  );
  const person = hits.find((hit) => hit.object === 'Contact') ?? hits[0];
  if (!person) {
    throw new BridgeError(
      'action_failed',
      'No Salesforce Contact or Lead has the email in data.contact_email',
    );
  }
  return { id: person.id, object: person.object };
}

function parseOwner(agentExternalId: string | undefined, issues: BridgeErrorIssue[]): string | undefined {
  if (agentExternalId === undefined) return undefined;
  if (isSalesforceId(agentExternalId) && agentExternalId.startsWith('005')) return agentExternalId;
  issues.push({ path: 'meta.agent_external_id', message: 'not a Salesforce user id' });
  return undefined;
}

function parseDuration(text: string | undefined, issues: BridgeErrorIssue[]): number | undefined {
  if (text === undefined) return undefined;
  // CallDurationInSeconds is an 8-digit integer.
  if (/^\d{1,8}$/.test(text)) return Number(text);
  issues.push({ path: 'data.duration', message: 'expected a whole number of seconds' });
  return undefined;
}

function parseDirection(text: string | undefined, issues: BridgeErrorIssue[]): string | undefined {
  if (text === undefined) return undefined;
  const callType = CALL_TYPES[text.toLowerCase()];
  if (callType) return callType;
  issues.push({ path: 'data.direction', message: 'expected inbound, outbound or internal' });
  return undefined;
}

/** `checked` once every input is valid; else invalid_request naming each field that is not. */
function refuseIssues<T>(issues: BridgeErrorIssue[], checked: T | undefined): T {
  const [first] = issues;
  if (first) throw new BridgeError('invalid_request', `${first.path}: ${first.message}`, { issues });
  if (checked === undefined)
    throw new BridgeError('internal', 'an action input was neither valid nor refused');
  return checked;
}

interface NewRecord {
  /** Letters, digits and underscores: later subrequests refer to the record as `@{referenceId.id}`. */
  referenceId: string;
  object: 'Task' | 'ContentNote' | 'ContentDocumentLink';
  body: Record<string, unknown>;
}

/**
 * Creates the records in one all-or-none Composite call and answers their ids by reference id. Never
 * retried (a POST without an idempotency key): if the answer is lost, the records may exist.
 */
async function createRecords(
  ctx: SalesforceContext,
  doing: string,
  records: readonly NewRecord[],
): Promise<Record<string, string>> {
  const answer = await ctx.http.post('/composite', {
    json: {
      allOrNone: true,
      compositeRequest: records.map((record) => ({
        method: 'POST',
        url: `${SALESFORCE_BASE_PATH}/sobjects/${record.object}`,
        referenceId: record.referenceId,
        body: record.body,
      })),
    },
    schema: compositeResponseSchema,
  });
  const results = new Map(answer.compositeResponse.map((result) => [result.referenceId, result]));
  const failed = records.flatMap((record) => {
    const result = results.get(record.referenceId);
    return result && result.httpStatusCode >= 300 ? [{ record, result }] : [];
  });
  if (failed.length > 0) throw compositeFailure(doing, failed);

  const ids: Record<string, string> = {};
  for (const record of records) {
    const created = createdRecordSchema.safeParse(results.get(record.referenceId)?.body);
    if (!created.success) {
      throw new BridgeError(
        'upstream_invalid_response',
        `POST ${SALESFORCE_BASE_PATH}/composite answered no id for the new ${record.object}`,
      );
    }
    ids[record.referenceId] = created.data.id;
  }
  return ids;
}

/**
 * The error for a refused Composite call. With allOrNone, the subrequest that failed carries the cause
 * and the others only say PROCESSING_HALTED (rolled back): explain the cause.
 */
function compositeFailure(
  doing: string,
  failed: { record: NewRecord; result: SalesforceCompositeResult }[],
): BridgeError {
  const withErrors = failed.map(({ record, result }) => {
    const parsed = fieldErrorsSchema.safeParse(result.body);
    return { record, status: result.httpStatusCode, errors: parsed.success ? parsed.data : [] };
  });
  const cause =
    withErrors.find(({ errors }) => errors.some((error) => error.errorCode !== 'PROCESSING_HALTED')) ??
    withErrors[0];
  const { record, status } = cause as (typeof withErrors)[number];
  const error = cause?.errors.find((candidate) => candidate.errorCode !== 'PROCESSING_HALTED');
  const code = error?.errorCode ?? undefined;
  if (status === 401 || code === 'INVALID_SESSION_ID') {
    return new BridgeError('invalid_credentials', 'POST /composite: the service refused the credentials');
  }
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    return new BridgeError(
      'rate_limited',
      'POST /composite: the service is rate limiting these credentials',
      {
        retryAfterSeconds: 60,
      },
    );
  }
  if (status >= 500) {
    return new BridgeError('upstream_unavailable', `Salesforce could not ${doing}: it answered ${status}`);
  }
  return new BridgeError('action_failed', `Salesforce did not ${doing}: ${explain(record.object, error)}`);
}

/** What a Salesforce error code means for the caller, naming fields, never echoing the request's data. */
export function explain(object: NewRecord['object'], error: SalesforceFieldError | undefined): string {
  const code = error?.errorCode ?? 'UNKNOWN_ERROR';
  const fields = (error?.fields ?? []).filter((field) => /^[A-Za-z0-9_.]{1,80}$/.test(field));
  const named = fields.length > 0 ? fields.join(', ') : undefined;
  switch (code) {
    case 'REQUIRED_FIELD_MISSING':
      return `this org requires more fields on a ${object}${named ? ` (${named})` : ''}`;
    case 'FIELD_CUSTOM_VALIDATION_EXCEPTION': {
      // The rule's message is written by the org's admin for its users: the one useful thing to show.
      const rule = oneLine(error?.message ?? '');
      return `a validation rule refused the ${object}${rule ? `: "${rule}"` : ''}`;
    }
    case 'INVALID_CROSS_REFERENCE_KEY':
    case 'MALFORMED_ID':
    case 'ENTITY_IS_DELETED':
    case 'INVALID_ID_FIELD':
      if (fields.includes('OwnerId')) {
        return `meta.agent_external_id is not an active user who can own a ${object} (${code})`;
      }
      return `no Contact or Lead has this id, or it was deleted or merged (${code})`;
    case 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST':
    case 'INVALID_PICKLIST_VALUE':
      return object === 'Task' && fields.includes('Status')
        ? `this org has no task status like the configured logCallStatus (${code})`
        : `this org does not accept the value of ${named ?? 'a picklist field'} (${code})`;
    case 'STRING_TOO_LONG':
      return `${named ?? 'a field'} is too long for the ${object}`;
    case 'INSUFFICIENT_ACCESS_OR_READONLY':
    case 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY':
      return `the Salesforce user may not create this ${object} on the record (${code})`;
    case 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY':
      return `an Apex trigger or flow in the org refused the ${object} (${code})`;
    case 'INVALID_FIELD':
    case 'INVALID_FIELD_FOR_INSERT_UPDATE':
    case 'INVALID_TYPE':
    case 'NOT_FOUND':
      return object === 'ContentNote' || object === 'ContentDocumentLink'
        ? `this org does not accept notes: are Notes enabled? (${code})`
        : `this org does not accept ${named ?? `this ${object}`} (${code}); the call fields need Salesforce CRM Call Center`;
    default:
      return `the ${object} was refused (${code}${named ? ` on ${named}` : ''})`;
  }
}

/**
 * Plain text as the HTML a ContentNote holds: special characters escaped (Salesforce requires it) and
 * each line its own paragraph (Salesforce strips bare line breaks).
 */
export function noteHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function oneLine(text: string): string {
  return clip(text.replace(/\s+/g, ' ').trim(), 200);
}
