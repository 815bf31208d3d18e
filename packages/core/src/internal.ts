/**
 * `@talkbridge/core/internal`: the pipeline's moving parts, for talkbridge's own packages (the gateway, the
 * testkit, runtime stores). Not part of the public API: anything here may change in any release. Connector
 * authors and consumers need only `@talkbridge/core` and `@talkbridge/core/contract`.
 */
export {
  AddressNotAllowedError,
  guardedLookup,
  type HostResolver,
  isPublicAddress,
  type ResolvedAddress,
  systemResolver,
} from './http/address-guard.js';
export { applyAuth, encodedSecretsOf } from './http/http-auth.js';
export { createHttpClient, DEFAULT_ATTEMPT_TIMEOUT_MS, type HttpClientOptions } from './http/http-client.js';
export { DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, readBodyText } from './http/read-body.js';
export { backoffDelay, RETRYABLE_STATUSES, requestedWaitMs } from './http/retry-policy.js';
export { templateOf } from './http/url-path.js';
export { createConnectorContext, unavailableHttpClient } from './pipeline/connector-context.js';
export { toContactQuery } from './pipeline/contact-query.js';
export { deadlineExceeded, startDeadline, withinDeadline } from './pipeline/deadline.js';
export { parseAuth, parseRequest, parseSettings } from './pipeline/parse-request.js';
export { resolveContacts } from './pipeline/resolve-contacts.js';
export { selectTypes } from './pipeline/retrieve-interactions.js';
export { runOperation } from './pipeline/run-operation.js';
export { decodeSyncOffset, encodeSyncOffset, nextOffset, type SyncOffset } from './pipeline/sync-offset.js';
export * from './redact.js';
export { formatIssuePath, invalidRequestFromZod, MAX_REPORTED_ISSUES } from './zod-issues.js';
