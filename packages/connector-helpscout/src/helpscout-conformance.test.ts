import { describeConnector } from '@talkbridge/testkit';
import { createFakeHelpScout, HELPSCOUT_TOKEN } from './__fixtures__/fake-helpscout.js';
import { helpscout } from './helpscout-connector.js';

const upstream = createFakeHelpScout();

describeConnector(helpscout, {
  auth: { access_token: HELPSCOUT_TOKEN },
  settings: { baseUrl: upstream.origin },
  upstream,
  // The fixture stores the phone as "(555) 555-0142".
  contact: { externalId: '238604', email: 'jane.roe@example.com', phone: '+1 555.555.0142' },
  staleExternalId: '999999',
  actions: {
    // Jane's call, logged by Kim (a Help Scout user), in the Support inbox: one POST, nothing else.
    create_ticket: {
      meta: { contact_external_id: '238604', agent_external_id: '7' },
      data: {
        subject: 'Call from Jane Roe',
        description: 'Asked for a replacement mug.',
        mailbox_id: '85',
      },
    },
  },
});
