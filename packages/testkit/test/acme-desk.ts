// A small example connector and the fake service it talks to, used to test the testkit itself: the
// conformance suite through msw, and the real fetch path against a loopback HTTP server.
import {
  agentSync,
  type ContactRef,
  type ContextOf,
  contactSync,
  defineConnector,
  path,
} from '@talkbridge/core';
import { z } from 'zod';

const userSchema = z.object({ id: z.number(), email: z.string().nullish(), phone: z.string().nullish() });
const ticketSchema = z.object({
  id: z.number(),
  title: z.string(),
  body: z.string().nullish(),
  created_at: z.string(),
  state: z.enum(['open', 'waiting', 'done']),
  urgency: z.enum(['low', 'high']).nullish(),
});

const acmeAuth = z.object({ subdomain: z.string().min(1), token: z.string().min(1) });
type AcmeContext = ContextOf<typeof acmeAuth>;

export const acmeDesk = defineConnector({
  id: 'acme-desk',
  displayName: 'Acme Desk',
  description: 'An example helpdesk used by the testkit’s own tests.',
  auth: acmeAuth,
  interactions: { ticket: listTickets },
  hosts: ['*.acmedesk.example'],
  http: {
    origin: (auth) => `https://${auth.subdomain}.acmedesk.example`,
    basePath: '/api',
    authenticate: (auth) => ({ type: 'bearer', token: auth.token }),
    resetHeaders: [{ name: 'x-ratelimit-reset', kind: 'epoch' }],
  },
  async findContacts(ctx, lookup) {
    if (lookup.by === 'externalId') {
      const user = await ctx.http.getIfExists(path`/users/${lookup.externalId}`, {
        schema: z.object({ user: userSchema }),
      });
      return user ? [{ id: String(user.user.id) }] : [];
    }
    const query = lookup.by === 'email' ? { email: lookup.emails } : { phone: lookup.phones };
    const found = await ctx.http.get('/users', { query, schema: z.object({ users: z.array(userSchema) }) });
    return found.users.map((user) => ({ id: String(user.id) }));
  },
  async validateAuth(ctx) {
    await ctx.http.get('/me', { schema: z.object({ id: z.number() }) });
    return undefined;
  },
  syncContacts: contactSync({
    cursor: z.string().max(200),
    async page(ctx: AcmeContext, page) {
      const found = await ctx.http.get('/users', {
        query: {
          updated_since: page.updatedSince?.toISOString(),
          cursor: page.cursor,
          per_page: ctx.limit,
        },
        schema: z.object({
          users: z.array(userSchema.extend({ name: z.string(), updated_at: z.string() })),
          next_cursor: z.string().nullish(),
        }),
      });
      return {
        contacts: found.users.map((user) => ({
          id: String(user.id),
          name: user.name,
          emails: user.email ? [user.email] : [],
          phones: user.phone ? [user.phone] : [],
          updatedAt: user.updated_at,
        })),
        nextCursor: found.next_cursor ?? undefined,
      };
    },
  }),
  syncAgents: agentSync({
    cursor: z.never(),
    async page(ctx: AcmeContext) {
      const found = await ctx.http.get('/agents', {
        schema: z.object({
          agents: z.array(z.object({ id: z.number(), name: z.string(), email: z.string() })),
        }),
      });
      return { agents: found.agents.map((agent) => ({ ...agent, id: String(agent.id) })) };
    },
  }),
  actions: {
    create_ticket: {
      display: 'create a ticket',
      description: 'create a new ticket in Acme Desk',
      inputs: [
        { key: 'subject', name: 'Ticket subject', mandatory: true },
        { key: 'description', name: 'Ticket description', mandatory: false },
      ],
      async run(ctx, request) {
        const created = await ctx.http.post('/tickets', {
          json: {
            title: request.data.subject,
            body: request.data.description,
            user_id: request.contactExternalId,
          },
          schema: z.object({ ticket: z.object({ id: z.number() }) }),
        });
        return { message: `Ticket ${created.ticket.id} created`, external_id: String(created.ticket.id) };
      },
    },
  },
});

