// Test support: a fake Pipedrive company on msw, serving the fixtures the way the API does. Used by this
// package's tests and, through the dev-only `@talkbridge/connector-pipedrive/fixtures` subpath, by the
// gateway's end-to-end test; never part of the published package.
import { withoutTrailing } from '@talkbridge/core';
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import activities from './activities.json' with { type: 'json' };
import activityCreated from './activity-created.json' with { type: 'json' };
import deals from './deals.json' with { type: 'json' };
import noteCreated from './note-created.json' with { type: 'json' };
import notes from './notes.json' with { type: 'json' };
import organizations from './organizations.json' with { type: 'json' };
import person from './person.json' with { type: 'json' };
import personCreated from './person-created.json' with { type: 'json' };
import persons from './persons.json' with { type: 'json' };
import personsSearch from './persons-search.json' with { type: 'json' };
import users from './users.json' with { type: 'json' };
import usersMe from './users-me.json' with { type: 'json' };

export const FAKE_ORIGIN = 'https://acme.pipedrive.com';
export const PIPEDRIVE_TOKEN = 'pd-token-8f3a61c2e9b04d7a';
export const PIPEDRIVE_OAUTH_TOKEN = 'pd-oauth-3c0ffee1b2d94e57';
/** The fixture person: Jane Doe, stored with phone "415-555-0132". */
export const JANE_ID = 1042;

export const fixtures = {
  activities,
  activityCreated,
  deals,
  noteCreated,
  notes,
  organizations,
  person,
  personCreated,
  persons,
  personsSearch,
  users,
  usersMe,
};

const unauthorized = () =>
  HttpResponse.json({ success: false, error: 'unauthorized access', errorCode: 401 }, { status: 401 });
const badRequest = (error: string) =>
  HttpResponse.json({ success: false, error, code: 'validation_error' }, { status: 400 });
const notFound = (what: string) =>
  HttpResponse.json({ success: false, error: `${what} not found`, code: 'not_found' }, { status: 404 });
const digits = (text: string) => text.replace(/\D/g, '');

/**
 * Pipedrive's person search as modelled here: with `exact_match` the whole (case-insensitive) value must
 * equal the term; without it the term may appear anywhere, and phone numbers are compared on their digits
 * (separators ignored).
 */
function searchPersons(url: URL) {
  const term = url.searchParams.get('term') ?? '';
  const fields = (url.searchParams.get('fields') ?? 'email,phone').split(',');
  const exact = url.searchParams.get('exact_match') === 'true';
  const matches = (value: string, field: string) => {
    if (exact) return value.toLowerCase() === term.toLowerCase();
    if (field === 'phone') return digits(term) !== '' && digits(value).includes(digits(term));
    return value.toLowerCase().includes(term.toLowerCase());
  };
  const items = personsSearch.data.items.filter(
    ({ item }) =>
      (fields.includes('email') && item.emails.some((email) => matches(email, 'email'))) ||
      (fields.includes('phone') && item.phones.some((phone) => matches(phone, 'phone'))),
  );
  return HttpResponse.json({ ...personsSearch, data: { items } });
}

/**
 * `GET /api/v2/persons` as modelled here: `updated_since` inclusive, sorted by (update_time, id) in either
 * direction, and a cursor that marks the first person of the next page (base64 of its update time and id),
 * so a page boundary inside a group of persons updated at the same instant loses nobody.
 */
function listPersons(url: URL) {
  const query = url.searchParams;
  const sortBy = query.get('sort_by') ?? 'id';
  const direction = query.get('sort_direction') ?? 'asc';
  const limit = Number(query.get('limit') ?? '100');
  const since = query.get('updated_since');
  if (!['id', 'update_time', 'add_time'].includes(sortBy) || !['asc', 'desc'].includes(direction))
    return badRequest('Invalid sort parameters');
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return badRequest('Invalid limit');
  if (since !== null && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(since))
    return badRequest('Invalid updated_since');
  const key = (item: (typeof persons.data)[number]): [string, number] =>
    sortBy === 'id' ? ['', item.id] : [sortBy === 'add_time' ? item.add_time : item.update_time, item.id];
  const compare = (a: [string, number], b: [string, number]) =>
    (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]) * (direction === 'asc' ? 1 : -1);
  let ordered = persons.data
    .filter((item) => since === null || item.update_time >= since)
    .sort((a, b) => compare(key(a), key(b)));
  const cursor = query.get('cursor');
  if (cursor !== null) {
    let marker: [string, number];
    try {
      const decoded = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { k: string; id: number };
      if (typeof decoded.k !== 'string' || typeof decoded.id !== 'number') throw new Error('bad cursor');
      marker = [decoded.k, decoded.id];
    } catch {
      return badRequest('Invalid cursor');
    }
    ordered = ordered.filter((item) => compare(key(item), marker) >= 0);
  }
  const page = ordered.slice(0, limit);
  const first = ordered[limit];
  const nextCursor = first
    ? withoutTrailing(Buffer.from(JSON.stringify({ k: key(first)[0], id: first.id })).toString('base64'), '=')
    : null;
  return HttpResponse.json({ success: true, data: page, additional_data: { next_cursor: nextCursor } });
}

