export * from './connector.js';
export * from './contract/action-execution.js';
export * from './contract/agent-synchronization.js';
export * from './contract/auth-validation.js';
export * from './contract/contact-synchronization.js';
export * from './contract/integration-configuration.js';
export * from './contract/interaction-retrieval.js';
export * from './contract/shared.js';
export * from './errors.js';
export * from './logger.js';
export * from './phone.js';
export { toContactQuery } from './pipeline/contact-query.js';
export { DEFAULT_DEADLINE_MS, deadlineExceeded, startDeadline, withinDeadline } from './pipeline/deadline.js';
export { parseAuth, parseRequest, parseSettings } from './pipeline/parse-request.js';
export { resolveContacts } from './pipeline/resolve-contacts.js';
export {
  DEFAULT_INTERACTION_LIMIT,
  type RetrieveInteractionsOptions,
  retrieveInteractions,
  selectTypes,
} from './pipeline/retrieve-interactions.js';
export * from './redact.js';
export * from './talkdesk-date.js';
export * from './zod-issues.js';
