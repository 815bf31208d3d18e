// Every template in a definition may only name values that will exist when it is filled: a declared auth
// field, a value of the lookup step it belongs to, a contact field every step keeps, a declared action
// input. Checked when the definition is loaded, so a typo fails the gateway's start, not a call.
import type { RestDefinition } from './rest-definition.js';
import { formatPath } from './rest-path.js';
import { parseTemplate, referencesOf, type TemplateReference } from './rest-template.js';

export interface ReferenceIssue {
  path: (string | number)[];
  message: string;
}

/** The values a place may name, by root: a set of first path segments, or `'any'` for vendor records. */
export type Allowed = Readonly<Record<string, ReadonlySet<string> | 'any'>>;

/** The lookup values of each step; a singular one makes the step one request per value. */
export const LOOKUP_VALUES = {
  externalId: ['externalId'],
  email: ['emails', 'email'],
  phone: ['phones', 'phone', 'phoneSpellings', 'phoneSpelling'],
} as const;

/** Singular lookup values and the list each one walks. */
export const PER_VALUE_LOOKUPS: Readonly<Record<string, string>> = {
  email: 'emails',
  phone: 'phones',
  phoneSpelling: 'phoneSpellings',
};

function describeAllowed(allowed: Allowed): string {
  return Object.entries(allowed)
    .map(([root, names]) =>
      names === 'any' ? `${root}.*` : [...names].map((name) => `${root}.${name}`).join(', '),
    )
    .filter((text) => text !== '')
    .join(', ');
}

function checkReference(reference: TemplateReference, allowed: Allowed): string | undefined {
  const names = allowed[reference.root];
  if (names === undefined) {
    return `{{${reference.text}}}: "${reference.root}" is not available here (available: ${describeAllowed(allowed) || 'nothing'})`;
  }
  if (names === 'any') return undefined;
  const [first] = reference.path;
  if (typeof first !== 'string' || !names.has(first)) {
    return `{{${reference.text}}}: no ${reference.root} value "${reference.path.length ? formatPath(reference.path) : ''}" (available: ${describeAllowed({ [reference.root]: names })})`;
  }
  return undefined;
}

