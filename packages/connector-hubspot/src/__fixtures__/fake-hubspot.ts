// Test support only (never bundled; other packages' tests import it through the dev-only subpath
// `@talkbridge/connector-hubspot/fixtures`): a fake of the HubSpot endpoints the connector uses, over the
// fixtures beside it, strict about credentials and HubSpot's request limits.
import { HttpResponse, http, type RequestHandler } from '@talkbridge/testkit';
import accountDetails from './account-details.json' with { type: 'json' };
import calls from './calls.json' with { type: 'json' };
import contacts from './contacts.json' with { type: 'json' };
import emails from './emails.json' with { type: 'json' };
import meetings from './meetings.json' with { type: 'json' };
import notes from './notes.json' with { type: 'json' };
import owners from './owners.json' with { type: 'json' };
import tasks from './tasks.json' with { type: 'json' };
import ticketPipelines from './ticket-pipelines.json' with { type: 'json' };
import tickets from './tickets.json' with { type: 'json' };

export const HUBSPOT_TEST_TOKEN = 'pat-na1-4b1f0c2e-7d3a-4c55-9e1b-a0c9d2e3f411';

export interface FakeRecord {
  id: string;
  properties: Record<string, unknown>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  associations?: { contacts?: { results: { id: string; type?: string }[] } };
}

export interface FakeOwner {
  id: string;
  email: string | null;
  type: string;
  firstName: string | null;
  lastName: string | null;
  archived: boolean;
  [key: string]: unknown;
}

export interface FakeHubspotData {
  token: string;
  account: Record<string, unknown>;
  pipelines: Record<string, unknown>;
  contacts: FakeRecord[];
  owners: FakeOwner[];
  /** Id of the next call or note created. */
  nextObjectId: number;
  /** By CRM object type as the paths spell it: tickets, notes, calls, emails, meetings, tasks. */
  objects: Record<string, FakeRecord[]>;
  /** Associations per page of a v4 batch read. */
  associationPageSize: number;
  /** Associated ids per type in a v3 record read with `associations` (HubSpot pages them past 100). */
  objectAssociationPageSize: number;
}

/** A fresh copy of the fixtures: tests may change it freely. */
export function fakeHubspotData(): FakeHubspotData {
  return structuredClone({
    token: HUBSPOT_TEST_TOKEN,
    account: accountDetails,
    pipelines: ticketPipelines,
    contacts: contacts.results as FakeRecord[],
    owners: owners.results as FakeOwner[],
    nextObjectId: 45200000001,
    objects: {
      tickets: tickets.results as FakeRecord[],
      notes: notes.results as FakeRecord[],
      calls: calls.results as FakeRecord[],
      emails: emails.results as FakeRecord[],
      meetings: meetings.results as FakeRecord[],
      tasks: tasks.results as FakeRecord[],
    },
    associationPageSize: 500,
    objectAssociationPageSize: 100,
  });
}

const error = (status: number, category: string, message: string) =>
  HttpResponse.json(
    { status: 'error', message, correlationId: 'b5f1a2c3-0d4e-4f6a-8b7c-9d0e1f2a3b4c', category },
    { status },
  );

/** The fake HubSpot API on `origin`; it reads `data` at request time, so tests can change it. */
export function fakeHubspot(origin: string, data: FakeHubspotData = fakeHubspotData()): RequestHandler {
  return http.all(`${origin}/*`, async ({ request }) => {
    if (request.headers.get('authorization') !== `Bearer ${data.token}`) {
      return error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication.',
      );
    }
    const url = new URL(request.url);
    const route = `${request.method} ${url.pathname}`;
    const body = request.method === 'POST' ? ((await request.json()) as Record<string, unknown>) : {};

    if (route === 'GET /account-info/v3/details') return HttpResponse.json(data.account);
    if (route === 'GET /crm/v3/pipelines/tickets') return HttpResponse.json(data.pipelines);
    if (route === 'POST /crm/v3/objects/contacts/search') return searchContacts(data, body);
    if (route === 'GET /crm/v3/owners') return listOwners(data, url.searchParams);

    const create = /^POST \/crm\/v3\/objects\/(calls|notes)$/.exec(route);
    if (create) return createActivity(data, create[1] as 'calls' | 'notes', body);

    const contact = /^GET \/crm\/v3\/objects\/contacts\/([^/]+)$/.exec(route);
    if (contact) return readContact(data, decodeURIComponent(contact[1] ?? ''), url.searchParams);

    const associations = /^POST \/crm\/v4\/associations\/contacts\/([^/]+)\/batch\/read$/.exec(route);
    if (associations) return readAssociations(data, associations[1] ?? '', body);

    const batch = /^POST \/crm\/v3\/objects\/([^/]+)\/batch\/read$/.exec(route);
    if (batch) return batchRead(data, batch[1] ?? '', body);

    return error(404, 'OBJECT_NOT_FOUND', `no route ${route}`);
  });
}

