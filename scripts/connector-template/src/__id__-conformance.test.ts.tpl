// The shared conformance suite: the behaviour every connector owes Talkdesk, against the fake account.
import { describeConnector } from '@talkbridge/testkit';
import { __CONST___API_TOKEN, createFake__Name__ } from './__fixtures__/fake-__id__.js';
import { __name__ } from './__id__-connector.js';

const upstream = createFake__Name__('https://conformance.__id__.example.com');

describeConnector(__name__, {
  auth: { subdomain: 'conformance', api_token: __CONST___API_TOKEN },
  settings: { baseUrl: upstream.origin },
  upstream,
  // Jane Doe: the fixture stores her phone as +15555550123.
  contact: { externalId: '1001', email: 'jane.doe@example.com', phone: '+1 (555) 555-0123' },
  staleExternalId: '9999',
  hostileAuth: { subdomain: 'evil.example#', api_token: __CONST___API_TOKEN },
});
