// The connection pool of one integration, and the two ways a query runs through it: retrieval in a READ
// ONLY transaction bounded by the deadline, and an action's write. Database failures become clean
// BridgeErrors here; the operator's log gets the database's own words.
import { readFileSync } from 'node:fs';
import { BridgeError, type BridgeLogger } from '@talkbridge/core';
import pg from 'pg';
import type { PostgresSettings } from './postgres-context.js';

/** What the pool holds right now: open connections, idle ones, and callers waiting for one. */
export interface PostgresPoolStats {
  total: number;
  idle: number;
  waiting: number;
}

const livePools = new Map<string, pg.Pool>();

/** Pool figures of every open PostgreSQL integration in this process, by integration id. */
export function postgresPoolStats(): Record<string, PostgresPoolStats> {
  const stats: Record<string, PostgresPoolStats> = {};
  for (const [integrationId, pool] of livePools) {
    stats[integrationId] = { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  }
  return stats;
}

/** A config problem found when the integration is set up (the env variable, the CA file). */
export class PostgresConfigError extends Error {
  override name = 'PostgresConfigError';
}

/**
 * The pool of one integration. Connections open lazily, so creating it never touches the database; a
 * connection that breaks while idle (the database restarted) is dropped and replaced on next use.
 */
export function createPostgresPool(
  integrationId: string,
  settings: PostgresSettings,
  log: () => BridgeLogger,
): pg.Pool {
  const connectionString = process.env[settings.connectionStringEnv];
  if (!connectionString) {
    throw new PostgresConfigError(
      `connectionStringEnv: the environment variable ${settings.connectionStringEnv} is not set (it holds the connection string)`,
    );
  }
  const pool = new pg.Pool({
    connectionString,
    max: settings.poolSize,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: `talkbridge:${integrationId}`.slice(0, 63),
    ...(settings.tls ? { ssl: tlsOptions(settings.tls) } : {}),
  });
  // Without a listener an idle connection's error (the server restarting) would crash the process.
  pool.on('error', (error) => {
    log().warn(
      { integration_id: integrationId, ...databaseErrorFields(error) },
      'postgres idle connection lost',
    );
  });
  livePools.set(integrationId, pool);
  return pool;
}

export async function endPostgresPool(integrationId: string, pool: pg.Pool): Promise<void> {
  if (livePools.get(integrationId) === pool) livePools.delete(integrationId);
  await pool.end();
}

function tlsOptions(tls: NonNullable<PostgresSettings['tls']>) {
  let ca: string | undefined;
  if (tls.caFile) {
    try {
      ca = readFileSync(tls.caFile, 'utf8');
    } catch {
      throw new PostgresConfigError(`tls.caFile: ${tls.caFile} cannot be read`);
    }
  }
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(ca ? { ca } : {}),
    ...(tls.serverName ? { servername: tls.serverName } : {}),
  };
}

/** A statement ready to run: positional SQL and its values in `$n` order. */
export interface BoundStatement {
  /** `interactions.order`, for messages and logs. */
  step: string;
  text: string;
  values: unknown[];
  /** Type parsers for this statement only (contact sync reads timestamps as exact text). */
  types?: pg.CustomTypesConfig;
}

export interface QueryScope {
  integrationId: string;
  log: BridgeLogger;
  signal: AbortSignal;
  /** Epoch ms; the statement timeout is what remains of it. */
  deadline: number;
  /**
   * SQLSTATE prefixes the caller expects from hostile input (`22`: a value that is not a valid integer
   * for an integer column): logged at debug, not as a failure. The caller still gets the error.
   */
  quietSqlStates?: readonly string[];
}

/**
 * Runs one statement in a READ ONLY transaction whose statement_timeout is what is left of the deadline.
 * When the deadline passes first the connection is dropped (the server stops at its timeout anyway).
 */
export async function queryReadOnly(
  pool: pg.Pool,
  statement: BoundStatement,
  scope: QueryScope,
): Promise<pg.QueryResult> {
  return withClient(pool, statement.step, scope, async (client) => {
    await client.query('BEGIN TRANSACTION READ ONLY');
    await limitStatementsToDeadline(client, scope);
    const result = await client.query({
      text: statement.text,
      values: statement.values,
      ...(statement.types ? { types: statement.types } : {}),
    });
    await client.query('COMMIT');
    return result;
  });
}