/** The association type HubSpot names from a contact to each object type, as a record read lists it. */
const CONTACT_TO: Record<string, string> = {
  tickets: 'contact_to_ticket',
  notes: 'contact_to_note',
  calls: 'contact_to_call',
  emails: 'contact_to_email',
  meetings: 'contact_to_meeting',
  tasks: 'contact_to_task',
};

/**
 * `GET /crm/v3/objects/contacts/{contactId}`: by record id, or with `idProperty=email` by the primary email
 * (a unique property; additional emails are not one). `associations` (comma-separated or repeated) adds,
 * per requested type the contact has any of, `{results: [{id, type}]}`, paged past 100 ids with
 * `paging.next`; types it has none of, or that do not exist, are left out. Another idProperty is refused.
 */
function readContact(data: FakeHubspotData, key: string, query: URLSearchParams) {
  const idProperty = query.get('idProperty');
  if (idProperty !== null && idProperty !== 'email' && idProperty !== 'hs_object_id') {
    return error(400, 'VALIDATION_ERROR', `${idProperty} is not a unique property`);
  }
  const found = data.contacts.find((candidate) =>
    idProperty === 'email'
      ? typeof candidate.properties.email === 'string' &&
        candidate.properties.email.toLowerCase() === key.toLowerCase()
      : candidate.id === key,
  );
  if (!found) return error(404, 'OBJECT_NOT_FOUND', 'resource not found');
  const wanted = query.getAll('properties').flatMap((value) => value.split(','));
  const record = withProperties(found, wanted.length > 0 ? wanted : ['email', 'firstname', 'lastname']);
  const types = query.getAll('associations').flatMap((value) => value.split(','));
  if (types.length === 0) return HttpResponse.json(record);
  const associations: Record<string, unknown> = {};
  for (const type of new Set(types)) {
    const records = data.objects[type];
    const label = CONTACT_TO[type];
    if (!records || !label) continue;
    const ids = records
      .filter((candidate) => candidate.associations?.contacts?.results.some((link) => link.id === found.id))
      .map((candidate) => candidate.id);
    if (ids.length === 0) continue;
    const page = ids.slice(0, data.objectAssociationPageSize);
    const more = ids.length > page.length;
    associations[type] = {
      results: page.map((id) => ({ id, type: label })),
      ...(more
        ? {
            paging: {
              next: {
                after: String(page.length),
                link: `/crm/v4/objects/contacts/${found.id}/associations/${type}?after=${page.length}`,
              },
            },
          }
        : {}),
    };
  }
  return HttpResponse.json({ ...record, associations });
}

function withProperties(record: FakeRecord, wanted: readonly string[]) {
  const properties: Record<string, unknown> = { hs_object_id: record.id };
  for (const name of wanted) properties[name] = record.properties[name] ?? null;
  return {
    id: record.id,
    properties,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    archived: false,
  };
}

interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}

/** Datetime properties: values in filters are epoch milliseconds as text, answers are ISO 8601. */
const DATE_PROPERTIES = new Set(['lastmodifieddate', 'createdate']);
const NUMBER_PROPERTIES = new Set(['hs_object_id']);
const DEFAULT_CONTACT_PROPERTIES = [
  'createdate',
  'email',
  'firstname',
  'hs_object_id',
  'lastmodifieddate',
  'lastname',
];

/**
 * HubSpot's contact search as documented: filter groups ORed, filters ANDed; ONE sort rule; at most 200
 * per page; `after` is an integer offset and a query never reaches past 10,000 results; a body of more
 * than 3,000 characters is refused. Contacts that tie on the sort property come back in no useful order
 * (here: highest id first), so a client that relies on tie order is caught.
 */
function searchContacts(data: FakeHubspotData, body: Record<string, unknown>) {
  const groups = (body.filterGroups ?? []) as { filters: Filter[] }[];
  const sorts = (body.sorts ?? []) as { propertyName: string; direction?: string }[];
  const limit = Number(body.limit ?? 10);
  const after = Number(body.after ?? 0);
  if (
    JSON.stringify(body).length > 3_000 ||
    groups.length > 5 ||
    groups.some((group) => group.filters.length > 6) ||
    groups.reduce((total, group) => total + group.filters.length, 0) > 18 ||
    sorts.length > 1 ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > 200 ||
    !Number.isInteger(after) ||
    after < 0 ||
    after + limit > 10_000
  ) {
    return error(400, 'VALIDATION_ERROR', 'There was a problem with the request.');
  }
  const matches = data.contacts.filter(
    (contact) =>
      groups.length === 0 ||
      groups.some((group) => group.filters.every((filter) => matchesFilter(contact, filter))),
  );
  const [sort] = sorts;
  const ordered = sort
    ? [...matches].sort((a, b) => {
        const order = compareValues(a, b, sort.propertyName);
        const signed = sort.direction === 'DESCENDING' ? -order : order;
        return signed || Number(b.id) - Number(a.id);
      })
    : [...matches].sort(
        (a, b) =>
          Date.parse(a.createdAt ?? '') - Date.parse(b.createdAt ?? '') || Number(a.id) - Number(b.id),
      );
  const wanted = (body.properties ?? DEFAULT_CONTACT_PROPERTIES) as string[];
  const page = ordered.slice(after, after + limit);
  const more = after + limit < ordered.length;
  return HttpResponse.json({
    total: matches.length,
    results: page.map((contact) => withProperties(contact, wanted)),
    ...(more ? { paging: { next: { after: String(after + limit) } } } : {}),
  });
}

