import type { AnyConnector } from '../connector.js';
import {
  type AgentSynchronizationResponse,
  agentSynchronizationRequestSchema,
  agentSynchronizationResponseSchema,
} from '../contract/agent-synchronization.js';
import { BridgeError } from '../errors.js';
import { zodIssues } from '../zod-issues.js';
import type { PipelineOptions } from './connector-context.js';
import { parseAuth, parseRequest } from './parse-request.js';
import { runOperation } from './run-operation.js';
import { decodeSyncOffset, nextOffset } from './sync-offset.js';

export const DEFAULT_AGENT_PAGE_SIZE = 100;

export interface SynchronizeAgentsOptions extends PipelineOptions {
  /** Agents per page. Default 100. */
  pageSize?: number;
}

/** Talkdesk's agent synchronization: `{agents: [{id, name, email}]}`, paged with `meta.offset` / `next_offset`. */
export async function synchronizeAgents(
  connector: AnyConnector,
  body: unknown,
  options: SynchronizeAgentsOptions = {},
): Promise<AgentSynchronizationResponse> {
  const request = parseRequest(agentSynchronizationRequestSchema, body);
  const syncAgents = connector.syncAgents;
  if (!syncAgents) {
    throw new BridgeError('not_found', `The ${connector.displayName} connector does not synchronize agents`);
  }
  const auth = parseAuth(connector, request.auth);
  const offset = request.meta?.offset ? decodeSyncOffset(request.meta.offset, syncAgents.cursor) : undefined;
  return runOperation(
    connector,
    auth,
    options,
    { limit: options.pageSize ?? DEFAULT_AGENT_PAGE_SIZE },
    async (ctx) => {
      const page = await syncAgents.page(ctx, offset ? { cursor: offset.cursor } : {});
      const response: AgentSynchronizationResponse = {
        agents: page.agents.map((agent) => ({ id: String(agent.id), name: agent.name, email: agent.email })),
        ...(page.nextCursor !== undefined && page.nextCursor !== null
          ? { next_offset: nextOffset(syncAgents.cursor, { cursor: page.nextCursor }) }
          : {}),
      };
      const checked = agentSynchronizationResponseSchema.safeParse(response);
      if (!checked.success) {
        throw new BridgeError('internal', 'The connector produced agents outside the Talkdesk contract', {
          issues: zodIssues(checked.error),
        });
      }
      return checked.data;
    },
  );
}