/** The contacts' tickets, newest first. */
async function listTickets(ctx: AcmeContext, contacts: ContactRef[]) {
  const found = await ctx.http.get('/tickets', {
    query: { user_id: contacts.map((contact) => contact.id), limit: ctx.limit },
    schema: z.object({ tickets: z.array(ticketSchema) }),
  });
  return found.tickets.map((ticket) => ({
    id: String(ticket.id),
    subject: ticket.title,
    ...(ticket.body ? { description: ticket.body } : {}),
    date: ticket.created_at,
    url: `https://acmedesk.example/tickets/${ticket.id}`,
    status:
      ticket.state === 'done'
        ? ('solved' as const)
        : ticket.state === 'waiting'
          ? ('pending' as const)
          : ('open' as const),
    priority:
      ticket.urgency === 'high'
        ? ('high' as const)
        : ticket.urgency === 'low'
          ? ('low' as const)
          : ('none' as const),
  }));
}

export const ACME_TOKEN = 'acme-token-5f2c9a71';

const users = [
  {
    id: 7,
    name: 'Jane Doe',
    email: 'jane@example.com',
    phone: '+15555550100',
    updated_at: '2024-05-01T10:00:00Z',
  },
  { id: 8, name: 'Joe Bloggs', email: 'joe@example.com', phone: null, updated_at: '2024-05-01T10:00:00Z' },
  { id: 9, name: 'Ann Lee', email: 'ann@example.com', phone: null, updated_at: '2024-06-01T12:00:00Z' },
];
const tickets = [
  {
    user_id: 7,
    id: 70,
    title: 'Broken widget',
    body: 'It broke.',
    created_at: '2024-05-01T10:00:00Z',
    state: 'open',
    urgency: 'high',
  },
  {
    user_id: 7,
    id: 71,
    title: 'Invoice copy',
    body: null,
    created_at: '2024-05-03T08:30:00+02:00',
    state: 'done',
    urgency: null,
  },
  {
    user_id: 8,
    id: 80,
    title: 'Login issue',
    body: 'Cannot log in',
    created_at: '2024-04-01T00:00:00Z',
    state: 'waiting',
    urgency: 'low',
  },
];

/** The fake service's behaviour, independent of how it is served (msw or a real socket). */
export function acmeDeskService(
  method: string,
  url: URL,
  authorization: string | null,
): { status: number; body: unknown } {
  if (authorization !== `Bearer ${ACME_TOKEN}`) return { status: 401, body: { error: 'invalid token' } };
  if (method === 'POST' && url.pathname === '/api/tickets')
    return { status: 201, body: { ticket: { id: 90 } } };
  if (method !== 'GET') return { status: 405, body: { error: 'method not allowed' } };
  if (url.pathname === '/api/me') return { status: 200, body: { id: 1 } };
  if (url.pathname === '/api/agents')
    return { status: 200, body: { agents: [{ id: 1, name: 'Agent One', email: 'one@acme.example' }] } };
  const userMatch = /^\/api\/users\/([^/]+)$/.exec(url.pathname);
  if (userMatch) {
    const user = users.find((candidate) => String(candidate.id) === decodeURIComponent(userMatch[1] ?? ''));
    return user ? { status: 200, body: { user } } : { status: 404, body: { error: 'not found' } };
  }
  if (url.pathname === '/api/users' && url.searchParams.has('per_page')) {
    // Contact sync: ascending by (updated_at, id), at or after updated_since, keyset cursor "<index>".
    const since = url.searchParams.get('updated_since');
    const ordered = users.filter((user) => !since || Date.parse(user.updated_at) >= Date.parse(since));
    const start = Number(url.searchParams.get('cursor') ?? '0');
    if (!Number.isInteger(start) || start < 0) return { status: 400, body: { error: 'bad cursor' } };
    const perPage = Number(url.searchParams.get('per_page'));
    const page = ordered.slice(start, start + perPage);
    const next = start + page.length < ordered.length ? String(start + page.length) : null;
    return { status: 200, body: { users: page, next_cursor: next } };
  }
  if (url.pathname === '/api/users') {
    const emails = url.searchParams.getAll('email');
    const phones = url.searchParams.getAll('phone');
    const found = users.filter(
      (user) => (user.email && emails.includes(user.email)) || (user.phone && phones.includes(user.phone)),
    );
    return { status: 200, body: { users: found } };
  }
  if (url.pathname === '/api/tickets') {
    const ids = url.searchParams.getAll('user_id');
    return {
      status: 200,
      body: { tickets: tickets.filter((ticket) => ids.includes(String(ticket.user_id))) },
    };
  }
  return { status: 404, body: { error: 'no route' } };
}
