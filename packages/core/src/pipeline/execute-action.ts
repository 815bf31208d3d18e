import type { AnyConnector, ConnectorAction } from '../connector.js';
import {
  type ActionExecutionResponse,
  actionExecutionRequestSchema,
  actionExecutionResponseSchema,
} from '../contract/action-execution.js';
import { BridgeError, type BridgeErrorIssue } from '../errors.js';
import { zodIssues } from '../zod-issues.js';
import type { PipelineOptions } from './connector-context.js';
import { parseAuth, parseRequest } from './parse-request.js';
import { runOperation } from './run-operation.js';
import { contactCacheUse } from './runtime-scope.js';

/**
 * Talkdesk's action execution: validates the action's inputs (mandatory ones present, every value text),
 * runs it once, and returns the answer for a 201. Input problems are `invalid_request` naming each field;
 * a failure the service reports is the connector's `action_failed` (400 with its message).
 */
export async function executeAction(
  connector: AnyConnector,
  actionName: string,
  body: unknown,
  options: PipelineOptions = {},
): Promise<ActionExecutionResponse> {
  const action: ConnectorAction<unknown> | undefined = Object.hasOwn(connector.actions ?? {}, actionName)
    ? connector.actions?.[actionName]
    : undefined;
  if (!action) {
    throw new BridgeError(
      'unknown_action',
      `The ${connector.displayName} connector has no action "${actionName}"`,
      {
        details: { known_actions: Object.keys(connector.actions ?? {}) },
      },
    );
  }
  const request = parseRequest(actionExecutionRequestSchema, body);
  const auth = parseAuth(connector, request.auth);
  const data = actionInputs(action, request.data);
  const contactExternalId = request.meta?.contact_external_id ?? undefined;
  const agentExternalId = request.meta?.agent_external_id ?? undefined;

  return runOperation(connector, auth, options, { limit: 1 }, async (ctx) => {
    let result: unknown;
    try {
      result = await action.run(ctx, {
        data,
        ...(contactExternalId ? { contactExternalId } : {}),
        ...(agentExternalId ? { agentExternalId } : {}),
      });
    } finally {
      // An action may create or change a contact (even one that failed half-way): what this integration and
      // these credentials resolved before is dropped, so the next view finds the contact as it is now.
      const cache = contactCacheUse(connector, options, ctx.auth, ctx.signal);
      if (cache) await cache.contacts.invalidate(cache.scope);
    }
    const checked = actionExecutionResponseSchema.safeParse(result);
    if (!checked.success) {
      throw new BridgeError(
        'internal',
        'The connector produced an action result outside the Talkdesk contract',
        {
          issues: zodIssues(checked.error),
        },
      );
    }
    return checked.data;
  });
}

/** The declared inputs as trimmed text; numbers and booleans are accepted as text, anything else is refused. */
function actionInputs(
  action: ConnectorAction<unknown>,
  raw: Record<string, unknown>,
): Record<string, string> {
  const issues: BridgeErrorIssue[] = [];
  const data: Record<string, string> = {};
  for (const input of action.inputs) {
    const value = raw[input.key];
    const path = `data.${input.key}`;
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (input.mandatory) issues.push({ path, message: `${input.name} is required` });
      continue;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      data[input.key] = String(value).trim();
    } else {
      issues.push({ path, message: `${input.name} must be text` });
    }
  }
  if (issues.length > 0) {
    const [first] = issues;
    throw new BridgeError('invalid_request', `${first?.path}: ${first?.message}`, { issues });
  }
  return data;
}
