import { describeConnector } from '@talkbridge/testkit';
import { sandbox } from './sandbox-connector.js';

describeConnector(sandbox, {
  auth: { username: 'john.doe@example.com', password: '605b32dd' },
  contact: { externalId: '1', email: 'jane.doe@example.com', phone: '(555) 555-5555' },
  staleExternalId: 'merged-404',
  invalidAuth: { username: 'john.doe@example.com', password: 'not-the-password' },
  actions: {
    create_ticket: {
      meta: { contact_external_id: '2', agent_external_id: 'a1' },
      data: { subject: 'Printer on fire' },
    },
    log_call: {
      meta: { contact_external_id: '2' },
      data: { subject: 'Inbound call', description: '3 minutes' },
    },
    create_note: { data: { subject: 'Met at the fair', contact_email: 'joe@example.com' } },
  },
});
