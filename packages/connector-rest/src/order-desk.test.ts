import { readFileSync } from 'node:fs';
import { retrieveInteractions, synchronizeContacts } from '@talkbridge/core';
import { offsetWithCursor } from '@talkbridge/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  createOrderDeskUpstream,
  ORDER_DESK_API_KEY,
  orderDeskCustomers,
} from './__fixtures__/order-desk-fake.js';
import { defineRestConnector } from './rest-connector.js';

const definition = parse(readFileSync(new URL('../examples/order-desk.yaml', import.meta.url), 'utf8'));
const connector = defineRestConnector(definition);
const upstream = createOrderDeskUpstream();
beforeAll(() => upstream.listen());
afterEach(() => upstream.reset());
afterAll(() => upstream.close());

const retrieve = (data: Record<string, unknown>, limit?: number) =>
  retrieveInteractions(
    connector,
    { auth: { api_key: ORDER_DESK_API_KEY }, data },
    { ...(limit ? { limit } : {}) },
  );

describe('the Order Desk example', () => {
  it('pages through nested orders with the body cursor and maps epoch seconds, tables and fallbacks', async () => {
    const answer = await retrieve({ contact_external_id: 'cus_1001' });
    expect(answer.map((item) => item.id)).toEqual(['ord_5', 'ord_4', 'ord_3', 'ord_2', 'ord_1']);
    expect(answer[0]).toEqual({
      id: 'ord_5',
      subject: 'Standing desk, oak',
      description: 'Deliver to the back door.',
      date: '2025-02-19 21:28:20 UTC',
      url: 'https://orders.internal.example/orders/ord_5',
      type: 'order',
      priority: 'normal',
      status: 'solved',
    });
    expect(answer[1]).toMatchObject({ subject: 'Order A-1004', priority: 'urgent', status: 'open' });
    expect(answer[1]).not.toHaveProperty('description');
    expect(answer[2]).toMatchObject({ description: 'Gift wrap & card', status: 'closed' });
    expect(answer[3]?.status).toBe('pending');
    const orderCalls = upstream.requests.filter((request) => request.path.endsWith('/orders'));
    expect(orderCalls.map((request) => request.query.get('cursor'))).toEqual([null, 'Mg', 'NA']);
    expect(orderCalls[0]?.path).toBe('/v1/customers/cus_1001/orders');
    expect(orderCalls[0]?.query.get('limit')).toBe('2');
    expect(orderCalls[0]?.headers.get('authorization')).toBe(`Bearer ${ORDER_DESK_API_KEY}`);
  });

  it('stops paging at the limit', async () => {
    const answer = await retrieve({ contact_external_id: 'cus_1001' }, 3);
    expect(answer.map((item) => item.id)).toEqual(['ord_5', 'ord_4', 'ord_3']);
    expect(upstream.requests.filter((request) => request.path.endsWith('/orders'))).toHaveLength(2);
  });

  it('encodes lookup values in paths and queries: a hostile id stays one segment', async () => {
    expect(await retrieve({ contact_external_id: '../me?x=1' })).toEqual([]);
    expect(upstream.requests[0]?.url.pathname).toBe('/v1/customers/..%2Fme%3Fx%3D1');
  });

  it('finds by email with one exact request per email, and by phone in another format', async () => {
    const byEmail = await retrieve({ contact_emails: ['nobody@example.com', 'Ana.Silva@example.com'] });
    expect(byEmail).toHaveLength(5);
    expect(upstream.requests.map((request) => request.query.get('email'))).toEqual([
      'nobody@example.com',
      'ana.silva@example.com',
      null,
      null,
      null,
    ]);
    upstream.reset();
    expect(await retrieve({ contact_phones: ['(415) 555-0100'] })).toHaveLength(5);
    expect(upstream.requests[0]?.query.get('phone')).toBe('+14155550100');
  });
});

describe('the Order Desk example: contact synchronization', () => {
  it('carries the service’s cursor from page to page, and refuses an offset it did not issue', async () => {
    const auth = { api_key: ORDER_DESK_API_KEY };
    const seen: string[] = [];
    let offset: string | undefined;
    do {
      const page = await synchronizeContacts(
        connector,
        { auth, ...(offset ? { meta: { offset } } : {}) },
        { pageSize: 2 },
      );
      seen.push(...page.contacts.map((contact) => contact.id));
      offset = page.next_offset;
    } while (offset);
    const customers = [...orderDeskCustomers()].sort((a, b) => a.updated_at - b.updated_at);
    expect(seen).toEqual(customers.map((customer) => customer.id));
    // One service page per sync page: the cursor the service gave comes back through Talkdesk's offset.
    const cursors = upstream.requests.map((request) => request.query.get('cursor'));
    expect(cursors[0]).toBeNull();
    expect(cursors.slice(1)).toEqual(
      Array.from({ length: Math.ceil(customers.length / 2) - 1 }, (_, index) =>
        Buffer.from(String((index + 1) * 2)).toString('base64url'),
      ),
    );

    await expect(
      synchronizeContacts(connector, { auth, meta: { offset: offsetWithCursor({ next: { $ne: null } }) } }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
