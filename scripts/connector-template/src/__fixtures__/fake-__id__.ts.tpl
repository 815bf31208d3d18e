// A fake __DISPLAY__ account for the tests: the endpoints the connector calls, served by msw from the
// fixtures below, with the vendor's rules that matter here (bearer auth, 404 for an unknown contact, the
// repeated `email` / `phone` filters, tickets newest first). TODO(__id__): replace the fixtures with
// trimmed payloads from the vendor's documentation.
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';

export const __CONST___API_TOKEN = '__id__-token-7Hq2Lm9Xv4Pz';

export const fixtureContacts = [
  { id: 1001, name: 'Jane Doe', email: 'jane.doe@example.com', phone: '+15555550123' },
  { id: 1002, name: 'Sam Roe', email: 'sam.roe@example.com', phone: null },
];

export const fixtureTickets = [
  {
    id: 501,
    requester_id: 1001,
    subject: 'Lamp arrived broken',
    description: '<p>The lamp arrived <b>broken</b>. Please send another.</p>',
    status: 'open',
    priority: 'high',
    created_at: '2026-03-02T10:15:00Z',
  },
  {
    id: 502,
    requester_id: 1002,
    subject: 'Invoice copy',
    description: null,
    status: 'solved',
    priority: 'low',
    created_at: '2026-03-01T08:00:00Z',
  },
  {
    id: 500,
    requester_id: 1001,
    subject: 'Where is my order?',
    description: 'It has been two weeks.',
    status: 'closed',
    priority: 'normal',
    created_at: '2026-02-20T16:45:00Z',
  },
];

/** The fake service at `origin` (use it as the operator's `baseUrl`). */
export function createFake__Name__(origin: string): FakeUpstream {
  const api = `${new URL(origin).origin}/api/v1`;
  const refused = () => HttpResponse.json({ error: 'unauthorized' }, { status: 401 });
  const authorized = (request: Request) => request.headers.get('authorization') === `Bearer ${__CONST___API_TOKEN}`;
  return createFakeUpstream(
    origin,
    http.get(`${api}/contacts`, ({ request }) => {
      if (!authorized(request)) return refused();
      const query = new URL(request.url).searchParams;
      const emails = new Set(query.getAll('email'));
      const phones = new Set(query.getAll('phone'));
      const contacts = fixtureContacts.filter(
        (contact) => emails.has(contact.email) || (contact.phone !== null && phones.has(contact.phone)),
      );
      return HttpResponse.json({ contacts });
    }),
    http.get(`${api}/contacts/:id`, ({ request, params }) => {
      if (!authorized(request)) return refused();
      const contact = fixtureContacts.find((candidate) => String(candidate.id) === params.id);
      return contact ? HttpResponse.json(contact) : HttpResponse.json({ error: 'not found' }, { status: 404 });
    }),
    http.get(`${api}/contacts/:id/tickets`, ({ request, params }) => {
      if (!authorized(request)) return refused();
      const perPage = Number(new URL(request.url).searchParams.get('per_page') ?? 100);
      const tickets = fixtureTickets
        .filter((ticket) => String(ticket.requester_id) === params.id)
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
        .slice(0, perPage);
      return HttpResponse.json({ tickets });
    }),
  );
}
