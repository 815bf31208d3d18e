// One throwaway PostgreSQL for this package's tests, with the shop schema loaded; stopped and removed after.
import { startTestPostgres } from '@talkbridge/testkit';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { SHOP_SCHEMA_SQL } from './shop-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    shopDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const database = await startTestPostgres();
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(SHOP_SCHEMA_SQL);
  await client.end();
  project.provide('shopDatabaseUrl', database.url);
  return () => database.dispose();
}
