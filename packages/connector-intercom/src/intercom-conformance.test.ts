import { describeConnector } from '@talkbridge/testkit';
import { CONTACT_EMAIL, CONTACT_ID, fakeIntercom, INTERCOM_TOKEN } from './__fixtures__/fake-intercom.js';
import { intercom } from './intercom-connector.js';

const upstream = fakeIntercom('https://api.intercom.test');

// No hostileAuth: the origin is one of three fixed regional hosts picked by an enum, so no auth value can
// point the connector anywhere else (an unknown region fails the auth schema; see intercom-connector.test).
describeConnector(intercom, {
  auth: { access_token: INTERCOM_TOKEN, region: 'us' },
  settings: { baseUrl: upstream.origin },
  upstream,
  // The fixture stores "+1 (415) 555-0132".
  contact: { externalId: CONTACT_ID, email: CONTACT_EMAIL, phone: '415.555.0132' },
  staleExternalId: '5ba682d23d7cf92bef87bfd4',
});
