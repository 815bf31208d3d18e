import { describeConnector } from '@talkbridge/testkit';
import { createZohoFake, JANE, KRIS, PATRICIA, ZOHO_TOKEN } from './__fixtures__/fake-zoho-crm.js';
import { zohoCrm } from './zoho-crm-connector.js';

const upstream = createZohoFake();

describeConnector(zohoCrm, {
  // The EU data centre: the auth schema's own message names https://www.zohoapis.com as an example, which
  // the suite's no-secrets check would otherwise read as an echoed auth field.
  auth: { access_token: ZOHO_TOKEN, api_domain: 'https://www.zohoapis.eu' },
  settings: { baseUrl: upstream.origin },
  upstream,
  // The fixture stores `+1 (415) 555-0142`.
  contact: { externalId: JANE.id, email: 'jane.roe@zylker.example', phone: '415.555.0142' },
  staleExternalId: '3652397000009999999',
  hostileAuth: { access_token: ZOHO_TOKEN, api_domain: 'https://www.zohoapis.com.evil.example' },
  actions: {
    log_call: {
      meta: { contact_external_id: JANE.id, agent_external_id: PATRICIA.id },
      data: { subject: 'Talkdesk call', description: 'Asked about the renewal.', duration: '185' },
    },
    create_note: {
      meta: { contact_external_id: KRIS.id },
      data: { subject: 'Call summary', body: 'Wants a demo next week.' },
    },
  },
});
