export {
  buildActionConfigurations,
  buildIntegrationConfiguration,
  type ConfigurationTarget,
  hookEndpoint,
  integrationEndpoint,
} from './configuration/build-configuration.js';
export { type AuthFieldDescription, describeAuthFields } from './configuration/describe-auth-fields.js';
export * from './connector.js';
export * from './contract/action-execution.js';
export * from './contract/agent-synchronization.js';
export * from './contract/auth-validation.js';
export * from './contract/contact-synchronization.js';
export * from './contract/integration-configuration.js';
export * from './contract/interaction-retrieval.js';
export * from './contract/limits.js';
export * from './contract/shared.js';
export * from './errors.js';
export {
  AddressNotAllowedError,
  guardedLookup,
  type HostResolver,
  isPublicAddress,
  type ResolvedAddress,
  systemResolver,
} from './http/address-guard.js';
export {
  type CallLimiter,
  createCallLimiter,
  DEFAULT_CALLS_PER_INTEGRATION,
  MAX_CALLS_PER_REQUEST,
} from './http/call-limiter.js';
export { assertAllowedOrigin, hostMatches } from './http/host-guard.js';
export { applyAuth, encodedSecretsOf, type HttpAuth } from './http/http-auth.js';
export {
  type ConnectorHttp,
  createHttpClient,
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequestOptions,
  type HttpResponse,
  type UpstreamCallEvent,
  type UpstreamFailureKind,
} from './http/http-client.js';
export { type CollectPagesOptions, collectPages, nextLinkFrom, type Page } from './http/paginate.js';
export { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, readBodyText } from './http/read-body.js';
export { resolveOrigin } from './http/resolve-origin.js';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  RETRYABLE_STATUSES,
  type ResetHeader,
  type RetryPolicy,
  requestedWaitMs,
} from './http/retry-policy.js';
export { path, templateOf, type UrlPath } from './http/url-path.js';
export { isEmailAddress, MAX_EMAIL_ADDRESS_LENGTH } from './kit/email-address.js';
export { beforeFirst, withoutTrailing } from './kit/text.js';
export * from './logger.js';
export {
  DEFAULT_PREVIEW_LENGTH,
  MAX_PREVIEW_INPUT_LENGTH,
  plainTextPreview,
} from './mapping/plain-text-preview.js';
export {
  createValueMapper,
  mappingSettingsShape,
  type PriorityMapper,
  type StatusMapper,
  type ValueMapper,
} from './mapping/value-mapper.js';
export * from './phone.js';
export {
  createConnectorContext,
  type PipelineOptions,
  unavailableHttpClient,
} from './pipeline/connector-context.js';
export { toContactQuery } from './pipeline/contact-query.js';
export { DEFAULT_DEADLINE_MS, deadlineExceeded, startDeadline, withinDeadline } from './pipeline/deadline.js';
export { executeAction } from './pipeline/execute-action.js';
export { parseAuth, parseRequest, parseSettings } from './pipeline/parse-request.js';
export { resolveContacts } from './pipeline/resolve-contacts.js';
export {
  DEFAULT_INTERACTION_LIMIT,
  type RetrieveInteractionsOptions,
  retrieveInteractions,
  selectTypes,
} from './pipeline/retrieve-interactions.js';
export { runOperation } from './pipeline/run-operation.js';
export { decodeSyncOffset, encodeSyncOffset, type SyncOffset } from './pipeline/sync-offset.js';
export {
  DEFAULT_AGENT_PAGE_SIZE,
  type SynchronizeAgentsOptions,
  synchronizeAgents,
} from './pipeline/synchronize-agents.js';
export {
  DEFAULT_SYNC_PAGE_SIZE,
  type SynchronizeContactsOptions,
  synchronizeContacts,
} from './pipeline/synchronize-contacts.js';
export { validateAuthentication } from './pipeline/validate-authentication.js';
export * from './redact.js';
export * from './runtime/index.js';
export * from './talkdesk-date.js';
export * from './zod-issues.js';
