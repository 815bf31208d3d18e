import type { AnyConnector, ConnectorContext, ContactQuery } from '../connector.js';
import { encodedSecretsOf } from '../http/http-auth.js';
import { silentLogger } from '../logger.js';
import { redactError, redactingLogger, redactText, secretsOf } from '../redact.js';
import { createConnectorContext, type PipelineOptions } from './connector-context.js';
import { DEFAULT_DEADLINE_MS, startDeadline, withinDeadline } from './deadline.js';
import { parseSettings } from './parse-request.js';

const NO_QUERY: ContactQuery = { emails: [], phones: [] };

/**
 * What every hook does around the connector's own work: validates the settings, hides the credentials
 * from logs and errors, builds the context (HTTP client, deadline), and bounds the work by the deadline.
 * `auth` is what `parseAuth` returned: each pipeline checks the auth fields before any other work, and
 * only those parsed fields (and their encodings) are secrets to redact. `work` runs with the context;
 * whatever it throws comes out as a redacted BridgeError. When it ends, everything it started is aborted.
 */
export async function runOperation<T>(
  connector: AnyConnector,
  auth: unknown,
  options: PipelineOptions,
  parts: { limit: number; query?: ContactQuery },
  work: (ctx: ConnectorContext<unknown, unknown>) => Promise<T>,
): Promise<T> {
  const settings = parseSettings(connector, options.settings);
  const secrets = [
    ...secretsOf(auth),
    ...(connector.http ? encodedSecretsOf(connector.http.authenticate(auth)) : []),
  ];
  // Without a logger nothing is written: nothing to redact either.
  const log = options.log ? redactingLogger(options.log, secrets) : silentLogger;
  const deadline = startDeadline(options.deadlineMs ?? DEFAULT_DEADLINE_MS, options.signal);
  try {
    const { onUpstreamCall } = options;
    const ctx = createConnectorContext(
      connector,
      { auth, settings, deadline, log, limit: parts.limit, query: parts.query ?? NO_QUERY },
      onUpstreamCall
        ? {
            ...options,
            // The URL carries credentials sent as query parameters (and auth fields in the host).
            onUpstreamCall: (event) =>
              onUpstreamCall(event.url ? { ...event, url: redactText(event.url, secrets) } : event),
          }
        : options,
    );
    return await withinDeadline(work(ctx), deadline.signal);
  } catch (error) {
    throw redactError(error, secrets);
  } finally {
    deadline.release();
  }
}
