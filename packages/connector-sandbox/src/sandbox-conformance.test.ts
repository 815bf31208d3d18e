import { describeConnector } from '@talkbridge/testkit';
import { sandbox } from './sandbox-connector.js';

describeConnector(sandbox, {
  auth: { username: 'john.doe@example.com', password: '605b32dd' },
  contact: { externalId: '1', email: 'jane.doe@example.com', phone: '(555) 555-5555' },
  staleExternalId: 'merged-404',
  invalidAuth: { username: 'john.doe@example.com', password: 'not-the-password' },
});
