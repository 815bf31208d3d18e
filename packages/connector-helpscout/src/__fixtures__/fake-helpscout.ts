// A fake of the parts of Help Scout's Inbox API 2.0 the connector uses, on msw, serving the fixtures.
// Its search understands exactly the query shape the connector sends — `(field:"text" OR field:123 …)` —
// and answers 400 to anything else, so a value that broke out of its quotes fails the test. Its customer
// list sorts by modification time as Help Scout does, with ties in an order of its own (not by id), and
// its conversation creation validates the payload and answers 201 with the new id in headers only.
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import conversationsFixture from './conversations.json' with { type: 'json' };
import customerFixture from './customer.json' with { type: 'json' };

export const FAKE_ORIGIN = 'https://fake.helpscout.test';
export const HELPSCOUT_TOKEN = 'hs-oauth-7c1d0e55b2a94f0e';

export interface FakeCustomer {
  id: number;
  emails: string[];
  phones: string[];
  firstName?: string;
  lastName?: string;
  jobTitle?: string;
  organization?: string;
  location?: string;
  photoUrl?: string;
  websites?: string[];
  /** `{ type: 'twitter', value: 'https://twitter.com/jane' }` */
  socialProfiles?: { type: string; value: string }[];
  createdAt?: string;
  /** What the list sorts and filters on; default `createdAt`, else 2024-01-01. */
  updatedAt?: string;
}

export interface FakeUser {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  type?: string;
  role?: string;
}

export interface FakeMailbox {
  id: number;
  name: string;
}

