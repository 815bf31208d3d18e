// Actions: one declared request each, its JSON body filled from Talkdesk's action data. Never retried.
import { type ConnectorAction, fieldError } from '@talkbridge/core';
import { baseScope } from './rest-context.js';
import type { RestDefinition } from './rest-definition.js';
import { parsePath, valueAt } from './rest-path.js';
import { type RestContext, sendRequest } from './rest-request.js';
import { MissingTemplateValueError, parseTemplate, renderText } from './rest-template.js';

type ActionDefinition = NonNullable<RestDefinition['actions']>[string];

function restAction(
  definition: RestDefinition,
  name: string,
  action: ActionDefinition,
): ConnectorAction<RestContext> {
  return {
    display: action.display,
    description: action.description,
    inputs: action.inputs,
    async run(ctx, request) {
      const scope = {
        ...baseScope(definition, ctx.auth, ctx.settings.baseUrl),
        data: request.data,
        action: {
          ...(request.contactExternalId ? { contactExternalId: request.contactExternalId } : {}),
          ...(request.agentExternalId ? { agentExternalId: request.agentExternalId } : {}),
        },
      };
      const answer = await sendRequest(ctx, action.request, scope, {
        onMissing: (error) => {
          // An input the request needs but Talkdesk did not send: name it as Talkdesk knows it.
          const where = error.reference.startsWith('action.')
            ? error.reference === 'action.contactExternalId'
              ? 'meta.contact_external_id'
              : 'meta.agent_external_id'
            : error.reference;
          return fieldError(where, `required by the ${name} action`);
        },
      });
      const record = answer?.data;
      const id = action.createdId ? valueAt(record, parsePath(action.createdId)) : undefined;
      let message = `${action.display}: done`;
      if (action.message) {
        try {
          message = renderText(parseTemplate(action.message), { record });
        } catch (error) {
          if (!(error instanceof MissingTemplateValueError)) throw error;
        }
      }
      return {
        message,
        ...(typeof id === 'string' || typeof id === 'number' ? { external_id: String(id) } : {}),
      };
    },
  };
}

export function restActions(definition: RestDefinition): Record<string, ConnectorAction<RestContext>> {
  return Object.fromEntries(
    Object.entries(definition.actions ?? {}).map(([name, action]) => [
      name,
      restAction(definition, name, action),
    ]),
  );
}
