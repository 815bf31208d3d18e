// The PostgreSQL connector through the real gateway on a real port, configured by a config file, against a
// throwaway PostgreSQL cluster (our own code runs for real: no fake database).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  integrationConfigurationSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { startTestPostgres, type TestPostgres } from '@talkbridge/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { loadGatewayConfigFile } from '../src/gateway-config.js';
import { createGatewayLogger } from '../src/logger.js';
import { type RunningGateway, serveGateway } from '../src/server.js';

const URL_ENV = 'TALKBRIDGE_E2E_ORDERS_DATABASE_URL';
const SCHEMA = `
CREATE TABLE customers (id integer PRIMARY KEY, account text NOT NULL, email text, phone text);
CREATE TABLE orders (
  id text PRIMARY KEY, account text NOT NULL, customer_id integer NOT NULL REFERENCES customers(id),
  title text NOT NULL, placed_at timestamptz NOT NULL, state text NOT NULL
);
INSERT INTO customers VALUES (1, 'acme', 'jane@example.com', '+15555550100'), (2, 'globex', 'jane@example.com', NULL);
INSERT INTO orders VALUES
  ('A-1', 'acme', 1, 'Two chairs', '2026-02-10 09:30:00+00', 'shipped'),
  ('A-2', 'acme', 1, 'A lamp', '2026-02-20 14:00:00+00', 'placed'),
  ('G-1', 'globex', 2, 'Globex order', '2026-02-25 10:00:00+00', 'placed');
`;

const ordersOptions = (orderSql: string) => ({
  connectionStringEnv: URL_ENV,
  displayName: 'Orders',
  auth: { account_key: { title: 'Account key' } },
  contacts: {
    byExternalId: 'SELECT id FROM customers WHERE id::text = :external_id AND account = :account_key',
    byEmails: 'SELECT id FROM customers WHERE lower(email) = ANY(:emails) AND account = :account_key',
    byPhones: 'SELECT id FROM customers WHERE phone = ANY(:phones) AND account = :account_key',
  },
  interactions: {
    order: {
      sql: orderSql,
      statusMap: { placed: 'new', shipped: 'pending' },
    },
  },
});
const ORDERS_SQL = `SELECT id, title AS subject, placed_at AS date, state AS status
                      FROM orders
                     WHERE customer_id::text = ANY(:contact_ids) AND account = :account_key
                     ORDER BY placed_at DESC`;

let database: TestPostgres;
let gateway: RunningGateway;
const printed: string[] = [];
const directory = mkdtempSync(join(tmpdir(), 'talkbridge-e2e-postgres-'));

function logger() {
  return createGatewayLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        printed.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    }),
  });
}

function writeConfig(name: string, integrations: Record<string, unknown>): string {
  const path = join(directory, name);
  // Configuration endpoints come from publicUrl; inbound tokens are another test's subject.
  writeFileSync(
    path,
    JSON.stringify({
      publicUrl: 'https://bridge.example.com',
      inboundAuth: { required: false },
      integrations,
    }),
  );
  return path;
}

beforeAll(async () => {
  database = await startTestPostgres();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(SCHEMA);
  await client.end();
  process.env[URL_ENV] = database.url;
  const configPath = writeConfig('gateway.json', {
    orders: { connector: 'postgres', options: ordersOptions(ORDERS_SQL) },
    'orders-slow': {
      connector: 'postgres',
      deadlineMs: 500,
      options: ordersOptions(`SELECT id, title AS subject, placed_at AS date FROM orders, pg_sleep(30)
                               WHERE customer_id::text = ANY(:contact_ids)`),
    },
    sandbox: { connector: 'sandbox' },
  });
  gateway = await serveGateway({
    config: loadGatewayConfigFile(configPath, bundledConnectors),
    logger: logger(),
  });
}, 300_000);

afterAll(async () => {
  await gateway?.close();
  await database?.dispose();
}, 60_000);

const retrieve = (integration: string, body: unknown) =>
  fetch(`${gateway.url}/integrations/${integration}/interaction_retrieval`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('e2e: the postgres connector through the gateway', () => {
  it('answers the tenant’s orders in Talkdesk’s format', async () => {
    const response = await retrieve('orders', {
      auth: { account_key: 'acme' },
      data: { contact_external_id: 'stale', contact_emails: ['Jane@Example.com'] },
    });
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer).toEqual([
      {
        id: 'A-2',
        subject: 'A lamp',
        date: '2026-02-20 14:00:00 UTC',
        type: 'order',
        priority: 'normal',
        status: 'new',
      },
      {
        id: 'A-1',
        subject: 'Two chairs',
        date: '2026-02-10 09:30:00 UTC',
        type: 'order',
        priority: 'normal',
        status: 'pending',
      },
    ]);
  });

  it('registers its declared auth field with Talkdesk', async () => {
    const configuration = integrationConfigurationSchema.parse(
      await (await fetch(`${gateway.url}/integrations/orders/configuration`)).json(),
    );
    expect(configuration).toMatchObject({
      display_name: 'Orders',
      authentication_type: 'custom',
      authentication_configuration: [{ account_key: { display: 'Account key', mandatory: true } }],
      interaction_types: ['order'],
    });
  });

  it('cuts a slow query at the integration’s deadline with a 504', async () => {
    const response = await retrieve('orders-slow', {
      auth: { account_key: 'acme' },
      data: { contact_external_id: '1' },
    });
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('deadline_exceeded');
  });

  it('answers a clean 502 while the database is stopped, and recovers when it is back', async () => {
    const request = { auth: { account_key: 'acme' }, data: { contact_phones: ['(555) 555-0100'] } };
    await database.stop();
    const down = await retrieve('orders', request);
    expect(down.status).toBe(502);
    const body = (await down.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('upstream_unavailable');
    expect(JSON.stringify(body)).not.toMatch(/customers|orders|SELECT|5555550100|127\.0\.0\.1/);
    await database.start();
    const back = await retrieve('orders', request);
    expect(back.status).toBe(200);
    expect(((await back.json()) as unknown[]).length).toBe(2);
    // The operator's log has the database failure; no stack, no connection string.
    const logged = printed.join('\n');
    expect(logged).toContain('postgres query failed');
    expect(logged).not.toContain(database.url);
    expect(logged).not.toMatch(/\\n\s+at /);
  });

  it('refuses to start with a query that does not return the columns it must, naming integration and step', async () => {
    const configPath = writeConfig('wrong.json', {
      'orders-wrong': {
        connector: 'postgres',
        options: ordersOptions('SELECT id, title FROM orders WHERE customer_id::text = ANY(:contact_ids)'),
      },
    });
    await expect(
      serveGateway({ config: loadGatewayConfigFile(configPath, bundledConnectors), logger: logger() }),
    ).rejects.toThrow(
      'PostgreSQL integration "orders-wrong" has queries that do not fit its database:\n  interactions.order.sql: the query does not return "subject", "date" (it returns id, title)',
    );
  });

  it('refuses a config whose connection variable is not set, naming the option', () => {
    const configPath = writeConfig('unset.json', {
      orders: {
        connector: 'postgres',
        options: { ...ordersOptions(ORDERS_SQL), connectionStringEnv: 'TALKBRIDGE_E2E_UNSET_URL' },
      },
    });
    expect(() => loadGatewayConfigFile(configPath, bundledConnectors)).toThrow(
      /integrations\.orders\.options: connectionStringEnv: the environment variable TALKBRIDGE_E2E_UNSET_URL is not set/,
    );
  });
});
