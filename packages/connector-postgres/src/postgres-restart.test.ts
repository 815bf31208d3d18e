// The database goes away mid-service and comes back: requests fail cleanly meanwhile, then the pool
// recovers on its own. Its own cluster, since this file stops it.
import { retrieveInteractions } from '@talkbridge/core';
import {
  bridgeErrorOf,
  createCaptureLogger,
  startTestPostgres,
  type TestPostgres,
} from '@talkbridge/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACME_AUTH, SHOP_SCHEMA_SQL, shopOptions } from './__fixtures__/shop-database.js';
import { createPostgresConnector, postgresPoolStats } from './index.js';

const URL_ENV = 'TALKBRIDGE_TEST_RESTART_DATABASE_URL';
let database: TestPostgres;
let connector: ReturnType<typeof createPostgresConnector>;
const log = createCaptureLogger();
const options = shopOptions({ connectionStringEnv: URL_ENV, connectTimeoutMs: 1_000 });

beforeAll(async () => {
  database = await startTestPostgres();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(SHOP_SCHEMA_SQL);
  await client.end();
  process.env[URL_ENV] = database.url;
  connector = createPostgresConnector(options, { id: 'shop-restart' });
  await connector.prepare?.({} as never, log);
});

afterAll(async () => {
  await connector?.close?.({} as never);
  expect(postgresPoolStats()['shop-restart']).toBeUndefined();
  await database?.dispose();
});

const retrieve = () =>
  retrieveInteractions(
    connector,
    { auth: ACME_AUTH, data: { contact_external_id: '35436' } },
    { settings: options, log, deadlineMs: 5_000 },
  );

describe('postgres connector: the database restarts', () => {
  it('answers upstream_unavailable while the database is stopped, and recovers when it is back', async () => {
    expect((await retrieve()).length).toBe(3);
    expect(postgresPoolStats()['shop-restart']?.idle).toBeGreaterThan(0);

    await database.stop();
    const error = await bridgeErrorOf(retrieve());
    expect(error.code).toBe('upstream_unavailable');
    expect(error.message).toBe('The database is not reachable right now');
    await expect(connector.checkReadiness?.({} as never, AbortSignal.timeout(3_000))).rejects.toMatchObject({
      code: 'upstream_unavailable',
    });
    // The operator's log has what the driver said; no stack anywhere.
    const failures = log.lines.filter((line) => line.level === 'error' || line.level === 'warn');
    expect(failures.length).toBeGreaterThan(0);
    expect(log.text()).not.toMatch(/\n\s+at /);

    await database.start();
    expect((await retrieve()).length).toBe(3);
    await expect(
      connector.checkReadiness?.({} as never, AbortSignal.timeout(3_000)),
    ).resolves.toBeUndefined();
  });
});
