import { describe, expect, it } from 'vitest';
import * as contract from './contract.js';
import * as core from './index.js';
import * as internal from './internal.js';
import { silentLogger } from './logger.js';

describe('@talkbridge/core public surface', () => {
  it('exports the connector definition, the pipelines, the errors and the authoring kit', () => {
    for (const name of [
      'defineConnector',
      'contactSync',
      'agentSync',
      'retrieveInteractions',
      'validateAuthentication',
      'synchronizeContacts',
      'synchronizeAgents',
      'executeAction',
      'BridgeError',
      'toBridgeError',
      'fieldError',
      'invalidOffset',
      'actionContactOf',
      'escapeHtml',
      'chunk',
      'createTtlCache',
      'optionalLookup',
      'refusalOf',
      'isEmailAddress',
      'plainTextPreview',
      'toTalkdeskDate',
      'toE164',
      'silentLogger',
    ]) {
      expect((core as Record<string, unknown>)[name], name).toBeDefined();
    }
    expect(core.DEFAULT_INTERACTION_LIMIT).toBe(50);
  });

  it('keeps the pipeline internals off the public entry point', () => {
    for (const name of [
      'runOperation',
      'createConnectorContext',
      'startDeadline',
      'parseAuth',
      'resolveContacts',
      'applyAuth',
      'backoffDelay',
      'encodeSyncOffset',
      'createHttpClient',
      'interactionRetrievalRequestSchema',
    ]) {
      expect(core, name).not.toHaveProperty(name);
    }
    expect(internal).toHaveProperty('runOperation');
  });

  it('exports the protocol schemas from @talkbridge/core/contract', () => {
    for (const name of [
      'interactionRetrievalRequestSchema',
      'interactionRetrievalResponseSchema',
      'authValidationRequestSchema',
      'contactSynchronizationRequestSchema',
      'contactSynchronizationResponseSchema',
      'agentSynchronizationResponseSchema',
      'actionExecutionRequestSchema',
      'actionExecutionResponseSchema',
      'integrationConfigurationSchema',
      'actionConfigurationSchema',
      'MAX_CONTACT_EMAILS',
    ]) {
      expect((contract as Record<string, unknown>)[name], name).toBeDefined();
    }
  });
});

describe('silentLogger', () => {
  it('accepts every level and does nothing', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      expect(silentLogger[level]({ a: 1 }, 'message')).toBeUndefined();
    }
  });
});
