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
    created_at: '2023-08-01T10:00:00Z',
  },
  {
    id: 35501,
    name: 'Jane Doe (merged)',
    email: 'jane.old@example.com',
    phone: null,
    role: 'end-user',
    active: false,
    created_at: '2022-01-01T10:00:00Z',
  },
];

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

export interface SearchTerm {
  keyword: string;
  value: string;
  quoted: boolean;
}

/**
 * Splits a Zendesk search query into its terms the way the search reads them: `keyword:value`,
 * `keyword:"a phrase"`, bare words. A quote always ends a phrase.
 */
export function parseSearchQuery(query: string): SearchTerm[] {
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
  users?: Json[];
  tickets?: Json[];
}

/** The fake account's handlers for `origin` (msw). */
export function fakeZendeskHandlers(origin: string, options: FakeZendeskOptions = {}): RequestHandler[] {
  const users = options.users ?? fakeUsers;
  const tickets = options.tickets ?? fakeTickets;
  const authorised = (request: Request) => {
    const header = request.headers.get('authorization');
    return header === ZENDESK_BASIC_HEADER || header === ZENDESK_BEARER_HEADER;
  };
  const couldNotAuthenticate = () => error(401, { error: "Couldn't authenticate you" });

  return [
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
      const known = new Set(['type', 'email', 'phone', 'requester_id']);
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
        found = tickets.filter((ticket) => requesters.includes(String(ticket.requester_id)));
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
