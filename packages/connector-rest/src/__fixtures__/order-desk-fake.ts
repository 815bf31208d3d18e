// A fake of "Order Desk", an invented internal order system: customers with nested order records, cursor
// paging (`paging.next_cursor`), dates in epoch seconds, a bearer API key. One fetch-style handler, served
// by msw in-process or by a real loopback HTTP server (for a gateway in another process).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeUpstream, type FakeUpstream, http } from '@talkbridge/testkit';

export const ORDER_DESK_API_KEY = 'od-key-7Hq2Lm9Zx4';

export interface OrderDeskCustomer {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  updated_at: number;
}

export interface OrderDeskOrder {
  id: string;
  customer_id: string;
  number: string;
  summary: { title: string | null; notes_html: string | null };
  state: string;
  rush: boolean;
  placed_at: number;
}

export const orderDeskCustomers = (): OrderDeskCustomer[] => [
  {
    id: 'cus_1001',
    name: 'Ana Silva',
    email: 'ana.silva@example.com',
    phone: '+1 415-555-0100',
    updated_at: 1_735_700_000,
  },
  { id: 'cus_1002', name: 'Ben Ito', email: 'ben.ito@example.com', phone: null, updated_at: 1_735_800_000 },
  {
    id: 'cus_1003',
    name: 'Chloé Martin',
    email: 'chloe@example.fr',
    phone: '+33 1 23 45 67 89',
    updated_at: 1_735_900_000,
  },
];

/** Ana has five orders (three pages of two), Ben one, Chloé none. */
export const orderDeskOrders = (): OrderDeskOrder[] => [
  order(
    'ord_5',
    'cus_1001',
    'A-1005',
    'Standing desk, oak',
    '<p>Deliver to the <b>back door</b>.</p>',
    'shipped',
    false,
    1_740_000_500,
  ),
  order('ord_4', 'cus_1001', 'A-1004', null, null, 'open', true, 1_739_000_400),
  order(
    'ord_3',
    'cus_1001',
    'A-1003',
    'Monitor arm',
    '<p>Gift wrap &amp; card</p>',
    'cancelled',
    false,
    1_738_000_300,
  ),
  order('ord_2', 'cus_1001', 'A-1002', 'Chair mat', null, 'on_hold', false, 1_737_000_200),
  order('ord_1', 'cus_1001', 'A-1001', 'Cable tray', null, 'delivered', false, 1_736_000_100),
  order('ord_9', 'cus_1002', 'B-2001', 'Keyboard', null, 'open', false, 1_739_500_000),
];

function order(
  id: string,
  customer: string,
  number: string,
  title: string | null,
  notes: string | null,
  state: string,
  rush: boolean,
  placedAt: number,
): OrderDeskOrder {
  return {
    id,
    customer_id: customer,
    number,
    summary: { title, notes_html: notes },
    state,
    rush,
    placed_at: placedAt,
  };
}

/** The desk's largest page: small, so the examples page. */
const DEFAULT_PAGE_SIZE_MAX = 2;

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Digits only: the desk's phone search ignores formatting. */
const digits = (text: string) => text.replace(/\D/g, '');

