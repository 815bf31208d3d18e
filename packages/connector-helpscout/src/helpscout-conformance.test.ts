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
});
