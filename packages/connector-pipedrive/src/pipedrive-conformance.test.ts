import { describeConnector } from '@talkbridge/testkit';
import { createFakePipedrive, JANE_ID, PIPEDRIVE_TOKEN } from './__fixtures__/fake-pipedrive.js';
import { pipedrive } from './pipedrive-connector.js';

const upstream = createFakePipedrive();

describeConnector(pipedrive, {
  auth: { api_token: PIPEDRIVE_TOKEN, company_domain: 'acme' },
  settings: { baseUrl: upstream.origin },
  upstream,
  // Stored as "415-555-0132"; asked for in international spelling.
  contact: { externalId: String(JANE_ID), email: 'jane.doe@example.com', phone: '+1 (415) 555 0132' },
  staleExternalId: '999999',
  hostileAuth: { api_token: PIPEDRIVE_TOKEN, company_domain: 'evil.example#' },
  actions: {
    log_call: {
      meta: { contact_external_id: String(JANE_ID), agent_external_id: '7' },
      data: { subject: 'Call with Jane', description: 'Talked about the renewal.', duration: '125' },
    },
    create_note: {
      meta: { contact_external_id: String(JANE_ID) },
      data: { subject: 'Wants a quote', description: 'For 40 seats.' },
    },
  },
});
