import { describeConnector } from '@talkbridge/testkit';
import {
  ADMIN_IDS,
  CONTACT_EMAIL,
  CONTACT_ID,
  fakeIntercom,
  INTERCOM_TOKEN,
  TICKET_TYPE_ID,
} from './__fixtures__/fake-intercom.js';
import { intercom } from './intercom-connector.js';

const upstream = fakeIntercom('https://api.intercom.test');

// No hostileAuth: the origin is one of three fixed regional hosts picked by an enum, so no auth value can
// point the connector anywhere else (an unknown region fails the auth schema; see intercom-connector.test).
describeConnector(intercom, {
  auth: { access_token: INTERCOM_TOKEN, region: 'us' },
  settings: { baseUrl: upstream.origin, ticketTypeId: TICKET_TYPE_ID },
  upstream,
  // The fixture stores "+1 (415) 555-0132".
  contact: { externalId: CONTACT_ID, email: CONTACT_EMAIL, phone: '415.555.0132' },
  staleExternalId: '5ba682d23d7cf92bef87bfd4',
  actions: {
    create_ticket: {
      meta: { contact_external_id: CONTACT_ID, agent_external_id: ADMIN_IDS[0] },
      data: { subject: 'Missed call from Joe Bloggs', description: 'Called about an invoice.' },
    },
  },
});
