// The connector against a real PostgreSQL holding the shop fixtures (see __fixtures__/shop-database.ts).
import {
  buildIntegrationConfiguration,
  executeAction,
  type RetrieveInteractionsOptions,
  retrieveInteractions,
  synchronizeContacts,
} from '@talkbridge/core';
import { bridgeErrorOf, createCaptureLogger, offsetWithCursor } from '@talkbridge/testkit';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ACME_AUTH, GLOBEX_AUTH, shopOptions, TEST_URL_ENV } from './__fixtures__/shop-database.js';
import { createPostgresConnector, postgres, postgresPoolStats } from './index.js';
import type { PostgresSettingsInput } from './postgres-context.js';

const databaseUrl = inject('shopDatabaseUrl');
process.env[TEST_URL_ENV] = databaseUrl;

const opened: { close?: (settings: never) => Promise<void> }[] = [];
afterAll(async () => {
  for (const connector of opened) await connector.close?.({} as never);
});

function shopConnector(options: PostgresSettingsInput = shopOptions(), id = 'shop') {
  const connector = createPostgresConnector(options, { id });
  opened.push(connector);
  return connector;
}

const shop = shopConnector();
const log = createCaptureLogger();

function retrieve(
  data: Record<string, unknown>,
  options: {
    auth?: Record<string, unknown>;
    types?: string[];
    connector?: typeof shop;
  } & RetrieveInteractionsOptions = {},
) {
  const { auth = ACME_AUTH, types, connector = shop, ...pipeline } = options;
  return retrieveInteractions(
    connector,
    { auth, ...(types ? { meta: { interaction_types: types } } : {}), data },
    { settings: shopOptions(), log, deadlineMs: 5_000, ...pipeline },
  );
}

const ids = (answer: { id: string }[]) => answer.map((item) => item.id);

