/**
 * `@talkbridge/core/contract`: Talkdesk's bridge protocol as zod schemas and their types, with the size
 * limits every field is held to. Changes here are deliberate and rare: they are the protocol.
 */
export * from './contract/action-execution.js';
export * from './contract/agent-synchronization.js';
export * from './contract/auth-validation.js';
export * from './contract/contact-synchronization.js';
export * from './contract/integration-configuration.js';
export * from './contract/interaction-retrieval.js';
export * from './contract/limits.js';
export * from './contract/shared.js';
