import { describeConnector } from '@talkbridge/testkit';
import { createFreshdeskUpstream, FRESHDESK_API_KEY } from './__fixtures__/fake-freshdesk.js';
import { freshdesk } from './freshdesk-connector.js';

const upstream = createFreshdeskUpstream('https://conformance.freshdesk.com');

describeConnector(freshdesk, {
  auth: { domain: 'conformance', api_key: FRESHDESK_API_KEY },
  settings: { baseUrl: upstream.origin },
  upstream,
  // Emily Garcia: the fixture stores her phone as "(555) 555-0123".
  contact: { externalId: '432', email: 'emily.garcia@example.com', phone: '+1 555-555-0123' },
  staleExternalId: '999',
  hostileAuth: { domain: 'evil.example#', api_key: FRESHDESK_API_KEY },
  actions: {
    // Emily (a synced contact) calls; Priya (a synced agent) takes it.
    create_ticket: {
      meta: { contact_external_id: '432', agent_external_id: '80000011' },
      data: { subject: 'Call about order #1042', description: 'Asked for a replacement lamp.' },
    },
  },
});
