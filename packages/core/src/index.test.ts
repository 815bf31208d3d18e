import { describe, expect, it } from 'vitest';
import * as core from './index.js';
import { silentLogger } from './logger.js';

describe('@talkbridge/core public surface', () => {
  it('exports the contract, the connector definition, the pipeline and the error helpers', () => {
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
      'defineConnector',
      'retrieveInteractions',
      'selectTypes',
      'resolveContacts',
      'toContactQuery',
      'withinDeadline',
      'startDeadline',
      'parseRequest',
      'parseAuth',
      'parseSettings',
      'BridgeError',
      'toBridgeError',
      'invalidRequestFromZod',
      'formatIssuePath',
      'toTalkdeskDate',
      'talkdeskDateToMillis',
      'toE164',
      'silentLogger',
    ]) {
      expect(core, name).toHaveProperty(name);
      expect((core as Record<string, unknown>)[name], name).toBeDefined();
    }
    expect(core.DEFAULT_INTERACTION_LIMIT).toBe(50);
  });
});

describe('silentLogger', () => {
  it('accepts every level and does nothing', () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      expect(silentLogger[level]({ a: 1 }, 'message')).toBeUndefined();
    }
  });
});