/** `GET /api/v2/organizations?ids=5,6`: the visible ones of those ids. */
function listOrganizations(url: URL) {
  const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
  if (ids.length > 100) return badRequest('Too many ids');
  const data = organizations.data.filter((organization) => ids.includes(String(organization.id)));
  return HttpResponse.json({ ...organizations, data });
}

/** The persons the fake company has: the listed ones and any an action created. */
const knownPersons = new Set<number>(persons.data.map((item) => item.id));
const knownUsers = new Set<number>(users.data.filter((user) => user.active_flag).map((user) => user.id));

/**
 * The create endpoints, with checks on the data as modelled here (Pipedrive does not document its statuses
 * for bad references): a subject, a person that exists (else 404), an owner among the active users (else
 * 400), a duration as HH:MM; for notes, content and a person.
 */
async function create(request: Request, pathname: string) {
  const body = (await request.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return badRequest('Invalid JSON body');
  const person = body.person_id;
  const personExists = typeof person === 'number' && knownPersons.has(person);
  switch (pathname) {
    case '/api/v2/activities': {
      if (typeof body.subject !== 'string' || body.subject === '') return badRequest('subject is required');
      if (person !== undefined && !personExists) return notFound('Person');
      if (body.owner_id !== undefined && !knownUsers.has(body.owner_id as number))
        return badRequest('Invalid owner_id');
      if (body.duration !== undefined && !/^\d{2}:\d{2}$/.test(String(body.duration)))
        return badRequest('Invalid duration');
      return HttpResponse.json(
        {
          ...activityCreated,
          data: {
            ...activityCreated.data,
            subject: body.subject,
            person_id: person,
            owner_id: body.owner_id ?? 7,
          },
        },
        { status: 200 },
      );
    }
    case '/api/v1/notes': {
      if (typeof body.content !== 'string' || body.content === '')
        return badRequest('Note content is required');
      if (!personExists) return notFound('Person');
      return HttpResponse.json(
        { ...noteCreated, data: { ...noteCreated.data, person_id: person } },
        { status: 201 },
      );
    }
    case '/api/v2/persons': {
      if (typeof body.name !== 'string' || body.name === '') return badRequest('name is required');
      knownPersons.add(personCreated.data.id);
      return HttpResponse.json({ ...personCreated, data: { ...personCreated.data, name: body.name } });
    }
    default:
      return notFound('Route');
  }
}

/** The list fixture for this person, or an empty page for anyone else. */
function listFor<T extends { data: unknown[] }>(url: URL, fixture: T) {
  const own = url.searchParams.get('person_id') === String(JANE_ID);
  return HttpResponse.json({ ...fixture, data: own ? fixture.data : [] });
}

export interface FakePipedrive extends FakeUpstream {
  /**
   * `POST /api/v2/activities`… for every write sent, recorded the moment it arrives. `requests` records a
   * write only once its body is read, which may be after a fast failure has already reached the test.
   */
  writes: string[];
}

export function createFakePipedrive(origin = FAKE_ORIGIN): FakePipedrive {
  const upstream = createFakeUpstream(
    origin,
    http.all(`${origin}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const authorised =
        request.headers.get('x-api-token') === PIPEDRIVE_TOKEN ||
        request.headers.get('authorization') === `Bearer ${PIPEDRIVE_OAUTH_TOKEN}`;
      if (!authorised) return unauthorized();
      if (request.method === 'POST') return create(request, url.pathname);
      if (request.method !== 'GET') return HttpResponse.json({ success: false }, { status: 405 });
      const personMatch = /^\/api\/v2\/persons\/(\d+)$/.exec(url.pathname);
      if (personMatch)
        return personMatch[1] === String(JANE_ID) ? HttpResponse.json(person) : notFound('Person');
      switch (url.pathname) {
        case '/api/v2/persons/search':
          return searchPersons(url);
        case '/api/v2/persons':
          return listPersons(url);
        case '/api/v2/organizations':
          return listOrganizations(url);
        case '/api/v1/users/me':
          return HttpResponse.json(usersMe);
        case '/api/v1/users':
          return HttpResponse.json(users);
        case '/api/v2/activities':
          return listFor(url, activities);
        case '/api/v2/deals':
          return listFor(url, deals);
        case '/api/v1/notes':
          return listFor(url, notes);
        default:
          return notFound('Route');
      }
    }),
  );
  const writes: string[] = [];
  upstream.server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method !== 'GET' && url.origin === upstream.origin)
      writes.push(`${request.method} ${url.pathname}`);
  });
  return {
    ...upstream,
    writes,
    reset: () => {
      upstream.reset();
      writes.length = 0;
    },
  };
}
