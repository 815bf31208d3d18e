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
});