/** Every template string under `value` (a request, a body), with its path. */
function templatesIn(
  value: unknown,
  path: (string | number)[],
  out: { path: (string | number)[]; text: string }[],
) {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (Array.isArray(value)) {
    value.forEach((item, index) => {
      templatesIn(item, [...path, index], out);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) templatesIn(item, [...path, key], out);
  }
}

/** References of the request's templates (path, query, headers, body; not the method). */
function requestTemplates(request: object, path: (string | number)[]) {
  const out: { path: (string | number)[]; text: string }[] = [];
  const { method: _method, readOnly: _readOnly, ...templated } = request as Record<string, unknown>;
  templatesIn(templated, path, out);
  return out;
}

function sourceTemplates(sources: unknown, path: (string | number)[]) {
  const out: { path: (string | number)[]; text: string }[] = [];
  const list = Array.isArray(sources) ? sources : [sources];
  list.forEach((item, index) => {
    if (item && typeof item === 'object' && 'template' in item && typeof item.template === 'string') {
      out.push({
        path: Array.isArray(sources) ? [...path, index, 'template'] : [...path, 'template'],
        text: item.template,
      });
    }
  });
  return out;
}

export function checkReferences(definition: RestDefinition): ReferenceIssue[] {
  const issues: ReferenceIssue[] = [];
  const authNames = new Set(definition.auth.fields.map((field) => field.name));
  const auth = { auth: authNames };
  const service = { service: new Set(['origin']) };

  const check = (places: { path: (string | number)[]; text: string }[], allowed: Allowed) => {
    const used: TemplateReference[] = [];
    for (const place of places) {
      let references: TemplateReference[];
      try {
        references = referencesOf(parseTemplate(place.text));
      } catch {
        continue; // the schema already reported the syntax
      }
      for (const reference of references) {
        const problem = checkReference(reference, allowed);
        if (problem) issues.push({ path: place.path, message: problem });
        else used.push(reference);
      }
    }
    return used;
  };

  // Auth fields may repeat only once each.
  const seen = new Set<string>();
  definition.auth.fields.forEach((field, index) => {
    if (seen.has(field.name))
      issues.push({ path: ['auth', 'fields', index, 'name'], message: `"${field.name}" is declared twice` });
    seen.add(field.name);
  });
  const { type: _type, ...authRequest } = definition.auth.request as Record<string, unknown>;
  const authPlaces: { path: (string | number)[]; text: string }[] = [];
  templatesIn(authRequest, ['auth', 'request'], authPlaces);
  check(
    authPlaces.filter((place) => place.path[2] !== 'name'),
    auth,
  );

  if (definition.service.origin !== undefined) {
    const used = check([{ path: ['service', 'origin'], text: definition.service.origin }], auth);
    if (used.length > 0 && !definition.service.hosts?.length) {
      issues.push({
        path: ['service', 'hosts'],
        message:
          'an origin built from auth fields needs host patterns (e.g. ["*.example.com"]) for the host guard',
      });
    }
  }

  // Lookups: each step's own values; a step makes one request per value when it names a singular one.
  const steps = definition.contacts;
  const contactFields = new Set(['id']);
  const declared = (['externalId', 'email', 'phone'] as const).filter((step) => steps[step]);
  const fieldNames = declared.map((step) => new Set(Object.keys(steps[step]?.fields ?? {})));
  for (const name of fieldNames[0] ?? [])
    if (fieldNames.every((names) => names.has(name))) contactFields.add(name);
  for (const step of declared) {
    const definitionStep = steps[step];
    if (!definitionStep) continue;
    const path = ['contacts', step];
    if (definitionStep.records !== undefined && definitionStep.record !== undefined) {
      issues.push({
        path: [...path, 'record'],
        message: 'give either records (a list) or record (one contact), not both',
      });
    }
    const used = check(requestTemplates(definitionStep.request, [...path, 'request']), {
      ...auth,
      lookup: new Set(LOOKUP_VALUES[step]),
    });
    const singular = new Set(
      used
        .filter((reference) => reference.root === 'lookup' && PER_VALUE_LOOKUPS[String(reference.path[0])])
        .map((reference) => String(reference.path[0])),
    );
    if (singular.size > 1) {
      issues.push({
        path: [...path, 'request'],
        message: `one request per value walks one list: use only one of ${[...singular].map((name) => `{{lookup.${name}}}`).join(', ')}`,
      });
    }
  }

  const checkPagination = (
    pagination: RestDefinition['interactions'][string]['pagination'],
    path: (string | number)[],
  ) => {
    if (pagination && (pagination.type === 'page' || pagination.type === 'offset')) {
      if (pagination.more === 'full-page' && pagination.size === undefined) {
        issues.push({
          path: [...path, 'pagination', 'size'],
          message: 'more: full-page needs the page size (size, and sizeParam if the service takes one)',
        });
      }
    }
  };
  if (definition.syncContacts) checkPagination(definition.syncContacts.pagination, ['syncContacts']);

  for (const [type, definitionType] of Object.entries(definition.interactions)) {
    const path = ['interactions', type];
    checkPagination(definitionType.pagination, path);
    check(requestTemplates(definitionType.request, [...path, 'request']), {
      ...auth,
      ...service,
      contact: contactFields,
    });
    const mapAllowed: Allowed = { ...auth, ...service, record: 'any' };
    const map = definitionType.map as Record<string, unknown>;
    for (const [field, spec] of Object.entries(map)) {
      const from =
        spec && typeof spec === 'object' && !Array.isArray(spec) && 'from' in spec
          ? (spec as { from: unknown }).from
          : spec;
      const fromPath = from === spec ? [...path, 'map', field] : [...path, 'map', field, 'from'];
      check(sourceTemplates(from, fromPath), mapAllowed);
    }
  }

  if (definition.validateAuth)
    check(requestTemplates(definition.validateAuth.request, ['validateAuth', 'request']), auth);

  if (definition.syncContacts) {
    check(requestTemplates(definition.syncContacts.request, ['syncContacts', 'request']), auth);
    for (const [field, spec] of Object.entries(definition.syncContacts.map as Record<string, unknown>)) {
      const from =
        spec && typeof spec === 'object' && !Array.isArray(spec) && 'from' in spec
          ? (spec as { from: unknown }).from
          : spec;
      check(sourceTemplates(from, ['syncContacts', 'map', field]), { ...auth, ...service, record: 'any' });
    }
  }

  for (const [name, action] of Object.entries(definition.actions ?? {})) {
    const path = ['actions', name];
    check(requestTemplates(action.request, [...path, 'request']), {
      ...auth,
      data: new Set(action.inputs.map((input) => input.key)),
      action: new Set(['contactExternalId', 'agentExternalId']),
    });
    if (action.message !== undefined)
      check([{ path: [...path, 'message'], text: action.message }], { record: 'any' });
  }
  return issues;
}
