// Actions: each is the operator's INSERT … RETURNING id, with the declared inputs bound by key. Run once,
// never retried: it writes.
import { BridgeError, type ConnectorAction } from '@talkbridge/core';
import { textOf } from './map-postgres-row.js';
import type { PostgresContext } from './postgres-context.js';
import type { PostgresRuntime } from './postgres-runtime.js';

/** Data exceptions (22) and integrity violations (23): the caller's values, not the database, are at fault. */
const CALLER_DATA_SQL_STATES = ['22', '23'];

function refusedValues(error: unknown): BridgeError | undefined {
  if (!BridgeError.isInstance(error)) return undefined;
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !CALLER_DATA_SQL_STATES.some((prefix) => code.startsWith(prefix))) {
    return undefined;
  }
  // The database's message names columns and echoes values: the caller gets a plain sentence.
  return new BridgeError('action_failed', 'The database refused these values');
}

export function postgresActions(runtime: PostgresRuntime): Record<string, ConnectorAction<PostgresContext>> {
  const actions: Record<string, ConnectorAction<PostgresContext>> = {};
  for (const [name, action] of Object.entries(runtime.settings.actions)) {
    const statement = runtime.plan.actions[name];
    if (!statement) continue;
    actions[name] = {
      display: action.display,
      description: action.description,
      inputs: action.inputs,
      async run(ctx, request) {
        await runtime.ready(ctx);
        const values: Record<string, unknown> = {
          contact_external_id: request.contactExternalId ?? null,
          agent_external_id: request.agentExternalId ?? null,
        };
        for (const input of action.inputs) values[input.key] = request.data[input.key] ?? null;
        const rows = await runtime
          .write(ctx, statement, values, { quietSqlStates: CALLER_DATA_SQL_STATES })
          .catch((error: unknown) => {
            throw refusedValues(error) ?? error;
          });
        const id = textOf(rows[0]?.id, 200);
        if (!id) {
          ctx.log.error(
            { integration_id: runtime.integrationId, step: statement.step },
            'the action returned no id',
          );
          throw new BridgeError(
            'upstream_invalid_response',
            'The action ran but the database returned no id',
          );
        }
        return { message: action.message ?? 'Done', external_id: id };
      },
    };
  }
  return actions;
}
