// A fake Zendesk Support account for the tests: the fixtures in this folder served through msw the way
// Zendesk serves them (auth checked, search query parsed, offset pagination, the 1,000-result cap).
import { readFileSync } from 'node:fs';
import { HttpResponse, http, type RequestHandler } from '@talkbridge/testkit';

export const ZENDESK_TEST_ORIGIN = 'https://acme.zendesk.com';
export const ZENDESK_TEST_AUTH = {
  account: 'acme',
  email: 'agent@acme.example',
  token: 'zd-api-token-7c1e9f42',
};
export const ZENDESK_TEST_OAUTH = { account: 'acme', access_token: 'zd-oauth-3b8d51aa90' };
export const ZENDESK_BASIC_HEADER = `Basic ${Buffer.from(
  `${ZENDESK_TEST_AUTH.email}/token:${ZENDESK_TEST_AUTH.token}`,
).toString('base64')}`;
export const ZENDESK_BEARER_HEADER = `Bearer ${ZENDESK_TEST_OAUTH.access_token}`;

type Json = Record<string, unknown>;

export function fixture<T = Json>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T;
}

const jane = fixture<{ user: Json }>('user.json').user;

/** Users of the fake account: Jane (the fixtures' requester), Joe (a national-format phone), a deleted one. */
export const fakeUsers: Json[] = [
  jane,
  {
    id: 35500,
    name: 'Joe Bloggs',
    email: 'joe@example.com',
    phone: '(555) 555-0199',
    role: 'end-user',
    active: true,
    organization_id: null,
    created_at: '2023-08-01T10:00:00Z',
    // The same second as Jane's last change: contact sync pages must neither skip nor repeat either.
    updated_at: '2024-05-05T10:38:52Z',
  },
  {
    id: 35501,
    name: 'Jane Doe (merged)',
    email: 'jane.old@example.com',
    phone: null,
    role: 'end-user',
    active: false,
    created_at: '2022-01-01T10:00:00Z',
    updated_at: '2024-03-01T09:00:00Z',
  },
];

/** The account's agents: an admin (whose API token the tests use) and an agent. */
export const fakeAgents: Json[] = [
  {
    id: 1900,
    name: 'Ada Admin',
    email: 'agent@acme.example',
    phone: null,
    role: 'admin',
    active: true,
    created_at: '2021-02-01T09:00:00Z',
    updated_at: '2024-01-10T08:00:00Z',
  },
  {
    id: 1901,
    name: 'Alex Agent',
    email: 'alex@acme.example',
    phone: null,
    role: 'agent',
    active: true,
    created_at: '2022-05-01T09:00:00Z',
    updated_at: '2024-02-20T16:45:00Z',
  },
];

/** Identities and organizations the Incremental User Export sideloads. */
export const fakeRelations = fixture<{ identities: Json[]; organizations: Json[] }>('user-relations.json');

export const fakeTickets: Json[] = [
  ...fixture<{ results: Json[] }>('search-tickets.json').results,
  {
    id: 35600,
    created_at: '2024-04-01T08:00:00Z',
    subject: 'Joe’s question',
    description: 'Is the store open on Sunday?',
    priority: 'low',
    status: 'open',
    custom_status_id: 1002,
    requester_id: 35500,
    result_type: 'ticket',
  },
];

interface SearchTerm {
  keyword: string;
  value: string;
  quoted: boolean;
}

/**
 * Splits a Zendesk search query into its terms the way the search reads them: `keyword:value`,
 * `keyword:"a phrase"`, bare words. A quote always ends a phrase.
 */
function parseSearchQuery(query: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const match of query.matchAll(/(?:([A-Za-z_]+):)?(?:"([^"]*)"|([^\s"]+))/g)) {
    terms.push({
      keyword: match[1] ?? '',
      value: match[2] ?? match[3] ?? '',
      quoted: match[2] !== undefined,
    });
  }
  return terms;
}

const digits = (value: unknown) => String(value ?? '').replace(/\D/g, '');

function userMatches(user: Json, terms: SearchTerm[]): boolean {
  const emails = terms.filter((term) => term.keyword === 'email');
  const phones = terms.filter((term) => term.keyword === 'phone');
  if (emails.length === 0 && phones.length === 0) return false;
  // Repeated terms of one keyword are OR'ed, different keywords AND'ed.
  const emailOk =
    emails.length === 0 ||
    emails.some((term) => String(user.email ?? '').toLowerCase() === term.value.toLowerCase());
  const phoneOk =
    phones.length === 0 ||
    phones.some((term) => {
      // Looser than exact on purpose: a number also matches a stored one that ends with it (a national
      // number finds an international spelling, maybe of another country), so the connector must check
      // what it gets back.
      const wanted = digits(term.value);
      return wanted !== '' && digits(user.phone).endsWith(wanted);
    });
  return emailOk && phoneOk;
}