/** The Order Desk API as a fetch handler: `origin` is where it is served. */
export function orderDeskFetch(
  options: {
    customers?: OrderDeskCustomer[];
    orders?: OrderDeskOrder[];
    notes?: unknown[];
    /** The largest page the desk answers. Default 2. */
    pageSizeMax?: number;
  } = {},
) {
  const PAGE_SIZE_MAX = options.pageSizeMax ?? DEFAULT_PAGE_SIZE_MAX;
  const customers = options.customers ?? orderDeskCustomers();
  const orders = options.orders ?? orderDeskOrders();
  const notes = options.notes ?? [];
  return async (request: Request): Promise<Response> => {
    if (request.headers.get('authorization') !== `Bearer ${ORDER_DESK_API_KEY}`) {
      return json({ error: { code: 'unauthenticated', message: 'Missing or wrong API key' } }, 401);
    }
    const url = new URL(request.url);
    const query = url.searchParams;
    if (url.pathname === '/v1/me') return json({ key: { name: 'talkdesk', scopes: ['read'] } });

    const notePath = /^\/v1\/customers\/([^/]+)\/notes$/.exec(url.pathname);
    if (notePath && request.method === 'POST') {
      const body = (await request.json().catch(() => undefined)) as { text?: unknown } | undefined;
      if (!customers.some((customer) => customer.id === decodeURIComponent(notePath[1] ?? ''))) {
        return json({ error: { message: 'no such customer' } }, 404);
      }
      if (!body || typeof body.text !== 'string' || body.text === '') {
        return json({ error: { message: 'text is required' } }, 422);
      }
      const note = { id: `note_${notes.length + 1}`, ...body };
      notes.push(note);
      return json({ note }, 201);
    }
    if (request.method !== 'GET') return json({ error: { message: 'method not allowed' } }, 405);

    const ordersPath = /^\/v1\/customers\/([^/]+)\/orders$/.exec(url.pathname);
    if (ordersPath) {
      const customerId = decodeURIComponent(ordersPath[1] ?? '');
      const limit = Math.min(PAGE_SIZE_MAX, Number(query.get('limit') ?? PAGE_SIZE_MAX));
      const start = query.get('cursor')
        ? Number(Buffer.from(query.get('cursor') ?? '', 'base64url').toString())
        : 0;
      const mine = orders
        .filter((item) => item.customer_id === customerId)
        .sort((a, b) => b.placed_at - a.placed_at);
      const page = mine.slice(start, start + limit);
      const more = start + limit < mine.length;
      return json({
        data: { orders: page },
        paging: { next_cursor: more ? Buffer.from(String(start + limit)).toString('base64url') : null },
      });
    }

    const byId = /^\/v1\/customers\/([^/]+)$/.exec(url.pathname);
    if (byId) {
      const customer = customers.find((candidate) => candidate.id === decodeURIComponent(byId[1] ?? ''));
      return customer ? json({ customer }) : json({ error: { message: 'not found' } }, 404);
    }

    if (url.pathname === '/v1/customers') {
      const email = query.get('email')?.toLowerCase();
      const phone = query.get('phone');
      const updatedAfter = query.get('updated_after');
      const cursor = query.get('cursor');
      let selected = customers;
      if (email !== undefined)
        selected = selected.filter((customer) => customer.email.toLowerCase() === email);
      if (phone !== null)
        selected = selected.filter(
          (customer) => !!customer.phone && digits(customer.phone).endsWith(digits(phone).slice(-10)),
        );
      if (updatedAfter !== null)
        selected = selected.filter((customer) => customer.updated_at >= Number(updatedAfter));
      selected = [...selected].sort((a, b) => a.updated_at - b.updated_at);
      const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString()) : 0;
      const page = selected.slice(start, start + PAGE_SIZE_MAX);
      const more = start + PAGE_SIZE_MAX < selected.length;
      return json({
        data: { customers: page },
        paging: {
          next_cursor: more ? Buffer.from(String(start + PAGE_SIZE_MAX)).toString('base64url') : null,
        },
      });
    }
    return json({ error: { message: 'not found' } }, 404);
  };
}

/** The fake served in-process by msw at `origin`, recording requests (see testkit's createFakeUpstream). */
export function createOrderDeskUpstream(
  origin = 'https://orders.internal.example',
  options: Parameters<typeof orderDeskFetch>[0] = {},
): FakeUpstream {
  const respond = orderDeskFetch(options);
  return createFakeUpstream(
    origin,
    http.all(`${origin}/*`, ({ request }) => respond(request)),
  );
}

/** The fake on a real loopback port, for a gateway running in another process. */
export async function startOrderDeskServer(
  options: Parameters<typeof orderDeskFetch>[0] = {},
): Promise<{ origin: string; close(): Promise<void> }> {
  const respond = orderDeskFetch(options);
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const body = Buffer.concat(chunks);
      const request = new Request(`http://127.0.0.1${incoming.url ?? '/'}`, {
        method: incoming.method ?? 'GET',
        headers: incoming.headers as Record<string, string>,
        ...(body.length > 0 ? { body } : {}),
      });
      const response = await respond(request);
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
