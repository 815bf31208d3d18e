import { createFakeUpstream, describeConnector } from '@talkbridge/testkit';
import { fakeHubspot, HUBSPOT_TEST_TOKEN } from './__fixtures__/fake-hubspot.js';
import { hubspot } from './hubspot-connector.js';

const origin = 'https://api.hubapi.test';
const upstream = createFakeUpstream(origin, fakeHubspot(origin));

describeConnector(hubspot, {
  auth: { access_token: HUBSPOT_TEST_TOKEN },
  settings: { baseUrl: origin },
  upstream,
  // Stored as "(617) 555-0142"; Talkdesk sends it in international format.
  contact: { externalId: '151', email: 'maria.garcia@example.com', phone: '+1 617-555-0142' },
  staleExternalId: '9999999',
  actions: {
    // Contact 151 and owner 41629779 are in the fixtures.
    log_call: {
      meta: { contact_external_id: '151', agent_external_id: '41629779' },
      data: {
        subject: 'Inbound call from Talkdesk',
        description: 'Asked about the corrected invoice.',
        direction: 'inbound',
        duration: '95',
      },
    },
    create_note: {
      meta: { contact_external_id: '151', agent_external_id: '41629779' },
      data: { subject: 'Call missed in Talkdesk', description: 'Maria called while the team was away.' },
    },
  },
});