/** Inside a transaction: its statements may run for what is left of the request's deadline, no longer. */
function limitStatementsToDeadline(client: pg.PoolClient, scope: QueryScope): Promise<unknown> {
  return client.query("SELECT set_config('statement_timeout', $1, true)", [
    String(Math.max(1, Math.ceil(scope.deadline - Date.now()))),
  ]);
}

/** Runs one write (an action) in its own transaction, committed only when it succeeded. */
export async function queryWrite(
  pool: pg.Pool,
  statement: BoundStatement,
  scope: QueryScope,
): Promise<pg.QueryResult> {
  return withClient(pool, statement.step, scope, async (client) => {
    await client.query('BEGIN');
    await limitStatementsToDeadline(client, scope);
    try {
      const result = await client.query({ text: statement.text, values: statement.values });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}

/**
 * Borrows a connection for `work`, bounded by the scope's signal. A connection that failed, or was cut
 * by the deadline, is destroyed rather than returned mid-transaction.
 */
async function withClient<T>(
  pool: pg.Pool,
  step: string,
  scope: QueryScope,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  if (scope.signal.aborted) throw deadlineError();
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toDatabaseBridgeError(error, step, scope);
  }
  if (scope.signal.aborted) {
    // The deadline passed while waiting for a connection: it is still a good one, give it back.
    client.release();
    throw deadlineError();
  }
  let released = false;
  const release = (destroy?: Error) => {
    if (released) return;
    released = true;
    client.release(destroy);
  };
  const onAbort = () => release(new Error('deadline passed'));
  scope.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await work(client);
    release();
    return result;
  } catch (error) {
    release(error instanceof Error ? error : new Error('query failed'));
    if (scope.signal.aborted) throw deadlineError();
    throw toDatabaseBridgeError(error, step, scope);
  } finally {
    scope.signal.removeEventListener('abort', onAbort);
  }
}

function deadlineError(): BridgeError {
  return new BridgeError('deadline_exceeded', 'The database did not answer before the deadline');
}

// SQLSTATE classes that say the database is unreachable or not accepting work right now.
const UNAVAILABLE_CLASSES = ['08', '28', '3D', '53', '57P', '58'];
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * The caller's view of a database failure: a clean message without SQL, table names or values; the
 * operator's log gets everything the database said.
 */
export function toDatabaseBridgeError(
  error: unknown,
  step: string,
  scope: Pick<QueryScope, 'integrationId' | 'log' | 'quietSqlStates'>,
): BridgeError {
  if (BridgeError.isInstance(error)) return error;
  const fields = databaseErrorFields(error);
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  if (code === '57014') {
    // query_canceled: our statement_timeout, set from the deadline.
    scope.log.warn(
      { integration_id: scope.integrationId, step, ...fields },
      'postgres query cut at the deadline',
    );
    return deadlineError();
  }
  if (code && scope.quietSqlStates?.some((prefix) => code.startsWith(prefix))) {
    scope.log.debug(
      { integration_id: scope.integrationId, step, ...fields },
      'postgres refused an input value',
    );
  } else {
    scope.log.error({ integration_id: scope.integrationId, step, ...fields }, 'postgres query failed');
  }
  if (isConnectionFailure(error, code)) {
    return new BridgeError('upstream_unavailable', 'The database is not reachable right now', {
      cause: error,
    });
  }
  return new BridgeError(
    'upstream_unavailable',
    `The database refused the ${step} query; the operator's log has the details`,
    { cause: error },
  );
}

export function isConnectionFailure(error: unknown, code = databaseErrorFields(error).code): boolean {
  if (typeof code === 'string') {
    if (CONNECTION_ERROR_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_CLASSES.some((prefix) => code.startsWith(prefix));
  }
  // pg's own words for a connection it lost or could not open in time.
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED/i.test(
    message,
  );
}

/** Everything the database (or the driver) said, for the operator's log. No stack. */
export function databaseErrorFields(error: unknown): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { err_message: String(error) };
  const record = error as Record<string, unknown>;
  const fields: Record<string, unknown> = {
    err_name: record.name,
    err_message: record.message,
  };
  for (const key of [
    'code',
    'severity',
    'detail',
    'hint',
    'position',
    'where',
    'schema',
    'table',
    'column',
    'dataType',
    'constraint',
    'routine',
  ]) {
    if (record[key] !== undefined) fields[key] = record[key];
  }
  return fields;
}
