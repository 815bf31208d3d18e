import type { AnyConnector } from '../connector.js';
import { authValidationRequestSchema } from '../contract/auth-validation.js';
import { BridgeError } from '../errors.js';
import type { PipelineOptions } from './connector-context.js';
import { parseAuth, parseRequest } from './parse-request.js';
import { runOperation } from './run-operation.js';

/**
 * Talkdesk's auth validation: resolves when the service accepts the credentials (with auth fields to
 * store, if the connector returns any); rejects with `invalid_credentials` when it refuses them and with
 * `invalid_request` naming the fields when some are missing.
 */
export async function validateAuthentication(
  connector: AnyConnector,
  body: unknown,
  options: PipelineOptions = {},
): Promise<Record<string, string> | undefined> {
  const request = parseRequest(authValidationRequestSchema, body);
  const validateAuth = connector.validateAuth;
  if (!validateAuth) {
    throw new BridgeError(
      'not_found',
      `The ${connector.displayName} connector does not validate credentials`,
    );
  }
  const auth = parseAuth(connector, request.auth);
  return runOperation(connector, auth, options, { limit: 1 }, async (ctx) => {
    const stored = await validateAuth(ctx);
    return stored && Object.keys(stored).length > 0 ? stored : undefined;
  });
}
