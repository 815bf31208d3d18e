// A fake Freshdesk account for the tests: the documented endpoints this connector uses, served by msw
// from the JSON fixtures, with Freshdesk's rules that matter here (Basic auth with the API key and `X`,
// the quoted query language of the search, the 30-day default window of the ticket list, pagination with
// a Link header, `include=description`).
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

export const fixtureContacts = (): FixtureContact[] => fixture('contacts.json');
export const fixtureTickets = (): FixtureTicket[] => fixture('tickets.json');

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
export function parseFreshdeskQuery(raw: string): { terms: SearchTerm[]; operators: string[] } | undefined {
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

function validationFailed(field: string, message: string) {
  return json(
    { description: 'Validation failed', errors: [{ field, message, code: 'invalid_value' }] },
    { status: 400 },
  );
}

function emailsOf(contact: FixtureContact): string[] {
  return [contact.email, ...contact.other_emails]
    .filter((email): email is string => !!email)
    .map((e) => e.toLowerCase());
}

export interface FakeFreshdeskOptions {
  contacts?: FixtureContact[];
  tickets?: FixtureTicket[];
  /** The clock the 30-day window is measured from. */
  now?: () => number;
}

/** The msw handler of a fake Freshdesk account at `origin`. */
export function freshdeskHandler(origin: string, options: FakeFreshdeskOptions = {}): RequestHandler {
  const contacts = options.contacts ?? fixtureContacts();
  const tickets = options.tickets ?? fixtureTickets();
  const now = options.now ?? Date.now;

  return http.all(`${origin}/*`, ({ request }) => {
    if (request.headers.get('authorization') !== FRESHDESK_AUTHORIZATION) {
      return json(
        { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' },
        { status: 401 },
      );
    }
    if (request.method !== 'GET') return json({ message: 'Method not allowed' }, { status: 405 });
    const url = new URL(request.url);
    const query = url.searchParams;

    const byId = /^\/api\/v2\/contacts\/([^/]+)$/.exec(url.pathname);
    if (byId) {
      const contact = contacts.find(
        (candidate) => String(candidate.id) === decodeURIComponent(byId[1] ?? ''),
      );
      return contact ? json(contact) : new HttpResponse(null, { status: 404, headers: rateLimitHeaders });
    }

    if (url.pathname === '/api/v2/contacts') {
      const email = query.get('email')?.toLowerCase();
      const phone = query.get('phone');
      const mobile = query.get('mobile');
      return json(
        contacts.filter(
          (contact) =>
            !contact.deleted &&
            ((email !== undefined && emailsOf(contact).includes(email)) ||
              (phone !== null && contact.phone === phone) ||
              (mobile !== null && contact.mobile === mobile)),
        ),
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
      return json({ results: matches.slice(0, 30), total: matches.length });
    }

    if (url.pathname === '/api/v2/tickets') {
      const perPage = Number(query.get('per_page') ?? '30');
      const page = Number(query.get('page') ?? '1');
      if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
        return validationFailed('per_page', 'It should be a Positive Integer less than or equal to 100');
      }
      const requesterId = query.get('requester_id');
      const updatedSince = query.get('updated_since');
      const orderType = query.get('order_type') ?? 'desc';
      const selected = tickets
        .filter((ticket) => requesterId === null || String(ticket.requester_id) === requesterId)
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
