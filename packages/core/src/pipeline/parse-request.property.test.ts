import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineConnector } from '../connector.js';
import { actionExecutionRequestSchema } from '../contract/action-execution.js';
import { agentSynchronizationRequestSchema } from '../contract/agent-synchronization.js';
import { authValidationRequestSchema } from '../contract/auth-validation.js';
import { contactSynchronizationRequestSchema } from '../contract/contact-synchronization.js';
import { interactionRetrievalRequestSchema } from '../contract/interaction-retrieval.js';
import { BridgeError } from '../errors.js';
import { executeAction } from './execute-action.js';
import { parseRequest } from './parse-request.js';
import { retrieveInteractions } from './retrieve-interactions.js';

const schemas = {
  interactionRetrievalRequestSchema,
  authValidationRequestSchema,
  contactSynchronizationRequestSchema,
  agentSynchronizationRequestSchema,
  actionExecutionRequestSchema,
};

/** Any JSON, deep ones included, and bodies shaped like a hook's (so the schemas get past the top level). */
const anyJson = fc.jsonValue({ maxDepth: 40 });
const hookShaped = fc.record(
  {
    auth: fc.oneof(anyJson, fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), anyJson))),
    meta: fc.oneof(
      anyJson,
      fc.record({ interaction_types: anyJson, offset: anyJson, contact_external_id: anyJson }),
    ),
    data: fc.oneof(
      anyJson,
      fc.record({
        contact_emails: fc.oneof(anyJson, fc.array(fc.string(), { maxLength: 80 })),
        contact_phones: fc.oneof(anyJson, fc.array(fc.string(), { maxLength: 80 })),
        contact_external_id: anyJson,
        contact_name: anyJson,
      }),
    ),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(anyJson, hookShaped);

/** Returns, or throws a 400-shaped BridgeError: nothing else. */
function expectParsedOr400(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(BridgeError.isInstance(error)).toBe(true);
    expect((error as BridgeError).code).toBe('invalid_request');
    expect((error as BridgeError).message).not.toMatch(/\n\s+at /);
  }
}

const quiet = defineConnector({
  id: 'quiet',
  displayName: 'Quiet',
  description: 'Finds no one.',
  auth: z.object({ token: z.string().min(1) }),
  interactions: { case: async () => [] },
  findContacts: async () => [],
  actions: {
    note: {
      display: 'Note',
      description: 'Takes a note.',
      inputs: [{ key: 'text', name: 'Text', mandatory: true }],
      run: async () => ({}),
    },
  },
});

describe('request parsing on arbitrary JSON', () => {
  it('every hook schema parses it or answers invalid_request', () => {
    fc.assert(
      fc.property(body, (value) => {
        for (const schema of Object.values(schemas)) expectParsedOr400(() => parseRequest(schema, value));
      }),
      { numRuns: 400 },
    );
  });

  it('the pipelines answer it or reject with invalid_request, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        for (const run of [
          () => retrieveInteractions(quiet, value),
          () => executeAction(quiet, 'note', value),
        ]) {
          const outcome = await run().then(
            () => undefined,
            (error: unknown) => error,
          );
          if (outcome === undefined) continue;
          expect(BridgeError.isInstance(outcome) && outcome.code).toBe('invalid_request');
        }
      }),
      { numRuns: 200 },
    );
  });
});
