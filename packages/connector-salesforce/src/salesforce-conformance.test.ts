import { describeConnector } from '@talkbridge/testkit';
import {
  createFakeSalesforce,
  FAKE_ACCESS_TOKEN,
  JANE_CONTACT_ID,
  LEE_LEAD_ID,
  PRIYA_USER_ID,
  STALE_CONTACT_ID,
} from './__fixtures__/fake-salesforce.js';
import { salesforce } from './salesforce-connector.js';

const fake = createFakeSalesforce();

describeConnector(salesforce, {
  auth: { access_token: FAKE_ACCESS_TOKEN, instance_url: fake.origin },
  settings: { baseUrl: fake.upstream.origin },
  upstream: fake.upstream,
  // Stored as "(415) 555-0132".
  contact: { externalId: JANE_CONTACT_ID, email: 'jane@example.com', phone: '+1 415-555-0132' },
  staleExternalId: STALE_CONTACT_ID,
  hostileAuth: { access_token: FAKE_ACCESS_TOKEN, instance_url: 'https://salesforce.com.evil.example' },
  actions: {
    log_call: {
      meta: { contact_external_id: JANE_CONTACT_ID, agent_external_id: PRIYA_USER_ID },
      data: {
        subject: 'Inbound call',
        description: 'Asked about the replacement lamp.',
        duration: '184',
        direction: 'inbound',
      },
    },
    create_note: {
      meta: { contact_external_id: LEE_LEAD_ID },
      data: { subject: 'Call summary', body: 'Wants a quote for 40 units.\nCall back on Friday.' },
    },
  },
});
