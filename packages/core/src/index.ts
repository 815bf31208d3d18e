/**
 * `@talkbridge/core`: what a connector author and a consumer need — the connector definition, the
 * pipelines that run Talkdesk's hooks, the error taxonomy, the HTTP client's declarations, the authoring
 * kit and the runtime state. The protocol's schemas are in `@talkbridge/core/contract`.
 */

// Registering an integration with Talkdesk.
export {
  buildActionConfigurations,
  buildIntegrationConfiguration,
  type ConfigurationTarget,
  hookEndpoint,
  integrationEndpoint,
} from './configuration/build-configuration.js';
export { type AuthFieldDescription, describeAuthFields } from './configuration/describe-auth-fields.js';
// The connector contract.
export * from './connector.js';
// The protocol's types a connector returns (their schemas: `@talkbridge/core/contract`).
export type { ActionExecutionResponse } from './contract/action-execution.js';
export type { Agent } from './contract/agent-synchronization.js';
export type { ContactSynchronizationResponse, SyncedContact } from './contract/contact-synchronization.js';
export type { ActionConfiguration, IntegrationConfiguration } from './contract/integration-configuration.js';
export type {
  Interaction,
  InteractionPriority,
  InteractionStatus,
} from './contract/interaction-retrieval.js';
// Errors and logging.
export * from './errors.js';
export {
  type CallLimiter,
  createCallLimiter,
  DEFAULT_CALLS_PER_INTEGRATION,
  MAX_CALLS_PER_REQUEST,
} from './http/call-limiter.js';
// Reaching the vendor: what a connector declares in `http` and what `ctx.http` offers.
export { assertAllowedOrigin, hostMatches } from './http/host-guard.js';
export type { HttpAuth } from './http/http-auth.js';
export type {
  ConnectorHttp,
  HttpClient,
  HttpRequestOptions,
  HttpResponse,
  UpstreamCallEvent,
  UpstreamFailureKind,
} from './http/http-client.js';
export { type CollectPagesOptions, collectPages, nextLinkFrom, type Page } from './http/paginate.js';
export { resolveOrigin } from './http/resolve-origin.js';
export { DEFAULT_RETRY_POLICY, type ResetHeader, type RetryPolicy } from './http/retry-policy.js';
export { path, type UrlPath } from './http/url-path.js';
// The authoring kit: what connectors share instead of copying.
export {
  type ActionContact,
  type ActionContactOptions,
  actionContactOf,
  CONTACT_EMAIL_INPUT,
} from './kit/action-contact.js';
export { bearerTokenAuth, type TokenField } from './kit/bearer-token-auth.js';
export { chunk, distinct, sameId } from './kit/collections.js';
export { addressLine, fullName, twitterHandle } from './kit/contact-fields.js';
export { isEmailAddress, MAX_EMAIL_ADDRESS_LENGTH } from './kit/email-address.js';
export { fieldError, invalidOffset } from './kit/field-error.js';
export { escapeHtml, textToHtml } from './kit/html.js';
export { optionalLookup } from './kit/optional-lookup.js';
export { type Refusal, refusalOf } from './kit/refusal.js';
export { beforeFirst, withoutTrailing } from './kit/text.js';
export { createTtlCache, type TtlCache, type TtlCacheOptions } from './kit/ttl-cache.js';
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
// Pipelines: one per Talkdesk hook, request body in, Talkdesk's answer out.
export type { PipelineOptions } from './pipeline/connector-context.js';
export { DEFAULT_DEADLINE_MS } from './pipeline/deadline.js';
export { executeAction } from './pipeline/execute-action.js';
export {
  DEFAULT_INTERACTION_LIMIT,
  type OmittedType,
  type RetrieveInteractionsOptions,
  retrieveInteractions,
} from './pipeline/retrieve-interactions.js';
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
// Runtime state: contact cache, single-flight and rate budgets, in memory or in a shared store.
export * from './runtime/index.js';
export * from './talkdesk-date.js';
export { zodIssues } from './zod-issues.js';
