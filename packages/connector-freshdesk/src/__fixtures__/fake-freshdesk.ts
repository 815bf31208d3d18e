// A fake Freshdesk account for the tests: the documented endpoints this connector uses, served by msw
// from the JSON fixtures, with Freshdesk's rules that matter here (Basic auth with the API key and `X`,
// the quoted query language of the search, the 30-day default window of the ticket list and its requester
// filters (`requester_id`, `email`), pagination with a Link header, `include=description`, the contact
// list's `_updated_since` filter and its order by name, the validation errors of ticket creation).
import { readFileSync } from 'node:fs';
import {
  createFakeUpstream,
  type FakeUpstream,
  HttpResponse,
  http,
  type RequestHandler,
} from '@talkbridge/testkit';

export const FRESHDESK_API_KEY = 'fd-apikey-Qm7vX2pL9sT4';
export const FRESHDESK_AUTHORIZATION = `Basic ${Buffer.from(`${FRESHDESK_API_KEY}:X`).toString('base64')}`;

interface FixtureContact {
  id: number;
  email: string | null;
  other_emails: string[];
  phone: string | null;
  mobile: string | null;
  deleted: boolean;
  [field: string]: unknown;
}

export interface FixtureContactFull extends FixtureContact {
  name: string;
  updated_at: string;
  company_id: number | null;
}

interface FixtureTicket {
  id: number;
  requester_id: number;
  created_at: string;
  updated_at: string;
  status: number;
  description?: string;
  description_text?: string;
  [field: string]: unknown;
}

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T;
}

export const fixtureContacts = (): FixtureContactFull[] => fixture('contacts.json');
export const fixtureTickets = (): FixtureTicket[] => fixture('tickets.json');
export const fixtureAgents = (): FixtureAgent[] => fixture('agents.json');
export const fixtureCompanies = (): { id: number; name: string; [field: string]: unknown }[] =>
  fixture('companies.json');

interface FixtureAgent {
  id: number;
  contact: { name: string; email: string | null; [field: string]: unknown };
  [field: string]: unknown;
}

const DAY_MS = 86_400_000;

export interface SearchTerm {
  field: string;
  value: string;
}

/**
 * Reads a Freshdesk search query the way the service does: wrapped in double quotes, `field:'text'` or
 * `field:number` terms joined by OR / AND. Returns undefined for anything else (Freshdesk answers 400).
 * The tests use it to check that a value from the request stayed one literal term.
 */
function parseFreshdeskQuery(raw: string): { terms: SearchTerm[]; operators: string[] } | undefined {
  if (raw.length > 512 || !raw.startsWith('"') || !raw.endsWith('"') || raw.length < 2) return undefined;
  let rest = raw.slice(1, -1);
  if (rest.includes('"')) return undefined;
  const terms: SearchTerm[] = [];
  const operators: string[] = [];
  for (;;) {
    const term = /^\s*([a-z_]+):(?:'([^']*)'|(\d+|true|false|null))/.exec(rest);
    if (!term) return undefined;
    terms.push({ field: term[1] as string, value: (term[2] ?? term[3]) as string });
    rest = rest.slice(term[0].length);
    if (rest.trim() === '') return { terms, operators };
    const operator = /^\s+(OR|AND)\s+/.exec(rest);
    if (!operator) return undefined;
    operators.push(operator[1] as string);
    rest = rest.slice(operator[0].length);
  }
}

const rateLimitHeaders = {
  'x-ratelimit-total': '3000',
  'x-ratelimit-remaining': '2987',
  'x-ratelimit-used-currentrequest': '1',
};

function json(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  return HttpResponse.json(body as Record<string, unknown>, {
    status: init.status ?? 200,
    headers: { ...rateLimitHeaders, ...init.headers },
  });
}

function validationFailed(field: string, message: string, code = 'invalid_value') {
  return json({ description: 'Validation failed', errors: [{ field, message, code }] }, { status: 400 });
}

/** Freshdesk refuses query parameters an endpoint does not know. */
function unexpectedParameter(query: URLSearchParams, allowed: readonly string[]) {
  const unknown = [...query.keys()].find((key) => !allowed.includes(key));
  return unknown === undefined
    ? undefined
    : validationFailed(unknown, 'Unexpected/invalid field in request', 'invalid_field');
}

