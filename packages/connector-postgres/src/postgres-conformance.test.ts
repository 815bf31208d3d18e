// The shared conformance suite, against a real PostgreSQL holding the shop fixtures.
import { describeConnector } from '@talkbridge/testkit';
import { afterAll, inject } from 'vitest';
import { ACME_AUTH, shopOptions, TEST_URL_ENV } from './__fixtures__/shop-database.js';
import { createPostgresConnector } from './postgres-connector.js';

process.env[TEST_URL_ENV] = inject('shopDatabaseUrl');
const settings = shopOptions();
const connector = createPostgresConnector(settings, { id: 'shop-conformance' });
afterAll(() => connector.close?.(connector.settingsSchema.parse(settings)));

describeConnector(connector, {
  auth: ACME_AUTH,
  settings: settings as unknown as Record<string, unknown>,
  // Jane's phone is stored as +15555550100.
  contact: { externalId: '35436', email: 'jane@example.com', phone: '(555) 555-0100' },
  staleExternalId: '99999999',
  invalidAuth: { customer_key: 'no-such-tenant-key' },
  actions: {
    log_call: { meta: { contact_external_id: '35436' }, data: { note: 'Called about order A-1002' } },
  },
});
