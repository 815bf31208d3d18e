import { createFakeUpstream, describeConnector } from '@talkbridge/testkit';
import { fakeZendeskHandlers, ZENDESK_TEST_AUTH, ZENDESK_TEST_ORIGIN } from './__fixtures__/fake-zendesk.js';
import { zendesk } from './zendesk-connector.js';

const upstream = createFakeUpstream(ZENDESK_TEST_ORIGIN, ...fakeZendeskHandlers(ZENDESK_TEST_ORIGIN));

describeConnector(zendesk, {
  auth: ZENDESK_TEST_AUTH,
  settings: { baseUrl: upstream.origin },
  upstream,
  // The fixture stores Jane's phone as +15555550100.
  contact: { externalId: '35436', email: 'jane@example.com', phone: '(555) 555-0100' },
  staleExternalId: '99999999',
  hostileAuth: { ...ZENDESK_TEST_AUTH, account: 'evil.example#' },
  actions: {
    // Jane (an end user of the fixtures), assigned to Alex (an agent).
    create_ticket: {
      meta: { contact_external_id: '35436', agent_external_id: '1901' },
      data: { subject: 'Missed call from Jane Doe', description: 'Jane called about her replacement.' },
    },
  },
});