/** A conversation the fake created on POST /v2/conversations. */
export interface CreatedConversation {
  id: number;
  number: number;
  customerId: number;
  body: Record<string, unknown>;
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
function parseHelpScoutQuery(query: string): QueryTerm[] {
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
  firstName: customerFixture.firstName,
  lastName: customerFixture.lastName,
  jobTitle: customerFixture.jobTitle,
  organization: customerFixture.organization,
  location: customerFixture.location,
  photoUrl: customerFixture.photoUrl,
  websites: customerFixture._embedded.websites.map((entry) => entry.value),
  socialProfiles: customerFixture._embedded.social_profiles.map(({ type, value }) => ({ type, value })),
  createdAt: customerFixture.createdAt,
  updatedAt: customerFixture.updatedAt,
};

export const janeConversations: FakeConversation[] = conversationsFixture._embedded.conversations.map(
  (body) => ({ customerId: customerFixture.id, body }),
);

/** Help Scout's users: the resource owner (the token's user, first) and an agent. */
export const defaultUsers: FakeUser[] = [
  { id: 4, firstName: 'Vernon', lastName: 'Bear', email: 'bear@acme.com', type: 'user', role: 'owner' },
  { id: 7, firstName: 'Kim', lastName: 'Ito', email: 'kim.ito@acme.example', type: 'user', role: 'user' },
];

export const defaultMailboxes: FakeMailbox[] = [{ id: 85, name: 'Support' }];

export interface FakeHelpScoutOptions {
  /** Where the fake answers; default FAKE_ORIGIN (configure the connector's `baseUrl` with it). */
  origin?: string;
  customers?: FakeCustomer[];
  conversations?: FakeConversation[];
  /** Conversations per page (Help Scout's is 25). */
  pageSize?: number;
  /** Customers per page of the list (Help Scout's is 50). */
  customerPageSize?: number;
  users?: FakeUser[];
  /** Users per page (Help Scout's is 50). */
  userPageSize?: number;
  mailboxes?: FakeMailbox[];
}

export interface FakeHelpScout extends FakeUpstream {
  /** The fake's customers, including those it created for a conversation. */
  customers: FakeCustomer[];
  /** Conversations created through POST /v2/conversations. */
  created: CreatedConversation[];
}

const unauthorized = () =>
  HttpResponse.json({ error: 'invalid_token', error_description: 'Invalid access token' }, { status: 401 });
const badRequest = (message: string) =>
  HttpResponse.json({ logRef: 'fake', message: `Bad request: ${message}` }, { status: 400 });

/** Help Scout's validation failure: 400, `application/vnd.error+json`, one entry per refused field. */
export function validationError(errors: { path: string; message: string; rejectedValue?: unknown }[]) {
  return HttpResponse.json(
    {
      logRef: '64bb72b4-0a92-11e8-ba89-0ed5f89f718b',
      message: 'Bad request',
      _embedded: {
        errors: errors.map((error) => ({
          ...error,
          source: 'JSON',
          _links: { about: { href: 'http://developer.helpscout.net/mailbox-api/overview/errors' } },
        })),
      },
      _links: { about: { href: 'http://developer.helpscout.net/mailbox-api/overview/errors' } },
    },
    { status: 400, headers: { 'content-type': 'application/vnd.error+json' } },
  );
}

const HELP_SCOUT_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function updatedAtOf(customer: FakeCustomer): string {
  return customer.updatedAt ?? customer.createdAt ?? '2024-01-01T00:00:00Z';
}

function customerJson(customer: FakeCustomer) {
  return {
    id: customer.id,
    firstName: customer.firstName ?? 'Customer',
    lastName: customer.lastName ?? String(customer.id),
    ...(customer.jobTitle ? { jobTitle: customer.jobTitle } : {}),
    ...(customer.location ? { location: customer.location } : {}),
    ...(customer.organization ? { organization: customer.organization } : {}),
    photoType: customer.photoUrl ? 'gravatar' : 'unknown',
    ...(customer.photoUrl ? { photoUrl: customer.photoUrl } : {}),
    createdAt: customer.createdAt ?? '2023-02-14T16:20:05Z',
    updatedAt: updatedAtOf(customer),
    _embedded: {
      emails: customer.emails.map((value, index) => ({ id: index + 1, value, type: 'work' })),
      phones: customer.phones.map((value, index) => ({ id: index + 1, value, type: 'work' })),
      chats: [],
      social_profiles: (customer.socialProfiles ?? []).map((profile, index) => ({
        id: index + 1,
        ...profile,
      })),
      websites: (customer.websites ?? []).map((value, index) => ({ id: index + 1, value })),
    },
    _links: { self: { href: `https://api.helpscout.net/v2/customers/${customer.id}` } },
  };
}

function userJson(user: FakeUser) {
  return {
    id: user.id,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    role: user.role ?? 'user',
    timezone: 'America/New_York',
    createdAt: '2011-04-01T03:18:33Z',
    updatedAt: '2012-07-24T20:18:33Z',
    type: user.type ?? 'user',
    initials: `${user.firstName[0] ?? ''}${user.lastName[0] ?? ''}`,
    _links: { self: { href: `https://api.helpscout.net/v2/users/${user.id}` } },
  };
}

/** `page` and `_links` of a HAL list, 1-based. */
function halPage(path: string, page: number, size: number, total: number) {
  const totalPages = Math.ceil(total / size);
  return {
    _links: {
      self: { href: `https://api.helpscout.net/v2/${path}?page=${page}` },
      ...(page < totalPages
        ? { next: { href: `https://api.helpscout.net/v2/${path}?page=${page + 1}` } }
        : {}),
    },
    page: { size, totalElements: total, totalPages, number: page },
  };
}

function pageNumber(params: URLSearchParams): number | undefined {
  const text = params.get('page') ?? '1';
  return /^[1-9]\d*$/.test(text) ? Number(text) : undefined;
}

/** The fake service with Jane Roe and her conversations by default. */
export function createFakeHelpScout(options: FakeHelpScoutOptions = {}): FakeHelpScout {
  const customers = [...(options.customers ?? [janeRoe])];
  const conversations = options.conversations ?? janeConversations;
  const pageSize = options.pageSize ?? 25;
  const customerPageSize = options.customerPageSize ?? 50;
  const users = options.users ?? defaultUsers;
  const userPageSize = options.userPageSize ?? 50;
  const mailboxes = options.mailboxes ?? defaultMailboxes;
  const origin = options.origin ?? FAKE_ORIGIN;
  const created: CreatedConversation[] = [];
  let nextConversationId = 2400000001;
  let nextCustomerId = 700001;
  const authorised = (request: Request) =>
    request.headers.get('authorization') === `Bearer ${HELPSCOUT_TOKEN}`;

  const upstream = createFakeUpstream(
    origin,
    http.get(`${origin}/v2/users/me`, ({ request }) => {
      if (!authorised(request)) return unauthorized();
      const owner = users[0];
      return owner ? HttpResponse.json(userJson(owner)) : HttpResponse.json({}, { status: 404 });
    }),
    http.get(`${origin}/v2/users`, ({ request }) => {
      if (!authorised(request)) return unauthorized();
      const page = pageNumber(new URL(request.url).searchParams);
      if (page === undefined) return badRequest('page must be a positive number');
      const slice = users.slice((page - 1) * userPageSize, page * userPageSize);
      return HttpResponse.json({
        ...(slice.length > 0 ? { _embedded: { users: slice.map(userJson) } } : {}),
        ...halPage('users', page, userPageSize, users.length),
      });
    }),
    http.get(`${origin}/v2/mailboxes`, ({ request }) => {
      if (!authorised(request)) return unauthorized();
      return HttpResponse.json({
        ...(mailboxes.length > 0
          ? {
              _embedded: {
                mailboxes: mailboxes.map((mailbox) => ({
                  ...mailbox,
                  slug: `mbx${mailbox.id}`,
                  email: `inbox${mailbox.id}@acme.example`,
                  createdAt: '2013-06-05T09:17:15Z',
                  updatedAt: '2016-11-11T12:20:39Z',
                })),
              },
            }
          : {}),
        ...halPage('mailboxes', 1, 50, mailboxes.length),
      });
    }),
    http.get(`${origin}/v2/customers/:id`, ({ request, params }) => {
      if (!authorised(request)) return unauthorized();
      const customer = customers.find((candidate) => String(candidate.id) === params.id);
      if (!customer) return HttpResponse.json({ message: 'Resource not found' }, { status: 404 });
      return HttpResponse.json(customer.id === customerFixture.id ? customerFixture : customerJson(customer));
    }),
    http.get(`${origin}/v2/customers`, ({ request }) => {
      if (!authorised(request)) return unauthorized();
      const params = new URL(request.url).searchParams;
      const query = params.get('query');
      if (!query) {
        // The list: `modifiedSince` ("modified after", strictly), `sortField=modifiedAt&sortOrder=asc`.
        const page = pageNumber(params);
        if (page === undefined) return badRequest('page must be a positive number');
        const since = params.get('modifiedSince');
        if (since !== null && !HELP_SCOUT_DATE.test(since))
          return validationError([
            { path: 'modifiedSince', message: 'Malformed date', rejectedValue: since },
          ]);
        if (params.get('sortField') !== 'modifiedAt' || params.get('sortOrder') !== 'asc')
          return badRequest('this fake lists customers by modifiedAt, ascending, only');
        const listed = customers
          .filter((customer) => since === null || Date.parse(updatedAtOf(customer)) > Date.parse(since))
          // Same instant: Help Scout does not document an order; this fake puts higher ids first.
          .sort((a, b) => Date.parse(updatedAtOf(a)) - Date.parse(updatedAtOf(b)) || b.id - a.id);
        const slice = listed.slice((page - 1) * customerPageSize, page * customerPageSize);
        return HttpResponse.json({
          ...(slice.length > 0 ? { _embedded: { customers: slice.map(customerJson) } } : {}),
          ...halPage('customers', page, customerPageSize, listed.length),
        });
      }
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
    http.get(`${origin}/v2/conversations/:id`, ({ request, params }) => {
      if (!authorised(request)) return unauthorized();
      const conversation = created.find((candidate) => String(candidate.id) === params.id);
      if (!conversation) return HttpResponse.json({ message: 'Resource not found' }, { status: 404 });
      return HttpResponse.json({
        id: conversation.id,
        number: conversation.number,
        type: conversation.body.type,
        status: conversation.body.status,
        subject: conversation.body.subject,
        mailboxId: conversation.body.mailboxId,
        primaryCustomer: { id: conversation.customerId, type: 'customer' },
      });
    }),
    http.post(`${origin}/v2/conversations`, async ({ request }) => {
      if (!authorised(request)) return unauthorized();
      if (!request.headers.get('content-type')?.startsWith('application/json'))
        return badRequest('expected a JSON body');
      const body = (await request.json()) as Record<string, unknown>;
      const errors: { path: string; message: string; rejectedValue?: unknown }[] = [];
      if (typeof body.subject !== 'string' || body.subject.trim() === '')
        errors.push({ path: 'subject', message: 'may not be empty' });
      if (!['chat', 'email', 'phone'].includes(body.type as string))
        errors.push({ path: 'type', message: "Expected one of these: 'chat', 'email', 'phone'" });
      if (!['active', 'closed', 'pending'].includes(body.status as string))
        errors.push({ path: 'status', message: "Expected one of these: 'active', 'closed', 'pending'" });
      if (!mailboxes.some((mailbox) => mailbox.id === body.mailboxId))
        errors.push({ path: 'mailboxId', message: 'Invalid identifier', rejectedValue: body.mailboxId });
      if (body.assignTo !== undefined && !users.some((user) => user.id === body.assignTo))
        errors.push({ path: 'assignTo', message: 'Invalid identifier', rejectedValue: body.assignTo });
      const customer = body.customer as {
        id?: unknown;
        email?: unknown;
        firstName?: string;
        lastName?: string;
      };
      let customerId: number | undefined;
      if (typeof customer?.id === 'number') {
        customerId = customers.find((candidate) => candidate.id === customer.id)?.id;
        if (customerId === undefined)
          errors.push({ path: 'customer.id', message: 'Invalid identifier', rejectedValue: customer.id });
      } else if (typeof customer?.email === 'string') {
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customer.email))
          errors.push({ path: 'customer.email', message: 'Not well-formed email address' });
      } else {
        errors.push({ path: 'customer', message: 'must contain a valid customer id or an email address' });
      }
      const threads = body.threads as { type?: unknown; text?: unknown }[] | undefined;
      if (!Array.isArray(threads) || threads.length === 0)
        errors.push({ path: 'threads', message: 'may not be empty' });
      else
        threads.forEach((thread, index) => {
          if (!['chat', 'customer', 'note', 'phone', 'reply'].includes(thread.type as string))
            errors.push({ path: `threads[${index}].type`, message: 'Value not supported' });
          if (typeof thread.text !== 'string' || thread.text.trim() === '')
            errors.push({ path: `threads[${index}].text`, message: 'may not be empty' });
        });
      if (errors.length > 0) return validationError(errors);
      if (customerId === undefined) {
        // By email: the customer with that address, else a new one from the optional fields.
        const email = (customer.email as string).toLowerCase();
        const known = customers.find((candidate) =>
          candidate.emails.some((value) => value.toLowerCase() === email),
        );
        if (known) customerId = known.id;
        else {
          customerId = nextCustomerId++;
          customers.push({
            id: customerId,
            emails: [email],
            phones: [],
            ...(customer.firstName ? { firstName: customer.firstName } : {}),
            ...(customer.lastName ? { lastName: customer.lastName } : {}),
            createdAt: '2024-06-01T12:00:00Z',
            updatedAt: '2024-06-01T12:00:00Z',
          });
        }
      }
      const id = nextConversationId++;
      created.push({ id, number: 1300 + created.length, customerId, body });
      return new HttpResponse(null, {
        status: 201,
        headers: { 'resource-id': String(id), location: `https://api.helpscout.net/v2/conversations/${id}` },
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
  return Object.assign(upstream, { customers, created });
}