const error = (status: number, body: Json) => HttpResponse.json(body, { status });

export interface FakeZendeskOptions {
  /** End users (default `fakeUsers`). */
  users?: Json[];
  /** Agents and admins (default `fakeAgents`); the first is the user the credentials belong to. */
  agents?: Json[];
  tickets?: Json[];
  /** What `/users/me` and the role checks see for the credentials (default: the first agent). */
  currentUser?: Json;
  /** The epoch ms the fake takes for "now" (the export leaves out the last minute). */
  now?: () => number;
}

/** Zendesk's incremental export cursor: the position (update second, id) in base64, like `MTU3NjYxMzUzOS4wfHw0Njd8`. */
export function exportCursor(updatedAt: string, id: number): string {
  return Buffer.from(`${Math.floor(Date.parse(updatedAt) / 1000)}.0||${id}|`).toString('base64');
}

function readExportCursor(cursor: string): { second: number; id: number } | undefined {
  const match = /^(\d+)\.0\|\|(\d+)\|$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? { second: Number(match[1]), id: Number(match[2]) } : undefined;
}

/** A list cursor (`page[after]`), opaque base64 JSON as Zendesk's are. */
function listCursor(id: number): string {
  return Buffer.from(JSON.stringify({ o: 'id', v: id })).toString('base64');
}

function readListCursor(cursor: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { v?: unknown };
    return typeof parsed.v === 'number' ? parsed.v : undefined;
  } catch {
    return undefined;
  }
}

const second = (date: unknown) => Math.floor(Date.parse(String(date)) / 1000);
const invalid = (description: string, details?: Json) =>
  error(422, {
    error: 'RecordInvalid',
    description: 'Record validation errors',
    details: details ?? { base: [{ description }] },
  });

