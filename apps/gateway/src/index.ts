export { createGatewayApp, MAX_BODY_BYTES } from './app.js';
export { bundledConnectors } from './bundled-connectors.js';
export { STATUS_BY_CODE, toErrorResponse } from './error-response.js';
export {
  defaultGatewayConfig,
  type GatewayConfig,
  GatewayConfigError,
  type GatewayConfigInput,
  type Integration,
  loadGatewayConfigFile,
  resolveGatewayConfig,
} from './gateway-config.js';
export { createGatewayLogger } from './logger.js';
export { type RunningGateway, serveGateway } from './server.js';
export { UpstreamCallStats, type UpstreamCallTotals } from './upstream-stats.js';