/** `per_page` (1–100, default 30) and `page` (from 1), or Freshdesk's 400. */
function paging(query: URLSearchParams): { perPage: number; page: number } | Response {
  const perPage = Number(query.get('per_page') ?? '30');
  const page = Number(query.get('page') ?? '1');
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    return validationFailed('per_page', 'It should be a Positive Integer less than or equal to 100');
  }
  if (!Number.isInteger(page) || page < 1) return validationFailed('page', 'It should be a Positive Integer');
  return { perPage, page };
}

/** One page of `items` with Freshdesk's `Link: <…>; rel="next"` when another page follows. */
function pageOf<T>(
  items: T[],
  url: URL,
  perPage: number,
  page: number,
  headers: Record<string, string> = {},
) {
  const linkHeaders: Record<string, string> = { ...headers };
  if (page * perPage < items.length) {
    const next = new URL(url);
    next.searchParams.set('page', String(page + 1));
    linkHeaders.link = `<${next.href}>; rel="next"`;
  }
  return json(items.slice((page - 1) * perPage, page * perPage), { headers: linkHeaders });
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const TICKET_FIELDS = [
  'subject',
  'description',
  'status',
  'priority',
  'source',
  'requester_id',
  'email',
  'name',
  'phone',
  'responder_id',
  'type',
  'group_id',
  'tags',
  'custom_fields',
];

/**
 * A contact as Freshdesk's search and filtered list answer it: without `other_emails`, which only
 * `GET /contacts/{id}` carries, although the email filter matches them.
 */
function summaryOf(contact: FixtureContact): Omit<FixtureContact, 'other_emails'> {
  const { other_emails: _onlyOnTheContactItself, ...summary } = contact;
  return summary;
}

function emailsOf(contact: FixtureContact): string[] {
  return [contact.email, ...contact.other_emails]
    .filter((email): email is string => !!email)
    .map((e) => e.toLowerCase());
}

export interface FakeFreshdeskOptions {
  contacts?: FixtureContact[];
  tickets?: FixtureTicket[];
  agents?: FixtureAgent[];
  companies?: { id: number; name: string }[];
  /** The clock of the account: the 30-day window, the `Date` header, new records. */
  now?: () => number;
}

/** The msw handler of a fake Freshdesk account at `origin`. */
export function freshdeskHandler(origin: string, options: FakeFreshdeskOptions = {}): RequestHandler {
  const contacts = options.contacts ?? fixtureContacts();
  const tickets = options.tickets ?? fixtureTickets();
  const agents = options.agents ?? fixtureAgents();
  const companies = options.companies ?? fixtureCompanies();
  const now = options.now ?? Date.now;
  const isoNow = () => new Date(now()).toISOString().replace(/\.\d{3}Z$/, 'Z');

  /** `POST /tickets`: Freshdesk's checks on a new ticket, then the ticket (and a new requester) stored. */
  function createTicket(body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return json({ code: 'invalid_json', message: 'Request body has invalid json format' }, { status: 400 });
    }
    const fields = body as Record<string, unknown>;
    const unknown = Object.keys(fields).find((key) => !TICKET_FIELDS.includes(key));
    if (unknown) return validationFailed(unknown, 'Unexpected/invalid field in request', 'invalid_field');
    if (typeof fields.description !== 'string' || fields.description === '') {
      return validationFailed('description', 'It should be a/an String', 'missing_field');
    }
    if (fields.subject !== undefined && (typeof fields.subject !== 'string' || fields.subject.length > 255)) {
      return validationFailed('subject', 'Has 256 characters, it can have maximum of 255 characters');
    }
    for (const [field, allowed] of [
      ['status', [2, 3, 4, 5]],
      ['priority', [1, 2, 3, 4]],
      ['source', [1, 2, 3, 7, 9, 10]],
    ] as const) {
      const value = fields[field];
      if (value !== undefined && !(allowed as readonly unknown[]).includes(value)) {
        return validationFailed(field, `It should be one of these values: '${allowed.join(',')}'`);
      }
    }
    if (fields.responder_id !== undefined && !agents.some((agent) => agent.id === fields.responder_id)) {
      return validationFailed('responder_id', 'There is no agent matching the given responder_id');
    }
    let requester: FixtureContact | undefined;
    if (fields.requester_id !== undefined) {
      requester = contacts.find((contact) => contact.id === fields.requester_id && !contact.deleted);
      if (!requester)
        return validationFailed('requester_id', 'There is no contact matching the given requester_id');
    } else if (typeof fields.email === 'string') {
      const email = fields.email.toLowerCase();
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
        return validationFailed('email', "It should be in the 'valid email address' format");
      }
      requester = contacts.find((contact) => !contact.deleted && emailsOf(contact).includes(email));
      if (!requester) {
        // Freshdesk adds a contact for an email it does not know.
        requester = {
          id: Math.max(0, ...contacts.map((contact) => contact.id)) + 1,
          name: typeof fields.name === 'string' ? fields.name : email.split('@')[0],
          email,
          other_emails: [],
          phone: null,
          mobile: null,
          deleted: false,
          company_id: null,
          created_at: isoNow(),
          updated_at: isoNow(),
        };
        contacts.push(requester);
      }
    } else {
      return validationFailed(
        'requester_id',
        'Please fill at least 1 of requester_id, phone, email, twitter_id, facebook_id fields',
        'missing_field',
      );
    }
    const ticket: FixtureTicket = {
      id: Math.max(0, ...tickets.map((candidate) => candidate.id)) + 1,
      subject: fields.subject ?? null,
      description: fields.description,
      description_text: fields.description.replace(/<[^>]*>/g, ''),
      status: (fields.status as number | undefined) ?? 2,
      priority: (fields.priority as number | undefined) ?? 1,
      source: (fields.source as number | undefined) ?? 2,
      requester_id: requester.id,
      responder_id: (fields.responder_id as number | undefined) ?? null,
      spam: false,
      created_at: isoNow(),
      updated_at: isoNow(),
    };
    tickets.push(ticket);
    return json(ticket, { status: 201, headers: { location: `${origin}/api/v2/tickets/${ticket.id}` } });
  }

  return http.all(`${origin}/*`, async ({ request }) => {
    if (request.headers.get('authorization') !== FRESHDESK_AUTHORIZATION) {
      return json(
        { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
        { status: 401 },
      );
    }
    const url = new URL(request.url);
    const query = url.searchParams;
    if (request.method === 'POST' && url.pathname === '/api/v2/tickets') {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        body = undefined;
      }
      return createTicket(body);
    }
    if (request.method !== 'GET') return json({ message: 'Method not allowed' }, { status: 405 });

    if (url.pathname === '/api/v2/agents/me') return json(agents[0]);

    if (url.pathname === '/api/v2/agents') {
      const refused = unexpectedParameter(query, ['email', 'mobile', 'phone', 'state', 'per_page', 'page']);
      if (refused) return refused;
      const pages = paging(query);
      if (pages instanceof Response) return pages;
      return pageOf(agents, url, pages.perPage, pages.page);
    }

    const companyById = /^\/api\/v2\/companies\/([^/]+)$/.exec(url.pathname);
    if (companyById) {
      const company = companies.find((candidate) => String(candidate.id) === companyById[1]);
      return company ? json(company) : new HttpResponse(null, { status: 404, headers: rateLimitHeaders });
    }

    const byId = /^\/api\/v2\/contacts\/([^/]+)$/.exec(url.pathname);
    if (byId) {
      const contact = contacts.find(
        (candidate) => String(candidate.id) === decodeURIComponent(byId[1] ?? ''),
      );
      return contact ? json(contact) : new HttpResponse(null, { status: 404, headers: rateLimitHeaders });
    }

    if (url.pathname === '/api/v2/contacts' && !['email', 'phone', 'mobile'].some((key) => query.has(key))) {
      // The list: undeleted contacts, `_updated_since` inclusive, ordered by name as Freshdesk's server
      // orders them (the API documents no order), paged by number.
      const refused = unexpectedParameter(query, [
        'company_id',
        'state',
        '_updated_since',
        'per_page',
        'page',
      ]);
      if (refused) return refused;
      const pages = paging(query);
      if (pages instanceof Response) return pages;
      const since = query.get('_updated_since');
      if (since !== null && !ISO_DATE_TIME.test(since)) {
        return validationFailed(
          '_updated_since',
          "It should be in the 'combined date and time ISO8601' format",
        );
      }
      const listed = contacts
        .filter((contact) => !contact.deleted)
        .filter((contact) => since === null || Date.parse(String(contact.updated_at)) >= Date.parse(since))
        .sort(
          (a, b) => String(a.name).toLowerCase().localeCompare(String(b.name).toLowerCase()) || a.id - b.id,
        );
      return pageOf(listed, url, pages.perPage, pages.page, { date: new Date(now()).toUTCString() });
    }

    if (url.pathname === '/api/v2/contacts') {
      const email = query.get('email')?.toLowerCase();
      const phone = query.get('phone');
      const mobile = query.get('mobile');
      return json(
        contacts
          .filter(
            (contact) =>
              !contact.deleted &&
              ((email !== undefined && emailsOf(contact).includes(email)) ||
                (phone !== null && contact.phone === phone) ||
                (mobile !== null && contact.mobile === mobile)),
          )
          .map(summaryOf),
      );
    }

    if (url.pathname === '/api/v2/search/contacts') {
      const parsed = parseFreshdeskQuery(query.get('query') ?? '');
      if (!parsed || parsed.operators.includes('AND')) return validationFailed('query', 'Invalid query');
      const matches = contacts.filter(
        (contact) =>
          !contact.deleted &&
          parsed.terms.some(
            ({ field, value }) =>
              (field === 'email' && emailsOf(contact).includes(value.toLowerCase())) ||
              (field === 'phone' && contact.phone === value) ||
              (field === 'mobile' && contact.mobile === value),
          ),
      );
      return json({ results: matches.slice(0, 30).map(summaryOf), total: matches.length });
    }

    if (url.pathname === '/api/v2/tickets') {
      const perPage = Number(query.get('per_page') ?? '30');
      const page = Number(query.get('page') ?? '1');
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
        return validationFailed('per_page', 'It should be a Positive Integer less than or equal to 100');
      }
      const requesterId = query.get('requester_id');
      // The requester email filter: modelled on the primary address, the one the docs describe (whether
      // Freshdesk also matches `other_emails` is not documented, and the connector never relies on it). An
      // address that is no contact's primary one is refused like an unknown requester_id.
      const email = query.get('email')?.toLowerCase();
      let requesterOfEmail: number | undefined;
      if (email !== undefined) {
        requesterOfEmail = contacts.find(
          (contact) => !contact.deleted && contact.email?.toLowerCase() === email,
        )?.id;
        if (requesterOfEmail === undefined) {
          return validationFailed('email', 'There is no contact matching the given email');
        }
      }
      const updatedSince = query.get('updated_since');
      const orderType = query.get('order_type') ?? 'desc';
      const selected = tickets
        .filter((ticket) => requesterId === null || String(ticket.requester_id) === requesterId)
        .filter((ticket) => requesterOfEmail === undefined || ticket.requester_id === requesterOfEmail)
        .filter((ticket) =>
          // Freshdesk's rule: without updated_since, only tickets created in the last 30 days.
          updatedSince === null
            ? Date.parse(ticket.created_at) >= now() - 30 * DAY_MS
            : Date.parse(ticket.updated_at) >= Date.parse(updatedSince),
        )
        .sort(
          (a, b) => (Date.parse(b.created_at) - Date.parse(a.created_at)) * (orderType === 'asc' ? -1 : 1),
        );
      const withDescription = (query.get('include') ?? '').split(',').includes('description');
      const pageItems = selected.slice((page - 1) * perPage, page * perPage).map((ticket) => {
        if (withDescription) return ticket;
        const { description: _html, description_text: _text, ...rest } = ticket;
        return rest;
      });
      const headers: Record<string, string> = {};
      if (page * perPage < selected.length) {
        const next = new URL(url);
        next.searchParams.set('page', String(page + 1));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return json(pageItems, { headers });
    }

    return new HttpResponse(null, { status: 404, headers: rateLimitHeaders });
  });
}

/** A recording fake Freshdesk account at `origin` (see createFakeUpstream). */
export function createFreshdeskUpstream(origin: string, options: FakeFreshdeskOptions = {}): FakeUpstream {
  return createFakeUpstream(origin, freshdeskHandler(origin, options));
}
