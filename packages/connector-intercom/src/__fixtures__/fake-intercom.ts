// A fake of the Intercom REST API (2.15) serving the fixtures: it checks the bearer token and the pinned
// version header like the real service checks the token, and answers searches the way Intercom documents
// them (`IN` filters, exact matches on the stored values; dates matched by whole day, `=`/`<`/`>` only;
// ascending or descending sorts with a `starting_after` cursor after the last item's sort value and id).
// Its refusals of a ticket (status and code) are plausible, not documented by Intercom.
import {
  createFakeUpstream,
  type FakeUpstream,
  HttpResponse,
  http,
  type RequestHandler,
} from '@talkbridge/testkit';
import admins from './admins.json' with { type: 'json' };
import contact from './contact.json' with { type: 'json' };
import contactsSearch from './contacts-search.json' with { type: 'json' };
import contactsSync from './contacts-sync.json' with { type: 'json' };
import conversationsSearch from './conversations-search.json' with { type: 'json' };
import me from './me.json' with { type: 'json' };
import notes from './notes.json' with { type: 'json' };
import ticketCreated from './ticket-created.json' with { type: 'json' };
import ticketTypes from './ticket-types.json' with { type: 'json' };
import ticketsSearch from './tickets-search.json' with { type: 'json' };

export const INTERCOM_TOKEN = 'dG9rOmZha2UtaW50ZXJjb20tdG9rZW4tN2Q0MQ==';
export const CONTACT_ID = contact.id;
export const CONTACT_EMAIL = contact.email;
/** As the fixture stores it; Talkdesk sends it in another layout. */
export const CONTACT_PHONE = contact.phone;
export const WORKSPACE_ID = contact.workspace_id;
/** The contacts contact synchronization walks through, in Intercom's ascending `updated_at` order. */
export const SYNC_CONTACTS = contactsSync.data;
export const ADMIN_IDS = admins.admins.map((admin) => admin.id);
/** The workspace's only live customer ticket type. */
export const TICKET_TYPE_ID = '88';
/** The id Intercom gives a contact that `POST /tickets` creates from an email. */
export const CREATED_CONTACT_ID = '6762f0d01bb69f9f2193bc99';

const emptyList = {
  type: 'list',
  data: [],
  total_count: 0,
  pages: { type: 'pages', page: 1, per_page: 50, total_pages: 0 },
};

function intercomError(status: number, code: string, message: string) {
  return HttpResponse.json(
    { type: 'error.list', request_id: 'b8e3c1d2-0000-4000-8000-000000000000', errors: [{ code, message }] },
    { status },
  );
}

interface Filter {
  field?: unknown;
  operator?: unknown;
  value?: unknown;
}

interface SearchBody {
  query?: Filter;
  sort?: { field?: unknown; order?: unknown };
  pagination?: { per_page?: unknown; starting_after?: unknown };
}

type SyncContact = (typeof contactsSync.data)[number];

const DAY = 86_400;
const DATE_FIELDS = new Set(['updated_at', 'created_at']);

/** Start of the UTC day (the fake workspace's timezone) of a Unix time. */
const dayOf = (seconds: number) => Math.floor(seconds / DAY) * DAY;

class SearchError extends Error {}

/** Whether a contact matches a (possibly nested) filter, as Intercom's contact search evaluates it. */
function matches(contact: SyncContact, filter: Filter): boolean {
  if (filter.operator === 'AND' || filter.operator === 'OR') {
    if (!Array.isArray(filter.value)) throw new SearchError('AND/OR need an array of filters');
    const results = (filter.value as Filter[]).map((inner) => matches(contact, inner));
    return filter.operator === 'AND' ? results.every(Boolean) : results.some(Boolean);
  }
  const field = String(filter.field);
  const stored = (contact as Record<string, unknown>)[field];
  if (DATE_FIELDS.has(field)) {
    const value = Number(filter.value);
    if (!Number.isInteger(value)) throw new SearchError(`${field} expects a Unix timestamp`);
    const time = Number(stored);
    // Matched by calendar day; `>` starts at the next day, `<` before the day.
    if (filter.operator === '=') return dayOf(time) === dayOf(value);
    if (filter.operator === '>') return time >= dayOf(value) + DAY;
    if (filter.operator === '<') return time < dayOf(value);
    throw new SearchError(`operator ${String(filter.operator)} is not supported on ${field}`);
  }
  if (field === 'role' || field === 'email' || field === 'phone' || field === 'id') {
    if (filter.operator === '=') return stored === filter.value;
    if (filter.operator === 'IN' && Array.isArray(filter.value)) return filter.value.includes(stored);
    throw new SearchError(`operator ${String(filter.operator)} is not supported here`);
  }
  throw new SearchError(`${field} is not searchable in this fake`);
}

