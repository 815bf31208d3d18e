import { createFakeUpstream, describeConnector } from '@talkbridge/testkit';
import { hubspot } from './hubspot-connector.js';
import { fakeHubspot, HUBSPOT_TEST_TOKEN } from './hubspot-fake-service.js';

const origin = 'https://api.hubapi.test';
const upstream = createFakeUpstream(origin, fakeHubspot(origin));

describeConnector(hubspot, {
  auth: { access_token: HUBSPOT_TEST_TOKEN },
  settings: { baseUrl: origin },
  upstream,
  // Stored as "(617) 555-0142"; Talkdesk sends it in international format.
  contact: { externalId: '151', email: 'maria.garcia@example.com', phone: '+1 617-555-0142' },
  staleExternalId: '9999999',
});
