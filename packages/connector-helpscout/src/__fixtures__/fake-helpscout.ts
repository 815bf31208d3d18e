// A fake of the parts of Help Scout's Inbox API 2.0 the connector uses, on msw, serving the fixtures.
// Its search understands exactly the query shape the connector sends — `(field:"text" OR field:123 …)` —
// and answers 400 to anything else, so a value that broke out of its quotes fails the test.
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import conversationsFixture from './conversations.json' with { type: 'json' };
import customerFixture from './customer.json' with { type: 'json' };

export const FAKE_ORIGIN = 'https://fake.helpscout.test';
export const HELPSCOUT_TOKEN = 'hs-oauth-7c1d0e55b2a94f0e';

export interface FakeCustomer {
  id: number;
  emails: string[];
  phones: string[];
}

export interface FakeConversation {
  customerId: number;
  /** The conversation as Help Scout lists it. */
  body: { id: number; status: string; createdAt: string } & Record<string, unknown>;
}

export interface QueryTerm {
  field: string;
  value: string;
  quoted: boolean;
}

/**
 * Reads `(field:"a \" b" OR field:123)` into its terms. Throws on anything else: unbalanced quotes,
 * operators other than `OR` between terms, stray parentheses, text outside a term.
 */
export function parseHelpScoutQuery(query: string): QueryTerm[] {
  if (!query.startsWith('(') || !query.endsWith(')')) throw new Error(`not a parenthesised query: ${query}`);
  const inner = query.slice(1, -1);
  const terms: QueryTerm[] = [];
  let at = 0;
  for (;;) {
    const field = /^([A-Za-z]+):/.exec(inner.slice(at));
    if (!field?.[1]) throw new Error(`expected field: at ${at} in ${query}`);
    at += field[0].length;
    if (inner[at] === '"') {
      let value = '';
      at += 1;
      for (;;) {
        const character = inner[at];
        if (character === undefined) throw new Error(`unterminated quote in ${query}`);
        if (character === '\\') {
          const escaped = inner[at + 1];
          if (escaped !== '"' && escaped !== '\\') throw new Error(`bad escape at ${at} in ${query}`);
          value += escaped;
          at += 2;
        } else if (character === '"') {
          at += 1;
          break;
        } else {
          value += character;
          at += 1;
        }
      }
      terms.push({ field: field[1], value, quoted: true });
    } else {
      const id = /^\d+/.exec(inner.slice(at));
      if (!id) throw new Error(`expected a quoted value or a number at ${at} in ${query}`);
      at += id[0].length;
      terms.push({ field: field[1], value: id[0], quoted: false });
    }
    if (at === inner.length) return terms;
    if (!inner.startsWith(' OR ', at)) throw new Error(`expected " OR " at ${at} in ${query}`);
    at += 4;
  }
}

export const janeRoe: FakeCustomer = {
  id: customerFixture.id,
  emails: customerFixture._embedded.emails.map((entry) => entry.value),
  phones: customerFixture._embedded.phones.map((entry) => entry.value),
};

export const janeConversations: FakeConversation[] = conversationsFixture._embedded.conversations.map(
  (body) => ({ customerId: customerFixture.id, body }),
);

export interface FakeHelpScoutOptions {
  /** Where the fake answers; default FAKE_ORIGIN (configure the connector's `baseUrl` with it). */
  origin?: string;
  customers?: FakeCustomer[];
  conversations?: FakeConversation[];
  /** Conversations per page (Help Scout's is 25). */
  pageSize?: number;
}

const unauthorized = () =>
  HttpResponse.json({ error: 'invalid_token', error_description: 'Invalid access token' }, { status: 401 });
const badRequest = (message: string) =>
  HttpResponse.json({ logRef: 'fake', message: `Bad request: ${message}` }, { status: 400 });