function compareValues(a: FakeRecord, b: FakeRecord, property: string): number {
  const left = comparable(a, property);
  const right = comparable(b, property);
  if (left === undefined || right === undefined) return left === right ? 0 : left === undefined ? 1 : -1;
  return typeof left === 'number' && typeof right === 'number'
    ? left - right
    : String(left).localeCompare(String(right));
}

function comparable(contact: FakeRecord, property: string): number | string | undefined {
  const value = searchableValue(contact, property);
  if (value === undefined) return undefined;
  if (DATE_PROPERTIES.has(property)) return Date.parse(value);
  if (NUMBER_PROPERTIES.has(property)) return Number(value);
  return value.toLowerCase();
}

function matchesFilter(contact: FakeRecord, filter: Filter): boolean {
  if (['GT', 'GTE', 'LT', 'LTE'].includes(filter.operator)) {
    const value = comparable(contact, filter.propertyName);
    if (typeof value !== 'number') return false;
    // Datetime and number filters take numbers as text: epoch milliseconds for datetimes.
    if (filter.value === undefined || !/^-?\d+(\.\d+)?$/.test(filter.value)) return false;
    const bound = Number(filter.value);
    if (filter.operator === 'GT') return value > bound;
    if (filter.operator === 'GTE') return value >= bound;
    if (filter.operator === 'LT') return value < bound;
    return value <= bound;
  }
  const value = searchableValue(contact, filter.propertyName)?.toLowerCase();
  if (value === undefined) return false;
  switch (filter.operator) {
    case 'EQ':
      return value === filter.value?.toLowerCase();
    case 'IN':
      return (filter.values ?? []).some((candidate) => candidate.toLowerCase() === value);
    case 'CONTAINS_TOKEN': {
      // HubSpot's token match, `*` being a wildcard: exactly what a request value must not exploit.
      const pattern = (filter.value ?? '')
        .toLowerCase()
        .split('*')
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*');
      return value.split(/[;,\s]+/).some((token) => new RegExp(`^${pattern}$`).test(token));
    }
    default:
      return false;
  }
}

/** Contact properties as search sees them, HubSpot's calculated phone properties included. */
function searchableValue(contact: FakeRecord, name: string): string | undefined {
  const text = (property: string) => {
    const value = contact.properties[property];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  if (name === 'hs_object_id') return contact.id;
  if (name === 'hs_searchable_calculated_phone_number') return nationalDigits(text('phone'));
  if (name === 'hs_searchable_calculated_mobile_number') return nationalDigits(text('mobilephone'));
  return text(name);
}

/** The phone's digits without country code or trunk prefix, as HubSpot indexes them for search. */
function nationalDigits(phone: string | undefined): string | undefined {
  if (phone === undefined) return undefined;
  let digits = phone.replace(/\D/g, '');
  if (phone.trim().startsWith('+')) digits = digits.startsWith('1') ? digits.slice(1) : digits.slice(2);
  else if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  return digits.replace(/^0/, '');
}

function readAssociations(data: FakeHubspotData, objectType: string, body: Record<string, unknown>) {
  const inputs = (body.inputs ?? []) as { id: string; after?: string }[];
  if (inputs.length > 1_000) return error(400, 'VALIDATION_ERROR', 'Too many inputs');
  const records = data.objects[objectType];
  if (!records) return error(400, 'VALIDATION_ERROR', `Unknown object type ${objectType}`);
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of inputs) {
    const associated = records.filter((record) =>
      record.associations?.contacts?.results.some((link) => link.id === input.id),
    );
    if (associated.length === 0) {
      errors.push({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        context: { fromObjectId: [input.id] },
        message: `No ${objectType} is associated with contact ${input.id}.`,
      });
      continue;
    }
    const offset = Number(input.after ?? 0);
    const page = associated.slice(offset, offset + data.associationPageSize);
    const more = offset + data.associationPageSize < associated.length;
    results.push({
      from: { id: input.id },
      to: page.map((record) => ({
        toObjectId: Number(record.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 16, label: null }],
      })),
      ...(more ? { paging: { next: { after: String(offset + data.associationPageSize), link: null } } } : {}),
    });
  }
  const status = errors.length > 0 ? 207 : 200;
  return HttpResponse.json(
    {
      status: 'COMPLETE',
      results,
      ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
      startedAt: '2025-03-07T10:00:00.000Z',
      completedAt: '2025-03-07T10:00:00.120Z',
    },
    { status },
  );
}

