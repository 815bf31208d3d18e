import { describeConnector } from '@talkbridge/testkit';
import { pipedrive } from './pipedrive-connector.js';
import { createFakePipedrive, JANE_ID, PIPEDRIVE_TOKEN } from './pipedrive-fake.js';

const upstream = createFakePipedrive();

describeConnector(pipedrive, {
  auth: { api_token: PIPEDRIVE_TOKEN, company_domain: 'acme' },
  settings: { baseUrl: upstream.origin },
  upstream,
  // Stored as "415-555-0132"; asked for in international spelling.
  contact: { externalId: String(JANE_ID), email: 'jane.doe@example.com', phone: '+1 (415) 555 0132' },
  staleExternalId: '999999',
  hostileAuth: { api_token: PIPEDRIVE_TOKEN, company_domain: 'evil.example#' },
});
