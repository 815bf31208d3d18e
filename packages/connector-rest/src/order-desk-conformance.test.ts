import { readFileSync } from 'node:fs';
import { describeConnector } from '@talkbridge/testkit';
import { parse } from 'yaml';
import { createOrderDeskUpstream, ORDER_DESK_API_KEY } from './__fixtures__/order-desk-fake.js';
import { defineRestConnector } from './rest-connector.js';

const upstream = createOrderDeskUpstream('https://orders-conformance.internal.example');
const connector = defineRestConnector(
  parse(readFileSync(new URL('../examples/order-desk.yaml', import.meta.url), 'utf8')),
);

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
