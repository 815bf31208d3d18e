export { createGatewayApp, type GatewayAppOptions, MAX_BODY_BYTES } from './app.js';
export { bundledConnectors } from './bundled-connectors.js';
export { CONFIG_SCHEMA_FILE, gatewayConfigJsonSchema } from './config-json-schema.js';
export { exitOnUncaughtErrors } from './crash-handlers.js';
export { DRAIN_MARGIN_MS, type DrainOutcome, defaultDrainLimitMs, drainGateway } from './drain.js';
export { ENV_VARIABLES, type GatewayEnv, LOG_LEVELS, readGatewayEnv } from './env.js';
export { STATUS_BY_CODE, toErrorResponse } from './error-response.js';
export {
  checkInboundAuthBeforeStart,
  connectorsServedWithoutConfig,
  defaultGatewayConfig,
  type GatewayConfig,
  GatewayConfigError,
  type GatewayConfigInput,
  gatewayConfigSchema,
  type Integration,
  loadGatewayConfigFile,
  resolveGatewayConfig,
  withEnvironmentTokens,
} from './gateway-config.js';
export { gatewayUsage } from './help.js';
export { INBOUND_TOKENS_ENV, type InboundAuthSettings, inboundAuth, OPEN_PATHS } from './inbound-auth.js';
export { requireJsonContentType } from './json-content-type.js';
export { createGatewayLogger } from './logger.js';
export { GatewayMetrics, hookLabelOf } from './metrics.js';
export { BRIDGE_HOOKS, buildOpenApiDocument } from './openapi.js';
export {
  createReadinessCheck,
  GatewayLifecycle,
  type IntegrationReadiness,
  READINESS_CHECK_TIMEOUT_MS,
  type ReadinessReport,
} from './readiness.js';
export { createGatewayRuntimeState, RuntimeStateStats } from './runtime-state.js';
export { type RunningGateway, serveGateway, serveMetrics } from './server.js';
export { resolveServerLimits, type ServerLimits } from './server-limits.js';
export { UpstreamCallStats, type UpstreamCallTotals } from './upstream-stats.js';