function batchRead(data: FakeHubspotData, objectType: string, body: Record<string, unknown>) {
  const inputs = (body.inputs ?? []) as { id: string }[];
  if (inputs.length > 100) return error(400, 'VALIDATION_ERROR', 'Batch read is limited to 100 inputs');
  const records = data.objects[objectType];
  if (!records) return error(400, 'VALIDATION_ERROR', `Unknown object type ${objectType}`);
  const wanted = (body.properties ?? []) as string[];
  const found = inputs.flatMap((input) => records.filter((record) => record.id === input.id));
  return HttpResponse.json({
    status: 'COMPLETE',
    results: found.map((record) => withProperties(record, wanted)),
    startedAt: '2025-03-07T10:00:00.000Z',
    completedAt: '2025-03-07T10:00:00.080Z',
  });
}

/** `GET /crm/v3/owners`: `limit` (at most 500) and `after` (here an offset), archived owners left out. */
function listOwners(data: FakeHubspotData, query: URLSearchParams) {
  const limit = Number(query.get('limit') ?? 100);
  const after = Number(query.get('after') ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500 || !Number.isInteger(after) || after < 0) {
    return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1');
  }
  const archived = query.get('archived') === 'true';
  const owners = data.owners.filter((owner) => owner.archived === archived);
  const page = owners.slice(after, after + limit);
  const more = after + limit < owners.length;
  return HttpResponse.json({
    results: page,
    ...(more ? { paging: { next: { after: String(after + limit), link: `?after=${after + limit}` } } } : {}),
  });
}

/** The association type HubSpot defines from each activity to a contact. */
const TO_CONTACT_ASSOCIATION: Record<'calls' | 'notes', number> = { calls: 194, notes: 202 };

/**
 * `POST /crm/v3/objects/{calls|notes}`: `hs_timestamp` is required, `hubspot_owner_id` must be an owner,
 * and every association must point at an existing contact with the HubSpot-defined type for the pair.
 * A created activity is associated, so the next retrieval shows it.
 */
function createActivity(data: FakeHubspotData, objectType: 'calls' | 'notes', body: Record<string, unknown>) {
  const properties = (body.properties ?? {}) as Record<string, unknown>;
  if (typeof properties.hs_timestamp !== 'string' || Number.isNaN(Date.parse(properties.hs_timestamp))) {
    return error(400, 'VALIDATION_ERROR', 'Property values were not valid: hs_timestamp is required');
  }
  const owner = properties.hubspot_owner_id;
  if (owner !== undefined && !data.owners.some((candidate) => candidate.id === owner)) {
    return error(
      400,
      'VALIDATION_ERROR',
      `Property values were not valid: [{"isValid":false,"message":"${String(owner)} is not a valid owner id","name":"hubspot_owner_id"}]`,
    );
  }
  const associations = (body.associations ?? []) as {
    to?: { id?: string };
    types?: { associationCategory?: string; associationTypeId?: number }[];
  }[];
  for (const association of associations) {
    const type = association.types?.[0];
    if (
      association.types?.length !== 1 ||
      type?.associationCategory !== 'HUBSPOT_DEFINED' ||
      type.associationTypeId !== TO_CONTACT_ASSOCIATION[objectType]
    ) {
      return error(400, 'VALIDATION_ERROR', 'One or more association types are invalid for this object pair');
    }
    if (!data.contacts.some((contact) => contact.id === association.to?.id)) {
      return error(
        400,
        'VALIDATION_ERROR',
        `One or more associations are invalid: contact ${association.to?.id} does not exist`,
      );
    }
  }
  const id = String(data.nextObjectId++);
  const now = new Date().toISOString();
  const record: FakeRecord = {
    id,
    properties: { ...properties, hs_object_id: id, hs_createdate: now, hs_lastmodifieddate: now },
    createdAt: now,
    updatedAt: now,
    archived: false,
    associations: {
      contacts: { results: associations.map((association) => ({ id: String(association.to?.id) })) },
    },
  };
  data.objects[objectType] = [...(data.objects[objectType] ?? []), record];
  return HttpResponse.json(
    { id, properties: record.properties, createdAt: now, updatedAt: now, archived: false },
    { status: 201 },
  );
}