function customerJson(customer: FakeCustomer) {
  return {
    id: customer.id,
    firstName: 'Customer',
    lastName: String(customer.id),
    createdAt: '2023-02-14T16:20:05Z',
    _embedded: {
      emails: customer.emails.map((value, index) => ({ id: index + 1, value, type: 'work' })),
      phones: customer.phones.map((value, index) => ({ id: index + 1, value, type: 'work' })),
    },
    _links: { self: { href: `https://api.helpscout.net/v2/customers/${customer.id}` } },
  };
}

/** The fake service with Jane Roe and her conversations by default. */
export function createFakeHelpScout(options: FakeHelpScoutOptions = {}): FakeUpstream {
  const customers = options.customers ?? [janeRoe];
  const conversations = options.conversations ?? janeConversations;
  const pageSize = options.pageSize ?? 25;
  const origin = options.origin ?? FAKE_ORIGIN;
  const authorised = (request: Request) =>
    request.headers.get('authorization') === `Bearer ${HELPSCOUT_TOKEN}`;

  return createFakeUpstream(
    origin,
    http.get(`${origin}/v2/customers/:id`, ({ request, params }) => {
      if (!authorised(request)) return unauthorized();
      const customer = customers.find((candidate) => String(candidate.id) === params.id);
      if (!customer) return HttpResponse.json({ message: 'Resource not found' }, { status: 404 });
      return HttpResponse.json(customer.id === customerFixture.id ? customerFixture : customerJson(customer));
    }),
    http.get(`${origin}/v2/customers`, ({ request }) => {
      if (!authorised(request)) return unauthorized();
      const query = new URL(request.url).searchParams.get('query');
      if (!query) return badRequest('query expected');
      let terms: QueryTerm[];
      try {
        terms = parseHelpScoutQuery(query);
      } catch (error) {
        return badRequest((error as Error).message);
      }
      const found = customers.filter((customer) =>
        terms.some((term) => {
          if (term.field === 'email' && term.quoted)
            // Help Scout: "customers who have an email containing …".
            return customer.emails.some((email) => email.toLowerCase().includes(term.value.toLowerCase()));
          if (term.field === 'phone' && term.quoted) return customer.phones.includes(term.value);
          return false;
        }),
      );
      return HttpResponse.json({
        ...(found.length > 0 ? { _embedded: { customers: found.map(customerJson) } } : {}),
        _links: { self: { href: 'https://api.helpscout.net/v2/customers' } },
        page: { size: 50, totalElements: found.length, totalPages: found.length > 0 ? 1 : 0, number: 1 },
      });
    }),
    http.get(`${origin}/v2/conversations`, ({ request }) => {
      if (!authorised(request)) return unauthorized();
      const params = new URL(request.url).searchParams;
      const query = params.get('query');
      if (!query) return badRequest('query expected');
      let terms: QueryTerm[];
      try {
        terms = parseHelpScoutQuery(query);
      } catch (error) {
        return badRequest((error as Error).message);
      }
      if (terms.some((term) => term.field !== 'customerIds' || term.quoted))
        return badRequest('only customerIds terms expected');
      const ids = new Set(terms.map((term) => Number(term.value)));
      // Help Scout lists only active conversations unless told otherwise.
      const status = params.get('status') ?? 'active';
      const page = Number(params.get('page') ?? '1');
      const matching = conversations
        .filter((conversation) => ids.has(conversation.customerId))
        .filter((conversation) => status === 'all' || conversation.body.status === status)
        .map((conversation) => conversation.body)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
      const totalPages = Math.ceil(matching.length / pageSize);
      const slice = matching.slice((page - 1) * pageSize, page * pageSize);
      const self = `https://api.helpscout.net/v2/conversations?page=${page}`;
      return HttpResponse.json({
        ...(slice.length > 0 ? { _embedded: { conversations: slice } } : {}),
        _links: {
          self: { href: self },
          ...(page < totalPages
            ? { next: { href: `https://api.helpscout.net/v2/conversations?page=${page + 1}` } }
            : {}),
        },
        page: { size: pageSize, totalElements: matching.length, totalPages, number: page },
      });
    }),
  );
}
