// What Zoho says when it refuses to create a record, turned into a message a person can act on. Zoho answers
// a write with one outcome per record: `{"data":[{"status":"error","code":"MANDATORY_NOT_FOUND",
// "details":{"api_name":"Call_Duration"},…}]}`, with HTTP 400 when the only record failed (and, as its v8
// OpenAPI files declare, with 2xx too). Messages name the code and the field, never the values sent or
// Zoho's own text (which may quote them).
import { refusalOf } from '@talkbridge/core';
import type { ZohoErrorBody, ZohoWriteOutcome } from './zoho-crm-api.js';

/** Where a Zoho field the actions write comes from, to point at the input to fix. */
const FIELD_SOURCES: Readonly<Record<string, string>> = {
  Subject: 'data.subject',
  Description: 'data.description',
  Call_Type: 'data.direction',
  Call_Duration: 'data.duration',
  Call_Start_Time: 'data.started_at',
  Who_Id: 'the contact',
  What_Id: 'the contact',
  $se_module: 'the contact',
  Owner: 'meta.agent_external_id',
  Note_Title: 'data.subject',
  Note_Content: 'data.body',
  Parent_Id: 'the contact',
};

const ZOHO_CODE = /^[A-Z][A-Z0-9_]{1,60}$/;
const ZOHO_FIELD = /^\$?[A-Za-z][A-Za-z0-9_]{0,99}$/;

function fieldName(value: unknown): string | undefined {
  if (typeof value !== 'string' || !ZOHO_FIELD.test(value)) return undefined;
  const source = FIELD_SOURCES[value];
  return source ? `${value} (from ${source})` : value;
}

/** `Call_Duration (from data.duration) is required (MANDATORY_NOT_FOUND)`: why Zoho refused one record. */
export function describeZohoRefusal(outcome: ZohoWriteOutcome): string {
  const code = typeof outcome.code === 'string' && ZOHO_CODE.test(outcome.code) ? outcome.code : undefined;
  const field = fieldName(outcome.details?.api_name);
  const expected = outcome.details?.expected_data_type;
  const maxLength = outcome.details?.maximum_length;
  const tag = code ? ` (${code})` : '';
  switch (code) {
    case 'MANDATORY_NOT_FOUND':
      return `${field ?? 'a required field'} is required${tag}`;
    case 'INVALID_DATA': {
      const hint =
        typeof maxLength === 'number' && Number.isInteger(maxLength)
          ? `: at most ${maxLength} characters`
          : typeof expected === 'string' && /^[a-z_]{1,40}$/.test(expected)
            ? `: expected ${expected}`
            : '';
      return `${field ?? 'a value'} is not valid${hint}${tag}`;
    }
    case 'DUPLICATE_DATA':
      return `${field ?? 'a value'} duplicates another record${tag}`;
    case 'NO_PERMISSION':
      return `the Zoho CRM user of this token may not create it${tag}`;
    case 'RECORD_LOCKED':
      return `the record it belongs to is locked${tag}`;
    default:
      return code ? `it was refused${tag}` : 'it was refused without a reason';
  }
}

/**
 * Zoho's refusal of one record in a failed write (`{"data":[{"status":"error",…}]}` in a 4xx), read from the
 * declared error body. Only write APIs answer with per-record outcomes in `data`; reads fail with a top-level
 * `{code, message}` and keep the usual mapping.
 */
export function zohoRefusalOf(error: unknown): ZohoWriteOutcome | undefined {
  const refused = refusalOf<ZohoErrorBody>(error);
  if (!refused || refused.status < 400 || refused.status >= 500) return undefined;
  return refused.body?.data?.find((outcome) => outcome.status === 'error');
}
