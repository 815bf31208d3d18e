// A small shop schema with two tenants, used by every test of this package against a real PostgreSQL.
import type { PostgresSettingsInput } from '../postgres-context.js';

export const SHOP_SCHEMA_SQL = `
CREATE TABLE tenants (key text PRIMARY KEY);
CREATE TABLE customers (
  id integer PRIMARY KEY,
  tenant text NOT NULL REFERENCES tenants(key),
  name text NOT NULL,
  email text,
  phone text,
  updated_at timestamptz NOT NULL
);
CREATE TABLE orders (
  id text PRIMARY KEY,
  tenant text NOT NULL,
  customer_id integer NOT NULL REFERENCES customers(id),
  title text NOT NULL,
  notes text,
  placed_at timestamptz NOT NULL,
  state text NOT NULL,
  rush boolean NOT NULL DEFAULT false
);
CREATE TABLE deliveries (
  id text PRIMARY KEY,
  customer_id integer NOT NULL REFERENCES customers(id),
  subject text NOT NULL,
  date timestamptz NOT NULL,
  status text
);
CREATE TABLE call_notes (
  id serial PRIMARY KEY,
  tenant text NOT NULL,
  customer_id integer NOT NULL REFERENCES customers(id),
  body text NOT NULL
);

INSERT INTO tenants VALUES ('acme-7f3c21'), ('globex-91d0aa');
INSERT INTO customers VALUES
  (35436, 'acme-7f3c21', 'Jane Doe', 'Jane@Example.com', '+15555550100', '2026-03-01 10:00:00.123456+00'),
  (35437, 'acme-7f3c21', 'Seán O''Brien', 'o''brien@example.com', '+447700900123', '2026-03-01 10:00:00.123456+00'),
  (35438, 'acme-7f3c21', 'Zoë Ünicode', 'zoe@example.com', NULL, '2026-03-02 08:00:00+00'),
  (90001, 'globex-91d0aa', 'Jane Doe (Globex)', 'jane@example.com', '+15555550100', '2026-03-01 09:00:00+00');
INSERT INTO orders VALUES
  ('A-1001', 'acme-7f3c21', 35436, 'Order A-1001: 2 chairs', 'Paid by card', '2026-02-10 09:30:00+00', 'shipped', false),
  ('A-1002', 'acme-7f3c21', 35436, 'Order A-1002: a lamp', NULL, '2026-02-20 14:00:00+00', 'placed', true),
  ('A-1003', 'acme-7f3c21', 35437, '''; DROP TABLE orders; --', 'It''s "quoted" \\ and ; semicolons', '2026-01-05 08:00:00+00', 'delivered', false),
  ('A-1004', 'acme-7f3c21', 35438, 'Zoë 🚚 配送', NULL, '2026-01-06 08:00:00+00', 'on hold', false),
  ('G-1', 'globex-91d0aa', 90001, 'Globex order for Jane', NULL, '2026-02-25 10:00:00+00', 'placed', false);
INSERT INTO deliveries VALUES
  ('D-77', 35436, 'Delivery of A-1001', '2026-02-12 16:00:00+00', 'open');
`;

export const TEST_URL_ENV = 'TALKBRIDGE_TEST_SHOP_DATABASE_URL';
export const ACME_AUTH = { customer_key: 'acme-7f3c21' };
export const GLOBEX_AUTH = { customer_key: 'globex-91d0aa' };

/** The shop integration: tenant-filtered lookups, orders and deliveries, contact sync, one action. */
export function shopOptions(overrides: Partial<PostgresSettingsInput> = {}): PostgresSettingsInput {
  return {
    connectionStringEnv: TEST_URL_ENV,
    displayName: 'Shop orders',
    poolSize: 3,
    auth: { customer_key: { title: 'Customer key', description: 'Your key in the shop database' } },
    authQuery: 'SELECT 1 FROM tenants WHERE key = :customer_key',
    contacts: {
      byExternalId: 'SELECT id FROM customers WHERE id = :external_id AND tenant = :customer_key',
      byEmails: 'SELECT id FROM customers WHERE lower(email) = ANY(:emails) AND tenant = :customer_key',
      byPhones: 'SELECT id FROM customers WHERE phone = ANY(:phones) AND tenant = :customer_key',
    },
    interactions: {
      order: {
        sql: `SELECT id, title, notes AS description, placed_at, state,
                     CASE WHEN rush THEN 'urgent' END AS priority,
                     'https://shop.example.com/orders/' || id AS url
                FROM orders
               WHERE customer_id::text = ANY(:contact_ids) AND tenant = :customer_key
               ORDER BY placed_at DESC`,
        columns: { subject: 'title', date: 'placed_at', status: 'state' },
        statusMap: { placed: 'new', shipped: 'pending', delivered: 'solved', cancelled: 'closed' },
      },
      delivery: {
        // Answers under Talkdesk's own names; ':' in the text and '::' casts are not parameters.
        sql: `SELECT d.id, d.subject || ' (ETA: ' || to_char(d.date, 'HH24:MI') || ')' AS subject, d.date, d.status
                FROM deliveries d JOIN customers c ON c.id = d.customer_id
               WHERE d.customer_id::text = ANY(:contact_ids) AND c.tenant = :customer_key
               ORDER BY d.date DESC;`,
      },
    },
    sync: {
      sql: `SELECT id, name, email AS emails, phone AS phones, updated_at
              FROM customers
             WHERE tenant = :customer_key
               AND (:updated_since::timestamptz IS NULL OR updated_at >= :updated_since::timestamptz)
               AND (:after_updated_at::timestamptz IS NULL
                    OR (updated_at, id::text) > (:after_updated_at::timestamptz, :after_id::text))
             ORDER BY updated_at, id::text`,
    },
    actions: {
      log_call: {
        display: 'log the call',
        description: 'add a call note to the customer in the shop database',
        inputs: [{ key: 'note', name: 'Note', mandatory: true }],
        sql: `INSERT INTO call_notes (tenant, customer_id, body)
              VALUES (:customer_key, :contact_external_id::integer, :note)
              RETURNING id`,
        message: 'Call logged',
      },
    },
    ...overrides,
  };
}
