// A small example connector and the fake service it talks to, used to test the testkit itself: the
// conformance suite through msw, and the real fetch path against a loopback HTTP server.
import { BridgeError, defineConnector, path } from '@talkbridge/core';
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

export const acmeDesk = defineConnector({
  id: 'acme-desk',
  displayName: 'Acme Desk',
  description: 'An example helpdesk used by the testkit’s own tests.',
  auth: z.object({ subdomain: z.string().min(1), token: z.string().min(1) }),
  interactionTypes: ['ticket'],
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
  async listInteractions(ctx, contacts, type) {
    if (type !== 'ticket') throw new BridgeError('internal', `unsupported type ${type}`);
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
  },
});

export const ACME_TOKEN = 'acme-token-5f2c9a71';

const users = [
  { id: 7, email: 'jane@example.com', phone: '+15555550100' },
  { id: 8, email: 'joe@example.com', phone: null },
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
  if (method !== 'GET') return { status: 405, body: { error: 'method not allowed' } };
  const userMatch = /^\/api\/users\/([^/]+)$/.exec(url.pathname);
  if (userMatch) {
    const user = users.find((candidate) => String(candidate.id) === decodeURIComponent(userMatch[1] ?? ''));
    return user ? { status: 200, body: { user } } : { status: 404, body: { error: 'not found' } };
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
