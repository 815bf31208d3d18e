export { createGatewayApp, MAX_BODY_BYTES } from './app.js';
export { bundledConnectors } from './bundled-connectors.js';
export { STATUS_BY_CODE, toErrorResponse } from './error-response.js';
export {
  checkInboundAuthBeforeStart,
  connectorsServedWithoutConfig,
  defaultGatewayConfig,
  type GatewayConfig,
  GatewayConfigError,
  type GatewayConfigInput,
  type Integration,
  loadGatewayConfigFile,
  resolveGatewayConfig,
  withEnvironmentTokens,
} from './gateway-config.js';
export { INBOUND_TOKENS_ENV, type InboundAuthSettings, inboundAuth, OPEN_PATHS } from './inbound-auth.js';
export { requireJsonContentType } from './json-content-type.js';
export { createGatewayLogger } from './logger.js';
export { type RunningGateway, serveGateway } from './server.js';
export { resolveServerLimits, type ServerLimits } from './server-limits.js';
export { UpstreamCallStats, type UpstreamCallTotals } from './upstream-stats.js';