/** The fake account's handlers for `origin` (msw). */
export function fakeZendeskHandlers(origin: string, options: FakeZendeskOptions = {}): RequestHandler[] {
  const agents = options.agents ?? fakeAgents;
  // Everyone on the account; tickets created with a new requester add to it.
  const users = [...(options.users ?? fakeUsers), ...agents];
  const tickets = options.tickets ?? fakeTickets;
  const currentUser = options.currentUser ?? agents[0] ?? {};
  const now = options.now ?? Date.now;
  let nextId = 40_000;
  const authorised = (request: Request) => {
    const header = request.headers.get('authorization');
    return header === ZENDESK_BASIC_HEADER || header === ZENDESK_BEARER_HEADER;
  };
  const couldNotAuthenticate = () => error(401, { error: "Couldn't authenticate you" });
  const forbidden = () =>
    error(403, { error: 'Forbidden', description: 'You do not have access to this page.' });

  return [
    http.get(`${origin}/api/v2/users/me`, ({ request }) => {
      if (!authorised(request)) return couldNotAuthenticate();
      return HttpResponse.json({ user: { ...currentUser, authenticity_token: 'csrf-2c1f' } });
    }),

    http.get(`${origin}/api/v2/users`, ({ request }) => {
      if (!authorised(request)) return couldNotAuthenticate();
      if (currentUser.role === 'end-user') return forbidden();
      const url = new URL(request.url);
      const roles = url.searchParams.getAll('role[]');
      const size = Number(url.searchParams.get('page[size]') ?? 100);
      if (!Number.isInteger(size) || size < 1 || size > 100) {
        return error(400, {
          error: 'InvalidPaginationParameter',
          description: 'page[size] must be 1 to 100',
        });
      }
      const after = url.searchParams.get('page[after]');
      const afterId = after === null ? 0 : readListCursor(after);
      if (afterId === undefined) {
        return error(400, { error: 'InvalidPaginationParameter', description: 'page[after] is invalid' });
      }
      const listed = users
        .filter((user) => user.active !== false && (roles.length === 0 || roles.includes(String(user.role))))
        .sort((a, b) => Number(a.id) - Number(b.id))
        .filter((user) => Number(user.id) > afterId);
      const page = listed.slice(0, size);
      const hasMore = listed.length > size;
      const last = page.at(-1);
      return HttpResponse.json({
        users: page,
        meta: {
          has_more: hasMore,
          after_cursor: last ? listCursor(Number(last.id)) : null,
          before_cursor: null,
        },
        links: {
          prev: null,
          next:
            hasMore && last
              ? `${url.origin}${url.pathname}?page[after]=${listCursor(Number(last.id))}`
              : null,
        },
      });
    }),

    http.get(`${origin}/api/v2/incremental/users/cursor`, ({ request }) => {
      if (!authorised(request)) return couldNotAuthenticate();
      if (currentUser.role !== 'admin') return forbidden();
      const url = new URL(request.url);
      const perPage = Number(url.searchParams.get('per_page') ?? 1000);
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 1000) {
        return error(400, { error: 'InvalidValue', description: 'per_page must be 1 to 1000' });
      }
      const latest = Math.floor(now() / 1000) - 60;
      const cursorText = url.searchParams.get('cursor');
      let after: { second: number; id: number };
      if (cursorText !== null) {
        const cursor = readExportCursor(cursorText);
        if (!cursor) return error(400, { error: 'InvalidCursor', description: 'Invalid cursor' });
        after = cursor;
      } else {
        const startTime = Number(url.searchParams.get('start_time'));
        if (!url.searchParams.has('start_time') || !Number.isInteger(startTime) || startTime < 0) {
          return error(400, { error: 'InvalidValue', description: 'start_time is required' });
        }
        if (startTime > latest) {
          return error(400, {
            error: 'InvalidValue',
            description: 'Too recent start_time. Use a start_time older than 1 minute',
          });
        }
        // On or after start_time: start just before its first user.
        after = { second: startTime, id: -1 };
      }
      const changed = users
        .filter((user) => second(user.updated_at) <= latest)
        .filter((user) => {
          const at = second(user.updated_at);
          return at > after.second || (at === after.second && Number(user.id) > after.id);
        })
        .sort((a, b) => second(a.updated_at) - second(b.updated_at) || Number(a.id) - Number(b.id));
      const page = changed.slice(0, perPage);
      const last = page.at(-1);
      const position = last ? exportCursor(String(last.updated_at), Number(last.id)) : cursorText;
      const ids = new Set(page.map((user) => user.id));
      const include = (url.searchParams.get('include') ?? '').split(',');
      return HttpResponse.json({
        users: page,
        ...(include.includes('identities')
          ? { identities: fakeRelations.identities.filter((identity) => ids.has(identity.user_id)) }
          : {}),
        ...(include.includes('organizations')
          ? {
              organizations: fakeRelations.organizations.filter((organization) =>
                page.some((user) => user.organization_id === organization.id),
              ),
            }
          : {}),
        after_cursor: position ?? null,
        after_url: position ? `${url.origin}${url.pathname}.json?cursor=${position}` : null,
        before_cursor: null,
        before_url: null,
        end_of_stream: changed.length <= perPage,
      });
    }),

    http.post(`${origin}/api/v2/tickets`, async ({ request }) => {
      if (!authorised(request)) return couldNotAuthenticate();
      const body = (await request.json().catch(() => undefined)) as { ticket?: Json } | undefined;
      const ticket = body?.ticket;
      if (!ticket || typeof ticket !== 'object')
        return error(400, { error: 'InvalidEndpoint', description: 'ticket is required' });
      const comment = ticket.comment as { body?: unknown; public?: unknown } | undefined;
      if (typeof comment?.body !== 'string' || comment.body.trim() === '') {
        return invalid('Description: cannot be blank', {
          description: [{ description: 'Description: cannot be blank', error: 'BlankValue' }],
        });
      }
      let requester: Json | undefined;
      const createdAt = new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (ticket.requester_id !== undefined) {
        requester = users.find((user) => user.id === ticket.requester_id && user.active !== false);
        if (!requester)
          return invalid('Requester: is invalid', {
            requester: [{ description: 'Requester: is invalid', error: 'InvalidValue' }],
          });
      } else if (ticket.requester && typeof ticket.requester === 'object') {
        const wanted = ticket.requester as { email?: unknown; name?: unknown };
        const email = String(wanted.email ?? '').toLowerCase();
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.endsWith('.invalid')) {
          return invalid('Requester: Email is invalid', {
            requester: [{ description: 'Requester: Email is invalid', error: 'InvalidValue' }],
          });
        }
        requester = users.find((user) => String(user.email).toLowerCase() === email && user.active !== false);
        if (!requester) {
          nextId += 1;
          requester = {
            id: nextId,
            name: String(wanted.name ?? email),
            email,
            phone: null,
            role: 'end-user',
            active: true,
            created_at: createdAt,
            updated_at: createdAt,
          };
          users.push(requester);
        }
      } else {
        requester = currentUser;
      }
      if (ticket.assignee_id !== undefined) {
        const assignee = users.find((user) => user.id === ticket.assignee_id);
        if (!assignee || assignee.role === 'end-user') {
          return invalid('Assignee: is invalid', {
            assignee: [{ description: 'Assignee: is invalid', error: 'InvalidValue' }],
          });
        }
      }
      nextId += 1;
      const id = nextId;
      return HttpResponse.json(
        {
          ticket: {
            url: `${origin}/api/v2/tickets/${id}.json`,
            id,
            external_id: null,
            via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
            created_at: createdAt,
            updated_at: createdAt,
            type: null,
            subject: ticket.subject ?? null,
            raw_subject: ticket.subject ?? null,
            description: comment.body,
            priority: ticket.priority ?? null,
            status: 'open',
            requester_id: requester.id,
            submitter_id: currentUser.id,
            assignee_id: ticket.assignee_id ?? null,
            is_public: comment.public !== false,
            tags: [],
          },
          audit: { id: id * 10, ticket_id: id, created_at: createdAt, author_id: currentUser.id, events: [] },
        },
        { status: 201, headers: { location: `${origin}/api/v2/tickets/${id}.json` } },
      );
    }),

    http.get(`${origin}/api/v2/users/:id`, ({ request, params }) => {
      if (!authorised(request)) return couldNotAuthenticate();
      const user = users.find((candidate) => String(candidate.id) === params.id);
      return user
        ? HttpResponse.json({ user })
        : error(404, { error: 'RecordNotFound', description: 'Not found' });
    }),

    http.get(`${origin}/api/v2/custom_statuses`, ({ request }) => {
      if (!authorised(request)) return couldNotAuthenticate();
      return HttpResponse.json(fixture('custom-statuses.json'));
    }),

    http.get(`${origin}/api/v2/search`, ({ request }) => {
      if (!authorised(request)) return couldNotAuthenticate();
      const url = new URL(request.url);
      const terms = parseSearchQuery(url.searchParams.get('query') ?? '');
      const type = terms.find((term) => term.keyword === 'type')?.value;
      const known = new Set(['type', 'email', 'phone', 'requester_id', 'requester']);
      if (!type || terms.some((term) => !known.has(term.keyword))) {
        return error(400, {
          error: 'invalid',
          description: 'This fake only understands the connector’s terms',
        });
      }
      const perPage = Number(url.searchParams.get('per_page') ?? 100);
      const page = Number(url.searchParams.get('page') ?? 1);
      if (perPage > 100 || (page - 1) * perPage >= 1_000) {
        return error(422, { error: 'InsufficientResourceError', description: 'Search results are capped' });
      }
      let found: Json[];
      if (type === 'user') {
        found = users
          .filter((user) => user.active !== false && userMatches(user, terms))
          .map((user) => ({ ...user, result_type: 'user' }));
      } else if (type === 'ticket') {
        const requesters = terms.filter((term) => term.keyword === 'requester_id').map((term) => term.value);
        // `requester:<email>`, modelled on the user's primary email (whether Zendesk also matches the user's
        // other identities is not documented, and the connector never relies on it).
        const requesterEmails = terms
          .filter((term) => term.keyword === 'requester')
          .map((term) => term.value.toLowerCase());
        const byEmail = users
          .filter((user) => requesterEmails.includes(String(user.email ?? '').toLowerCase()))
          .map((user) => String(user.id));
        found = tickets.filter(
          (ticket) =>
            requesters.includes(String(ticket.requester_id)) || byEmail.includes(String(ticket.requester_id)),
        );
        if (url.searchParams.get('sort_by') === 'created_at') {
          const direction = url.searchParams.get('sort_order') === 'asc' ? 1 : -1;
          found = [...found].sort(
            (a, b) => direction * (Date.parse(String(a.created_at)) - Date.parse(String(b.created_at))),
          );
        }
      } else {
        return error(400, { error: 'invalid', description: 'unknown type' });
      }
      const start = (page - 1) * perPage;
      const more = start + perPage < Math.min(found.length, 1_000);
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      return HttpResponse.json({
        results: found.slice(start, start + perPage),
        facets: null,
        next_page: more ? next.href : null,
        previous_page: page > 1 ? url.href : null,
        count: found.length,
      });
    }),
  ];
}