async function sqlQuery(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('postgres connector: retrieval', () => {
  it('answers orders and deliveries in Talkdesk’s shape, mapped through the columns and value tables', async () => {
    const answer = await retrieve({ contact_external_id: '35436' });
    expect(answer).toEqual([
      {
        id: 'A-1002',
        subject: 'Order A-1002: a lamp',
        date: '2026-02-20 14:00:00 UTC',
        url: 'https://shop.example.com/orders/A-1002',
        type: 'order',
        priority: 'urgent',
        status: 'new',
      },
      {
        id: 'D-77',
        subject: 'Delivery of A-1001 (ETA: 16:00)',
        date: '2026-02-12 16:00:00 UTC',
        type: 'delivery',
        priority: 'normal',
        status: 'open',
      },
      {
        id: 'A-1001',
        subject: 'Order A-1001: 2 chairs',
        description: 'Paid by card',
        date: '2026-02-10 09:30:00 UTC',
        url: 'https://shop.example.com/orders/A-1001',
        type: 'order',
        priority: 'normal',
        status: 'pending',
      },
    ]);
  });

  it('finds the contact by emails (any case) and by phones in any format', async () => {
    expect(ids(await retrieve({ contact_emails: ['JANE@example.COM'] }))).toEqual([
      'A-1002',
      'D-77',
      'A-1001',
    ]);
    expect(ids(await retrieve({ contact_phones: ['+1 (555) 555-0100'] }))).toEqual([
      'A-1002',
      'D-77',
      'A-1001',
    ]);
  });

  it('falls back to the emails when the external id is stale or not even a number', async () => {
    for (const externalId of ['99999999', "1' OR '1'='1"]) {
      expect(
        ids(await retrieve({ contact_external_id: externalId, contact_emails: ['jane@example.com'] })),
      ).toEqual(['A-1002', 'D-77', 'A-1001']);
    }
    // The refused integer was the input's fault, not an operator problem: no error line.
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('keeps hostile values inert: quotes, a DROP TABLE and unicode travel as values both ways', async () => {
    expect(ids(await retrieve({ contact_emails: ["o'brien@example.com"] }))).toEqual(['A-1003']);
    const [order] = await retrieve({ contact_emails: ["o'brien@example.com"] });
    expect(order).toMatchObject({
      subject: "'; DROP TABLE orders; --",
      description: 'It\'s "quoted" \\ and ; semicolons',
      status: 'solved',
    });
    const [unicode] = await retrieve({ contact_emails: ['zoe@example.com'] });
    // An unknown native status falls back to the type's default, logged once.
    expect(unicode).toMatchObject({ subject: 'Zoë 🚚 配送', status: 'open' });
    for (const hostile of [
      "'; DROP TABLE orders; --",
      "x'); DELETE FROM customers; --",
      'Zoë 🚚 配送 \u0000?',
    ]) {
      expect(
        await retrieve({
          contact_external_id: hostile,
          contact_emails: [hostile],
          contact_phones: [hostile],
        }),
      ).toEqual([]);
      expect(
        await retrieve({ contact_external_id: '35436' }, { auth: { customer_key: hostile } }).catch(
          (e) => e.code,
        ),
      ).toBe('invalid_credentials');
    }
    expect(await sqlQuery('SELECT count(*)::int AS n FROM orders')).toEqual([{ n: 5 }]);
  });

  it('filters rows by the tenant’s auth field: the same email is another customer for another tenant', async () => {
    expect(ids(await retrieve({ contact_emails: ['jane@example.com'] }, { auth: GLOBEX_AUTH }))).toEqual([
      'G-1',
    ]);
    // Acme's customer id is not Globex's, even when asked for directly.
    expect(await retrieve({ contact_external_id: '35436' }, { auth: GLOBEX_AUTH })).toEqual([]);
  });

  it('refuses a request without the declared auth field before any query', async () => {
    const error = await bridgeErrorOf(retrieve({ contact_external_id: '35436' }, { auth: {} }));
    expect(error.code).toBe('invalid_request');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['auth.customer_key']);
  });

  it('returns only the requested types and caps rows at the answer’s limit', async () => {
    expect(ids(await retrieve({ contact_external_id: '35436' }, { types: ['delivery', 'nope'] }))).toEqual([
      'D-77',
    ]);
    expect(ids(await retrieve({ contact_external_id: '35436' }, { types: ['order'], limit: 1 }))).toEqual([
      'A-1002',
    ]);
  });

  it('reads in a READ ONLY transaction: a query that writes is refused by the database', async () => {
    const writer = shopConnector(
      shopOptions({
        interactions: {
          // Describes fine (the check does not run it); running it in a read-only transaction fails:
          // advancing a sequence is a write.
          order: {
            sql: `SELECT id, title AS subject, placed_at AS date, nextval('call_notes_id_seq') AS n
                    FROM orders WHERE customer_id::text = ANY(:contact_ids)`,
          },
        },
      }),
      'shop-writer',
    );
    const writerLog = createCaptureLogger();
    const error = await bridgeErrorOf(
      retrieve({ contact_external_id: '35436' }, { connector: writer, log: writerLog }),
    );
    expect(error.code).toBe('upstream_unavailable');
    // The caller's message names the step, never SQL, tables or values; the operator's log has the rest.
    expect(error.message).not.toMatch(/orders|nextval|call_notes|SELECT|35436|acme/i);
    expect(writerLog.lines.find((line) => line.level === 'error')?.fields).toMatchObject({
      integration_id: 'shop-writer',
      step: 'interactions.order.sql',
      code: '25006',
    });
    expect(await sqlQuery('SELECT count(*)::int AS n FROM orders')).toEqual([{ n: 5 }]);
  });

  it('cuts a slow query at the deadline (deadline_exceeded) and serves the next request', async () => {
    const slow = shopConnector(
      shopOptions({
        interactions: {
          order: {
            sql: `SELECT id, title AS subject, placed_at AS date
                    FROM orders, pg_sleep(30)
                   WHERE customer_id::text = ANY(:contact_ids)`,
          },
        },
      }),
      'shop-slow',
    );
    // Checked first (describing never runs the sleep), so only the retrieval meets the deadline.
    await slow.prepare?.({} as never, log);
    const error = await bridgeErrorOf(
      retrieve({ contact_external_id: '35436' }, { connector: slow, deadlineMs: 400 }),
    );
    expect(error.code).toBe('deadline_exceeded');
    // The server side was cancelled too (statement_timeout), so no sleeping query holds a connection.
    const sleeping = await sqlQuery(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()",
    );
    expect(sleeping).toEqual([{ n: 0 }]);
    expect(ids(await retrieve({ contact_external_id: '35436' }, { types: ['delivery'] }))).toEqual(['D-77']);
  });

  it('reports the pool figures of each integration', async () => {
    await retrieve({ contact_external_id: '35436' });
    const stats = postgresPoolStats().shop;
    expect(stats?.total).toBeGreaterThanOrEqual(1);
    expect(stats?.total).toBeLessThanOrEqual(3);
    expect(stats?.waiting).toBe(0);
  });
});

describe('postgres connector: checked at start', () => {
  it('rejects a query that does not return the columns it must, naming the integration and step', async () => {
    const wrong = shopConnector(
      shopOptions({
        interactions: {
          order: {
            sql: 'SELECT id, title, placed_at FROM orders WHERE customer_id::text = ANY(:contact_ids)',
          },
        },
        contacts: { byEmails: 'SELECT name FROM customers WHERE email = ANY(:emails)' },
      }),
      'shop-wrong',
    );
    await expect(wrong.prepare?.({} as never, log)).rejects.toThrow(
      [
        'PostgreSQL integration "shop-wrong" has queries that do not fit its database:',
        '  contacts.byEmails: the query does not return "id" (it returns name)',
        '  interactions.order.sql: the query does not return "subject", "date" (it returns id, title, placed_at)',
      ].join('\n'),
    );
    // A request never runs a wrong query either: a clean 502 for the caller.
    const error = await bridgeErrorOf(
      retrieve({ contact_emails: ['jane@example.com'] }, { connector: wrong }),
    );
    expect(error.code).toBe('upstream_invalid_response');
  });

  it('rejects a query the database cannot parse, and one on a table that does not exist', async () => {
    const broken = shopConnector(
      shopOptions({
        interactions: {
          order: { sql: 'SELECT id, subject, date FROM no_such_table WHERE id = ANY(:contact_ids)' },
        },
      }),
      'shop-broken',
    );
    await expect(broken.prepare?.({} as never, log)).rejects.toThrow(
      /"shop-broken"[\s\S]*interactions\.order\.sql: the database refused the query: relation "no_such_table" does not exist/,
    );
  });

  it('starts when the database is down, and answers upstream_unavailable until it is reachable', async () => {
    process.env.TALKBRIDGE_TEST_CLOSED_PORT_URL = 'postgres://postgres@127.0.0.1:1/postgres';
    const down = shopConnector(
      shopOptions({ connectionStringEnv: 'TALKBRIDGE_TEST_CLOSED_PORT_URL', connectTimeoutMs: 500 }),
      'shop-down',
    );
    const startLog = createCaptureLogger();
    await expect(down.prepare?.({} as never, startLog)).resolves.toBeUndefined();
    expect(startLog.lines.map((line) => line.message)).toContain(
      'postgres database not reachable at start: its queries are checked on first use',
    );
    const error = await bridgeErrorOf(retrieve({ contact_external_id: '35436' }, { connector: down }));
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toBe('The database is not reachable right now');
    await expect(down.checkReadiness?.({} as never, AbortSignal.timeout(2_000))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    await expect(shop.checkReadiness?.({} as never, AbortSignal.timeout(2_000))).resolves.toBeUndefined();
  });

  it('fails to set up when the connection string’s environment variable is not set', () => {
    expect(() =>
      createPostgresConnector(shopOptions({ connectionStringEnv: 'TALKBRIDGE_TEST_UNSET_VARIABLE' })),
    ).toThrow('the environment variable TALKBRIDGE_TEST_UNSET_VARIABLE is not set');
  });
});

describe('postgres connector: configuration, sync and actions', () => {
  const target = { integrationId: 'shop', publicUrl: 'https://bridge.example.com' };

  it('registers the declared auth fields, or authentication_type none without any', () => {
    expect(buildIntegrationConfiguration(shop, target)).toMatchObject({
      display_name: 'Shop orders',
      authentication_type: 'custom',
      authentication_configuration: [
        { customer_key: { display: 'Customer key', help: 'Your key in the shop database', mandatory: true } },
      ],
      interaction_types: ['order', 'delivery'],
    });
    const open = shopConnector(
      shopOptions({
        auth: {},
        authQuery: undefined,
        contacts: { byEmails: 'SELECT id FROM customers WHERE lower(email) = ANY(:emails)' },
        interactions: {
          order: {
            sql: 'SELECT id, title AS subject, placed_at AS date FROM orders WHERE customer_id::text = ANY(:contact_ids)',
          },
        },
        sync: undefined,
        actions: {},
      }),
      'shop-open',
    );
    const configuration = buildIntegrationConfiguration(open, target);
    expect(configuration.authentication_type).toBe('none');
    expect(configuration).not.toHaveProperty('authentication_configuration');
    expect(configuration).not.toHaveProperty('auth_validation_endpoint');
  });

  it('pages contacts by keyset without losing or repeating rows that share an update time', async () => {
    const seen: string[] = [];
    let offset: string | undefined;
    do {
      const page = await synchronizeContacts(
        shop,
        { auth: ACME_AUTH, meta: offset ? { offset } : {} },
        { settings: shopOptions(), pageSize: 1, log },
      );
      seen.push(...page.contacts.map((contact) => contact.id));
      if (page.contacts[0]?.id === '35437') {
        expect(page.contacts[0]).toMatchObject({
          name: "Seán O'Brien",
          emails: ["o'brien@example.com"],
          phones: ['+447700900123'],
        });
      }
      offset = page.next_offset;
    } while (offset && seen.length < 10);
    // 35436 and 35437 share an update time to the microsecond; Globex's customer is not Acme's.
    expect(seen).toEqual(['35436', '35437', '35438']);
  });

  it('refuses an offset whose cursor is not a row position it issued, before any query runs', async () => {
    for (const cursor of [
      { updatedAt: "2024-01-01'; DROP TABLE customers;--", id: '1' },
      { updatedAt: '2024-01-01 10:00:00+00', id: '' },
      ['2024-01-01 10:00:00+00', '1'],
    ]) {
      await expect(
        synchronizeContacts(
          shop,
          { auth: ACME_AUTH, meta: { offset: offsetWithCursor(cursor) } },
          { settings: shopOptions(), log },
        ),
      ).rejects.toMatchObject({ code: 'invalid_request', issues: [{ path: 'meta.offset' }] });
    }
  });

  it('runs an action once, binding its inputs, and refuses values the database rejects as action_failed', async () => {
    const result = await executeAction(
      shop,
      'log_call',
      {
        auth: ACME_AUTH,
        meta: { contact_external_id: '35437' },
        data: { note: "Robert'); DROP TABLE call_notes;--" },
      },
      { settings: shopOptions(), log },
    );
    expect(result).toEqual({ message: 'Call logged', external_id: expect.stringMatching(/^\d+$/) });
    expect(
      await sqlQuery('SELECT tenant, customer_id, body FROM call_notes WHERE id = $1', [
        Number(result.external_id),
      ]),
    ).toEqual([{ tenant: 'acme-7f3c21', customer_id: 35437, body: "Robert'); DROP TABLE call_notes;--" }]);
    const refused = await bridgeErrorOf(
      executeAction(
        shop,
        'log_call',
        { auth: ACME_AUTH, meta: { contact_external_id: '424242' }, data: { note: 'x' } },
        { settings: shopOptions(), log },
      ),
    );
    expect(refused.code).toBe('action_failed');
    expect(refused.message).toBe('The database refused these values');
  });

  it('the bundled connector serves nothing itself: the gateway asks it for each integration’s connector', () => {
    const served = postgres.forIntegration?.(postgres.settingsSchema.parse(shopOptions()), {
      id: 'shop-bundled',
    });
    opened.push(served as never);
    expect(served?.interactionTypes).toEqual(['order', 'delivery']);
    expect(() => postgres.settingsSchema.parse({})).toThrow();
  });
});
