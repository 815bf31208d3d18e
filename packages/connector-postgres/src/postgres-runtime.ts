// One integration's live state: its pool, its compiled queries, whether they have been checked against the
// database, and the tenant check. Every operation goes through `read`/`write` here.
import { BridgeError, type BridgeLogger, silentLogger } from '@talkbridge/core';
import type pg from 'pg';
import type { PostgresContext, PostgresSettings } from './postgres-context.js';
import {
  createPostgresPool,
  endPostgresPool,
  isConnectionFailure,
  queryReadOnly,
  queryWrite,
  toDatabaseBridgeError,
} from './postgres-pool.js';
import {
  bindStatement,
  type CompiledStatement,
  checkQueryPlan,
  compileQueryPlan,
  type PostgresQueryPlan,
  type StatementCheckError,
} from './postgres-queries.js';

/** Data exceptions: a bound value the column's type cannot hold. Hostile input, not an operator problem. */
export const INPUT_SQL_STATES = ['22'];

/** Whether a query failed because of an input value (see INPUT_SQL_STATES). */
export function isInputRefusal(error: unknown): boolean {
  if (!BridgeError.isInstance(error)) return false;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && INPUT_SQL_STATES.some((prefix) => code.startsWith(prefix));
}

type CheckState = { kind: 'unchecked' } | { kind: 'checking'; done: Promise<void> } | { kind: 'checked' };

export class PostgresRuntime {
  readonly plan: PostgresQueryPlan;
  readonly pool: pg.Pool;
  private check: CheckState = { kind: 'unchecked' };
  /** The problems found in the queries; every request fails until the config is fixed. */
  private problems: StatementCheckError[] = [];
  private log: BridgeLogger = silentLogger;
  /** One tenant check per operation (the pipeline hands every step of one operation the same context). */
  private readonly authorised = new WeakMap<object, Promise<void>>();

  constructor(
    readonly integrationId: string,
    readonly settings: PostgresSettings,
  ) {
    this.plan = compileQueryPlan(settings);
    this.pool = createPostgresPool(integrationId, settings, () => this.log);
  }

  /**
   * At start: describes every query against the database. Wrong queries throw, naming the integration
   * and each step; an unreachable database is logged and the check runs again on first use.
   */
  async prepare(log: BridgeLogger): Promise<void> {
    this.log = log;
    try {
      await this.runCheck();
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      log.warn(
        { integration_id: this.integrationId, err_message: (error as Error).message },
        'postgres database not reachable at start: its queries are checked on first use',
      );
      return;
    }
    if (this.problems.length > 0) throw new Error(this.describeProblems());
  }

  /** Resolves when the database answers a trivial query. */
  async checkReadiness(signal: AbortSignal): Promise<void> {
    await queryReadOnly(
      this.pool,
      { step: 'readiness', text: 'SELECT 1', values: [] },
      { integrationId: this.integrationId, log: this.log, signal, deadline: Date.now() + 2_000 },
    );
  }

  async close(): Promise<void> {
    await endPostgresPool(this.integrationId, this.pool);
  }

  /** Before any query of an operation: the queries are known good, and the auth fields name a tenant. */
  async ready(ctx: PostgresContext): Promise<void> {
    await this.ensureChecked(ctx);
    let authorised = this.authorised.get(ctx);
    if (!authorised) {
      authorised = this.authorise(ctx);
      this.authorised.set(ctx, authorised);
    }
    await authorised;
  }

  /** Runs a read in a READ ONLY transaction with the auth fields and `values` bound. */
  async read(
    ctx: PostgresContext,
    statement: CompiledStatement,
    values: Record<string, unknown>,
    options: { rowCap: number; types?: pg.CustomTypesConfig; quietSqlStates?: string[] },
  ): Promise<Record<string, unknown>[]> {
    const bound = bindStatement(statement, { ...ctx.auth, ...values }, options.rowCap);
    const result = await queryReadOnly(
      this.pool,
      { ...bound, ...(options.types ? { types: options.types } : {}) },
      {
        integrationId: this.integrationId,
        log: ctx.log,
        signal: ctx.signal,
        deadline: ctx.deadline,
        ...(options.quietSqlStates ? { quietSqlStates: options.quietSqlStates } : {}),
      },
    );
    return result.rows as Record<string, unknown>[];
  }

  /** Runs a write (an action) in its own transaction. */
  async write(
    ctx: PostgresContext,
    statement: CompiledStatement,
    values: Record<string, unknown>,
    options: { quietSqlStates?: string[] } = {},
  ): Promise<Record<string, unknown>[]> {
    const bound = bindStatement(statement, { ...ctx.auth, ...values });
    const result = await queryWrite(this.pool, bound, {
      integrationId: this.integrationId,
      log: ctx.log,
      signal: ctx.signal,
      deadline: ctx.deadline,
      ...(options.quietSqlStates ? { quietSqlStates: options.quietSqlStates } : {}),
    });
    return result.rows as Record<string, unknown>[];
  }

  private async authorise(ctx: PostgresContext): Promise<void> {
    if (!this.plan.authQuery) return;
    let rows: Record<string, unknown>[];
    try {
      rows = await this.read(ctx, this.plan.authQuery, {}, { rowCap: 1, quietSqlStates: INPUT_SQL_STATES });
    } catch (error) {
      // A value the column cannot hold (a NUL byte, text for an integer key) names no tenant.
      if (!isInputRefusal(error)) throw error;
      rows = [];
    }
    if (rows.length === 0) {
      throw new BridgeError(
        'invalid_credentials',
        'The auth fields do not name an account this database serves',
      );
    }
  }

  private async ensureChecked(ctx: PostgresContext): Promise<void> {
    if (this.check.kind === 'unchecked') {
      const done = this.runCheck().catch((error: unknown) => {
        this.check = { kind: 'unchecked' };
        throw toDatabaseBridgeError(error, 'query check', {
          integrationId: this.integrationId,
          log: ctx.log,
        });
      });
      this.check = { kind: 'checking', done };
    }
    if (this.check.kind === 'checking') await this.check.done;
    if (this.problems.length > 0) {
      ctx.log.error({ integration_id: this.integrationId }, this.describeProblems());
      throw new BridgeError(
        'upstream_invalid_response',
        "The integration's queries do not fit the database; the operator's log names the steps",
      );
    }
  }

  private async runCheck(): Promise<void> {
    this.problems = await checkQueryPlan(this.pool, this.plan);
    this.check = { kind: 'checked' };
  }

  private describeProblems(): string {
    const lines = this.problems.map((problem) => `  ${problem.step}: ${problem.message}`).join('\n');
    return `PostgreSQL integration "${this.integrationId}" has queries that do not fit its database:\n${lines}`;
  }
}
