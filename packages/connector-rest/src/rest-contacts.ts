// Contact resolution, one declared step at a time (external id, emails, phones).
import { type ContactLookup, type ContactRef, phoneSpellings, samePhoneNumber } from '@talkbridge/core';
import { baseScope } from './rest-context.js';
import type { LookupStepDefinition, RestDefinition } from './rest-definition.js';
import { parsePath, valueAt } from './rest-path.js';
import { PER_VALUE_LOOKUPS } from './rest-references.js';
import {
  mapBounded,
  missingUpstreamValue,
  type RestContext,
  recordsAt,
  sendRequest,
} from './rest-request.js';
import { parseTemplate, referencesOf } from './rest-template.js';

/** Requests one step may make when it asks per value, and how many at once. */
const MAX_REQUESTS_PER_STEP = 20;
const LOOKUP_CONCURRENCY = 4;

/** A contact as the connector keeps it: its id and the fields the definition asks to keep. */
export type RestContact = ContactRef & Record<string, string>;

function lookupValues(lookup: ContactLookup): Record<string, string | string[]> {
  switch (lookup.by) {
    case 'externalId':
      return { externalId: lookup.externalId };
    case 'email':
      return { emails: lookup.emails };
    case 'phone':
      return { phones: lookup.phones, phoneSpellings: [...new Set(lookup.phones.flatMap(phoneSpellings))] };
  }
}

/** Every template string of a request: path, query values, header values, body strings. */
function requestStrings(request: LookupStepDefinition['request']): string[] {
  const out: string[] = [request.path];
  const walk = (value: unknown) => {
    if (typeof value === 'string') out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(request.query);
  walk(request.headers);
  walk(request.body);
  return out;
}

/** The singular lookup value the step's request names (one request per value), if any. */
function perValueName(step: LookupStepDefinition): string | undefined {
  for (const text of requestStrings(step.request)) {
    for (const reference of referencesOf(parseTemplate(text))) {
      const name = String(reference.path[0]);
      if (reference.root === 'lookup' && PER_VALUE_LOOKUPS[name]) return name;
    }
  }
  return undefined;
}

function textsAt(record: unknown, path: string): string[] {
  const value = valueAt(record, parsePath(path));
  const list = Array.isArray(value) ? value : [value];
  return list
    .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
    .map(String);
}

function matches(step: LookupStepDefinition, lookup: ContactLookup, record: unknown): boolean {
  for (const rule of step.exclude ?? []) {
    if (valueAt(record, parsePath(rule.path)) === rule.equals) return false;
  }
  if (!step.match) return true;
  const stored = step.match.flatMap((path) => textsAt(record, path));
  switch (lookup.by) {
    case 'externalId':
      return stored.includes(lookup.externalId);
    case 'email': {
      const wanted = new Set(lookup.emails);
      return stored.some((email) => wanted.has(email.trim().toLowerCase()));
    }
    case 'phone':
      return stored.some((phone) => lookup.phones.some((wanted) => samePhoneNumber(phone, wanted)));
  }
}

function contactOf(step: LookupStepDefinition, record: unknown): RestContact | undefined {
  const id = valueAt(record, parsePath(step.id));
  if (typeof id !== 'string' && typeof id !== 'number') return undefined;
  const contact: RestContact = { id: String(id) };
  for (const [name, path] of Object.entries(step.fields ?? {})) {
    const value = valueAt(record, parsePath(path));
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      contact[name] = String(value);
  }
  return contact;
}

export async function findRestContacts(
  definition: RestDefinition,
  ctx: RestContext,
  lookup: ContactLookup,
): Promise<RestContact[]> {
  const step = definition.contacts[lookup.by];
  if (!step) return [];
  const values = lookupValues(lookup);
  const perValue = perValueName(step);
  const scopes = perValue
    ? ((values[PER_VALUE_LOOKUPS[perValue] as string] as string[]) ?? [])
        .slice(0, MAX_REQUESTS_PER_STEP)
        .map((value) => ({ ...values, [perValue]: value }))
    : [values];
  const base = baseScope(definition, ctx.auth, ctx.settings.baseUrl);
  const answers = await mapBounded(scopes, LOOKUP_CONCURRENCY, (lookupScope) =>
    sendRequest(
      ctx,
      step.request,
      { ...base, lookup: lookupScope },
      { allowNotFound: true, onMissing: missingUpstreamValue },
    ),
  );
  const found: RestContact[] = [];
  for (const answer of answers) {
    if (!answer) continue;
    const records =
      step.record !== undefined
        ? [valueAt(answer.data, parsePath(step.record))]
        : step.records !== undefined
          ? recordsAt(answer.data, step.records)
          : Array.isArray(answer.data)
            ? answer.data
            : [answer.data];
    for (const record of records) {
      if (!record || typeof record !== 'object' || !matches(step, lookup, record)) continue;
      const contact = contactOf(step, record);
      if (contact) found.push(contact);
    }
  }
  return found;
}
