import { readFileSync } from 'node:fs';
import { describeConnector } from '@talkbridge/testkit';
import { parse } from 'yaml';
import { createOrderDeskUpstream, ORDER_DESK_API_KEY } from './__fixtures__/order-desk-fake.js';
import { defineRestConnector } from './rest-connector.js';

// One page per contact here: the suite compares answers, and a page left out because the deadline was
// near (core stops paging when another page would not fit) must not depend on the machine's load.
// Paging itself is tested in order-desk.test.ts.
const upstream = createOrderDeskUpstream('https://orders-conformance.internal.example', { pageSizeMax: 50 });
const definition = parse(readFileSync(new URL('../examples/order-desk.yaml', import.meta.url), 'utf8'));
definition.interactions.order.pagination.size = 50;
const connector = defineRestConnector(definition);

describeConnector(connector, {
  auth: { api_key: ORDER_DESK_API_KEY },
  settings: { baseUrl: upstream.origin },
  upstream,
  // Ana Silva: the desk stores her phone as "+1 415-555-0100".
  contact: { externalId: 'cus_1001', email: 'ana.silva@example.com', phone: '(415) 555-0100' },
  staleExternalId: 'cus_9999',
  actions: {
    create_note: { meta: { contact_external_id: 'cus_1001' }, data: { text: 'Called about order A-1005' } },
  },
});