const encodeCursor = (sortValue: unknown, id: string) =>
  Buffer.from(JSON.stringify([sortValue, id])).toString('base64');

/** A contact search over the sync fixtures, with Intercom's sort and cursor pagination. */
function searchContacts(body: SearchBody): Response {
  const field = typeof body.sort?.field === 'string' ? body.sort.field : 'id';
  const descending = body.sort?.order === 'descending';
  if (body.sort && body.sort.order !== 'ascending' && !descending) {
    return intercomError(400, 'invalid_sort_order', 'Must be one of: ascending, descending');
  }
  const perPage = Math.min(Number(body.pagination?.per_page ?? 50), 150);
  let found: SyncContact[];
  try {
    found = SYNC_CONTACTS.filter((candidate) => matches(candidate, body.query ?? {}));
  } catch (error) {
    if (error instanceof SearchError) return intercomError(400, 'parameter_invalid', error.message);
    throw error;
  }
  const key = (item: SyncContact): [number | string, string] => [
    (item as Record<string, unknown>)[field] as number | string,
    item.id,
  ];
  const compare = (a: [number | string, string], b: [number | string, string]) =>
    (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  found.sort((a, b) => (descending ? -1 : 1) * compare(key(a), key(b)));
  let start = 0;
  if (body.pagination?.starting_after !== undefined) {
    let after: [number | string, string];
    try {
      after = JSON.parse(Buffer.from(String(body.pagination.starting_after), 'base64').toString());
      if (!Array.isArray(after) || after.length !== 2) throw new Error('bad cursor');
    } catch {
      return intercomError(400, 'parameter_invalid', 'starting_after is invalid');
    }
    start = found.findIndex((item) => (descending ? -1 : 1) * compare(key(item), after) > 0);
    if (start < 0) start = found.length;
  }
  const page = found.slice(start, start + perPage);
  const last = page.at(-1);
  const more = start + page.length < found.length;
  return HttpResponse.json({
    type: 'list',
    data: page,
    total_count: found.length,
    pages: {
      type: 'pages',
      page: Math.floor(start / perPage) + 1,
      per_page: perPage,
      total_pages: Math.ceil(found.length / perPage),
      ...(more && last
        ? {
            next: {
              page: Math.floor(start / perPage) + 2,
              starting_after: encodeCursor(key(last)[0], last.id),
            },
          }
        : {}),
    },
  });
}

interface TicketBody {
  ticket_type_id?: unknown;
  contacts?: { id?: unknown; email?: unknown }[];
  ticket_attributes?: Record<string, unknown>;
  assignment?: { admin_assignee_id?: unknown };
}

/** `POST /tickets`: the fixture ticket with what was asked for. */
function createTicket(body: TicketBody): Response {
  const type = ticketTypes.data.find((candidate) => candidate.id === String(body.ticket_type_id));
  if (!type || type.archived) return intercomError(404, 'not_found', 'Ticket type not found');
  if (!Array.isArray(body.contacts) || body.contacts.length !== 1) {
    return intercomError(400, 'parameter_invalid', 'Exactly one contact is required');
  }
  const [requested] = body.contacts;
  let contactId: string;
  if (typeof requested?.id === 'string') {
    if (!SYNC_CONTACTS.some((candidate) => candidate.id === requested.id)) {
      return intercomError(404, 'not_found', 'User Not Found');
    }
    contactId = requested.id;
  } else if (typeof requested?.email === 'string') {
    contactId =
      SYNC_CONTACTS.find((candidate) => candidate.email === requested.email)?.id ?? CREATED_CONTACT_ID;
  } else {
    return intercomError(400, 'parameter_invalid', 'Contact must have an id, external_id or email');
  }
  const title = body.ticket_attributes?._default_title_;
  if (typeof title !== 'string' || title === '') {
    return intercomError(400, 'parameter_invalid', 'Missing required attribute: _default_title_');
  }
  const assignee = body.assignment?.admin_assignee_id;
  if (assignee !== undefined && !ADMIN_IDS.includes(String(assignee))) {
    return intercomError(400, 'parameter_invalid', 'Assignee not found');
  }
  return HttpResponse.json({
    ...ticketCreated,
    ticket_attributes: body.ticket_attributes,
    ticket_type: { ...ticketCreated.ticket_type, id: type.id, name: type.name, category: type.category },
    category: type.category,
    contacts: { type: 'contact.list', contacts: [{ type: 'contact', id: contactId }] },
    admin_assignee_id: assignee === undefined ? '0' : String(assignee),
  });
}

/** The values an `=`/`IN` filter on `field` asks for; anything else matches nothing. */
function wanted(query: Filter | undefined, field: string): string[] {
  if (!query || query.field !== field) return [];
  if (query.operator === 'IN' && Array.isArray(query.value)) return query.value.map(String);
  if (query.operator === '=' && typeof query.value === 'string') return [query.value];
  return [];
}

/** The fake Intercom on one origin: `fakeIntercom` serves it, tests add it for a second origin. */
export function intercomHandler(origin: string): RequestHandler {
  return http.all(`${origin}/*`, async ({ request }) => {
    // Read first: the fake upstream records a request once its body is read, refused ones included.
    const body = request.method === 'POST' ? ((await request.json()) as SearchBody & TicketBody) : {};
    if (request.headers.get('authorization') !== `Bearer ${INTERCOM_TOKEN}`) {
      return intercomError(401, 'unauthorized', 'Access Token Invalid');
    }
    if (request.headers.get('intercom-version') !== '2.15') {
      return intercomError(400, 'intercom_version_invalid', 'Requested Intercom-Version is not valid');
    }
    const { pathname } = new URL(request.url);
    if (request.method === 'GET') {
      if (pathname === '/me') return HttpResponse.json(me);
      if (pathname === '/admins') return HttpResponse.json(admins);
      if (pathname === '/ticket_types') return HttpResponse.json(ticketTypes);
      const notesOf = /^\/contacts\/([^/]+)\/notes$/.exec(pathname);
      if (notesOf) {
        return decodeURIComponent(notesOf[1] ?? '') === CONTACT_ID
          ? HttpResponse.json(notes)
          : intercomError(404, 'not_found', 'User Not Found');
      }
      const contactOf = /^\/contacts\/([^/]+)$/.exec(pathname);
      if (contactOf) {
        return decodeURIComponent(contactOf[1] ?? '') === CONTACT_ID
          ? HttpResponse.json(contact)
          : intercomError(404, 'not_found', 'User Not Found');
      }
    }
    if (request.method === 'POST' && pathname === '/contacts/search') {
      // A lookup by email or phone answers the lookup fixture; anything else searches the sync fixtures.
      if (body.query?.field !== 'email' && body.query?.field !== 'phone') return searchContacts(body);
      const found =
        wanted(body.query, 'email').includes(CONTACT_EMAIL) ||
        wanted(body.query, 'phone').includes(CONTACT_PHONE);
      return HttpResponse.json(found ? contactsSearch : emptyList);
    }
    if (request.method === 'POST' && pathname === '/conversations/search') {
      return HttpResponse.json(
        wanted(body.query, 'contact_ids').includes(CONTACT_ID)
          ? conversationsSearch
          : { ...conversationsSearch, conversations: [], total_count: 0 },
      );
    }
    if (request.method === 'POST' && pathname === '/tickets/search') {
      return HttpResponse.json(
        wanted(body.query, 'contact_ids').includes(CONTACT_ID)
          ? ticketsSearch
          : { ...ticketsSearch, tickets: [], total_count: 0 },
      );
    }
    if (request.method === 'POST' && pathname === '/tickets') return createTicket(body);
    return intercomError(404, 'not_found', 'Resource Not Found');
  });
}

export function fakeIntercom(origin = 'https://api.intercom.io'): FakeUpstream {
  return createFakeUpstream(origin, intercomHandler(origin));
}
