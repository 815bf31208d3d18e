import { describeConnector } from '@talkbridge/testkit';
import { zohoCrm } from './zoho-crm-connector.js';
import { createZohoFake, JANE, ZOHO_TOKEN } from './zoho-crm-fake-upstream.js';

const upstream = createZohoFake();

describeConnector(zohoCrm, {
  auth: { access_token: ZOHO_TOKEN, api_domain: 'https://www.zohoapis.com' },
  settings: { baseUrl: upstream.origin },
  upstream,
  // The fixture stores `+1 (415) 555-0142`.
  contact: { externalId: JANE.id, email: 'jane.roe@zylker.example', phone: '415.555.0142' },
  staleExternalId: '3652397000009999999',
  hostileAuth: { access_token: ZOHO_TOKEN, api_domain: 'https://www.zohoapis.com.evil.example' },
});
