// The operator's SQL, compiled once per integration: named parameters to `$n`, reads wrapped so that no
// answer holds more rows than asked, and the columns each step must answer — checked against the database
// by describing each statement (parse only: nothing runs).
import type pg from 'pg';
import { compileNamedParameters } from './named-parameters.js';
import {
  type InteractionField,
  type PostgresSettings,
  REQUIRED_INTERACTION_FIELDS,
  REQUIRED_SYNC_FIELDS,
  type SyncField,
  statementsOf,
} from './postgres-context.js';
import type { BoundStatement } from './postgres-pool.js';

/** The name every capped read is bound under; the connector supplies it, the operator never writes it. */
const ROW_CAP_PARAMETER = 'talkbridge_row_cap';

export interface CompiledStatement {
  step: string;
  /** Positional SQL, as sent. */
  text: string;
  /** Parameter names in `$n` order. */
  names: string[];
  /** Reads are capped by a LIMIT bound as the last parameter; writes run as written. */
  capped: boolean;
  /** Columns the answer must carry (by their database names). */
  requiredColumns: string[];
}

export interface PostgresQueryPlan {
  authQuery?: CompiledStatement;
  byExternalId?: CompiledStatement;
  byEmails?: CompiledStatement;
  byPhones?: CompiledStatement;
  interactions: Record<string, CompiledStatement>;
  sync?: CompiledStatement;
  actions: Record<string, CompiledStatement>;
  all: CompiledStatement[];
}

/** The database column that answers a Talkdesk field: the mapping's, else the field's own name. */
export function columnOf<F extends string>(
  columns: Partial<Record<F, string>> | undefined,
  field: F,
): string {
  return columns?.[field] ?? field;
}

export function compileQueryPlan(settings: PostgresSettings): PostgresQueryPlan {
  const plan: PostgresQueryPlan = { interactions: {}, actions: {}, all: [] };
  for (const statement of statementsOf(settings)) {
    const [group, key] = statement.path as string[];
    let requiredColumns: string[] = [];
    let capped = true;
    if (group === 'contacts') requiredColumns = ['id'];
    if (group === 'interactions' && key) {
      const columns = settings.interactions[key]?.columns;
      requiredColumns = REQUIRED_INTERACTION_FIELDS.map((field: InteractionField) =>
        columnOf(columns, field),
      );
    }
    if (group === 'sync') {
      requiredColumns = REQUIRED_SYNC_FIELDS.map((field: SyncField) =>
        columnOf(settings.sync?.columns, field),
      );
    }
    if (group === 'actions') {
      requiredColumns = ['id'];
      capped = false;
    }
    const compiled = compileStatement(statement.step, statement.sql, capped, requiredColumns);
    plan.all.push(compiled);
    if (group === 'authQuery') plan.authQuery = compiled;
    else if (group === 'contacts' && key) plan[key as 'byExternalId' | 'byEmails' | 'byPhones'] = compiled;
    else if (group === 'interactions' && key) plan.interactions[key] = compiled;
    else if (group === 'sync') plan.sync = compiled;
    else if (group === 'actions' && key) plan.actions[key] = compiled;
  }
  return plan;
}

function compileStatement(
  step: string,
  sql: string,
  capped: boolean,
  requiredColumns: string[],
): CompiledStatement {
  // A trailing semicolon would end the statement inside the wrapper.
  const body = withoutTrailingSemicolons(sql);
  // The newline keeps a trailing `-- comment` from swallowing the wrapper's closing parenthesis.
  const source = capped
    ? `SELECT * FROM (\n${body}\n) AS talkbridge_capped LIMIT :${ROW_CAP_PARAMETER}`
    : body;
  const { text, names } = compileNamedParameters(source);
  return { step, text, names, capped, requiredColumns };
}

/** The statement with its values in `$n` order; a name without a value binds null. */
export function bindStatement(
  statement: CompiledStatement,
  values: Record<string, unknown>,
  rowCap?: number,
): BoundStatement {
  return {
    step: statement.step,
    text: statement.text,
    values: statement.names.map((name) =>
      name === ROW_CAP_PARAMETER ? (rowCap ?? 0) : Object.hasOwn(values, name) ? values[name] : null,
    ),
  };
}

/** A statement the database could not describe, or that does not answer the columns its step needs. */
export class StatementCheckError extends Error {
  override name = 'StatementCheckError';
  constructor(
    readonly step: string,
    message: string,
    readonly databaseError?: unknown,
  ) {
    super(message);
  }
}

/**
 * Describes every statement of the plan on one connection (Parse + Describe, nothing executes) and checks
 * the columns each answers. Collects every problem, so the operator fixes them all in one go.
 */
export async function checkQueryPlan(pool: pg.Pool, plan: PostgresQueryPlan): Promise<StatementCheckError[]> {
  const client = await pool.connect();
  const problems: StatementCheckError[] = [];
  let broken: Error | undefined;
  try {
    for (const statement of plan.all) {
      let columns: string[] | null;
      try {
        columns = await describeStatement(client, statement.text);
      } catch (error) {
        if (isDatabaseAnswer(error)) {
          problems.push(
            new StatementCheckError(
              statement.step,
              `the database refused the query: ${(error as Error).message}`,
              error,
            ),
          );
          continue;
        }
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      }
      const missing = statement.requiredColumns.filter((column) => !columns?.includes(column));
      if (missing.length > 0) {
        const answered = columns && columns.length > 0 ? columns.join(', ') : 'no columns';
        problems.push(
          new StatementCheckError(
            statement.step,
            `the query does not return ${missing.map((column) => `"${column}"`).join(', ')} (it returns ${answered})`,
          ),
        );
      }
    }
  } finally {
    client.release(broken);
  }
  return problems;
}

/** An error the server sent in answer to a statement (it has a SQLSTATE), as opposed to a lost connection. */
function isDatabaseAnswer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    /^[0-9A-Z]{5}$/.test(code) &&
    !code.startsWith('08') &&
    !code.startsWith('57P')
  );
}

/**
 * The column names a statement answers (null: it answers no rows, e.g. an INSERT without RETURNING),
 * through pg's documented extension point for custom protocol flows (a "submittable", as pg-cursor uses):
 * Parse, Describe statement, Sync — the statement is never bound or executed.
 */
export function describeStatement(client: pg.PoolClient, text: string): Promise<string[] | null> {
  return new Promise((resolve, reject) => {
    let columns: string[] | null = null;
    let settled = false;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(columns);
    };
    const describe = {
      submit(connection: pg.Connection) {
        connection.parse({ text, name: '', types: [] }, true);
        connection.describe({ type: 'S', name: '' }, true);
        connection.sync();
      },
      handleRowDescription(message: { fields: { name: string }[] }) {
        columns = message.fields.map((field) => field.name);
      },
      // pg stops routing messages to a statement once it failed (the readyForQuery that follows the
      // error goes to the client itself): settle now.
      handleError(error: unknown) {
        settle(error);
      },
      handleReadyForQuery() {
        settle();
      },
      handleDataRow() {},
      handleCommandComplete() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyInResponse() {},
      handleCopyData() {},
    };
    client.query(describe as unknown as pg.Submittable);
  });
}

/** The SQL without trailing whitespace and semicolons; a scan from the end, linear in the text. */
function withoutTrailingSemicolons(sql: string): string {
  let end = sql.length;
  while (end > 0 && (sql[end - 1] === ';' || sql[end - 1]?.trim() === '')) end -= 1;
  return sql.slice(0, end);
}
