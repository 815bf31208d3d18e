import { ENV_VARIABLES } from './env.js';

/** What `talkbridge-gateway --help` prints. */
export function gatewayUsage(): string {
  const width = Math.max(...ENV_VARIABLES.map((variable) => variable.name.length)) + 2;
  const variables = ENV_VARIABLES.map(
    (variable) => `  ${variable.name.padEnd(width)}${variable.description}`,
  ).join('\n');
  return `Usage: talkbridge-gateway [--config <file>]

One HTTP gateway for many Talkdesk bridge integrations.

Options:
  -c, --config <file>  JSON config file (see gateway-config.schema.json); without one, every bundled
                       connector is served under its own id
  -h, --help           print this help and exit

Environment:
${variables}

Routes:
  POST /integrations/<id>/<hook>   the bridge hooks (see GET /openapi.json, GET /docs)
  GET  /healthz                    liveness
  GET  /readyz                     readiness: 503 while draining or when a dependency does not answer
  GET  /metrics                    Prometheus metrics (on METRICS_PORT when set)

Signals: SIGTERM or SIGINT drain the gateway (readiness 503, in-flight requests finish) and exit 0.
`;
}
