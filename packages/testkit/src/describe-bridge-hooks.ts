import {
  type AnyConnector,
  type BridgeError,
  executeAction,
  type PipelineOptions,
  synchronizeAgents,
  synchronizeContacts,
  validateAuthentication,
} from '@talkbridge/core';
import { expect, it } from 'vitest';
import { bridgeErrorOf } from './bridge-error-of.js';
import type { FakeUpstream } from './fake-upstream.js';
import { faults } from './faults.js';
import { cursorInOffset } from './retrieval-harness.js';

export interface BridgeHookScenarios {
  auth: Record<string, unknown>;
  settings?: Record<string, unknown>;
  upstream?: FakeUpstream;
  invalidAuth?: Record<string, unknown>;
  /** For each action the connector declares: a request that succeeds against the fixtures. */
  actions?: Record<
    string,
    { data: Record<string, unknown>; meta?: { contact_external_id?: string; agent_external_id?: string } }
  >;
}

const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** A forged offset: well-formed base64url JSON that this bridge never issued. */
const FORGED_OFFSET = Buffer.from(JSON.stringify({ v: 1, cursor: 'x'.repeat(5000) })).toString('base64url');

/**
 * Conformance tests for the hooks besides interaction retrieval, registered only for the operations the
 * connector implements. Called inside `describeConnector`'s describe block; `errorTexts` collects every
 * error's text for the suite's no-secrets check.
 */
export function describeBridgeHooks(
  connector: AnyConnector,
  scenarios: BridgeHookScenarios,
  options: PipelineOptions,
  errorTexts: string[],
): void {
  const { upstream } = scenarios;
  const pipelineOptions: PipelineOptions = {
    settings: scenarios.settings,
    deadlineMs: 3_000,
    retry: FAST_RETRY,
    ...options,
  };
  const failure = async (promise: Promise<unknown>): Promise<BridgeError> => {
    const error = await bridgeErrorOf(promise);
    errorTexts.push(JSON.stringify({ message: error.message, issues: error.issues, details: error.details }));
    return error;
  };
  const refusedAuth = () => {
    if (upstream) upstream.use(faults.unauthorized(upstream.origin));
    const auth = upstream ? scenarios.auth : scenarios.invalidAuth;
    expect(auth, 'in-memory connectors give scenarios.invalidAuth').toBeDefined();
    return auth;
  };

  if (connector.validateAuth) {
    it('auth validation: accepts the fixture credentials', async () => {
      await expect(
        validateAuthentication(connector, { auth: scenarios.auth }, pipelineOptions),
      ).resolves.not.toThrow();
      if (upstream) expect(upstream.requests.length).toBeLessThanOrEqual(1);
    });

    it('auth validation: refused credentials are invalid_credentials, missing fields invalid_request', async () => {
      const auth = refusedAuth();
      expect((await failure(validateAuthentication(connector, { auth }, pipelineOptions))).code).toBe(
        'invalid_credentials',
      );
      const missing = await failure(validateAuthentication(connector, { auth: {} }, pipelineOptions));
      expect(missing.code).toBe('invalid_request');
      expect(missing.issues?.every((issue) => issue.path.startsWith('auth'))).toBe(true);
    });
  }

  if (connector.syncContacts) {
    it('contact sync: pages through every contact with valid pages, offsets and a checkpoint', async () => {
      const ids: string[] = [];
      let offset: string | undefined;
      let checkpoint: string | undefined;
      let pages = 0;
      do {
        const page = await synchronizeContacts(
          connector,
          { auth: scenarios.auth, meta: offset ? { offset } : {} },
          { ...pipelineOptions, pageSize: 2 },
        );
        ids.push(...page.contacts.map((contact) => contact.id));
        checkpoint = page.synchronization_checkpoint ?? checkpoint;
        // An offset the pipeline issued, holding a cursor (its schema is checked when it comes back).
        if (page.next_offset) expect(cursorInOffset(page.next_offset)).toBeDefined();
        offset = page.next_offset;
        pages += 1;
      } while (offset && pages < 20);
      expect(ids.length).toBeGreaterThan(0);
      expect(new Set(ids).size).toBe(ids.length);
      expect(checkpoint).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

      // Incremental from the checkpoint: at least the contacts of the checkpoint's second come back.
      const incremental = await synchronizeContacts(
        connector,
        { auth: scenarios.auth, meta: { synchronization_checkpoint: checkpoint } },
        pipelineOptions,
      );
      expect(incremental.contacts.length).toBeGreaterThan(0);
      expect(incremental.synchronization_checkpoint).toBe(checkpoint);
    });

    it('contact sync: a forged offset or checkpoint is invalid_request, a refusal invalid_credentials', async () => {
      const forged = await failure(
        synchronizeContacts(
          connector,
          { auth: scenarios.auth, meta: { offset: FORGED_OFFSET } },
          pipelineOptions,
        ),
      );
      expect(forged.code).toBe('invalid_request');
      const badCheckpoint = await failure(
        synchronizeContacts(
          connector,
          { auth: scenarios.auth, meta: { synchronization_checkpoint: 'soon' } },
          pipelineOptions,
        ),
      );
      expect(badCheckpoint.code).toBe('invalid_request');
      const auth = refusedAuth();
      expect((await failure(synchronizeContacts(connector, { auth }, pipelineOptions))).code).toBe(
        'invalid_credentials',
      );
    });
  }

  if (connector.syncAgents) {
    it('agent sync: lists agents with id, name and email; a forged offset is invalid_request', async () => {
      const page = await synchronizeAgents(connector, { auth: scenarios.auth }, pipelineOptions);
      expect(page.agents.length).toBeGreaterThan(0);
      for (const agent of page.agents) expect(agent.id && agent.name && agent.email).toBeTruthy();
      const forged = await failure(
        synchronizeAgents(
          connector,
          { auth: scenarios.auth, meta: { offset: FORGED_OFFSET } },
          pipelineOptions,
        ),
      );
      expect(forged.code).toBe('invalid_request');
    });
  }

  for (const [name, action] of Object.entries(connector.actions ?? {})) {
    it(`action ${name}: runs once against the fixtures and answers a message and an id`, async () => {
      const request = scenarios.actions?.[name];
      expect(request, `give scenarios.actions.${name}`).toBeDefined();
      const result = await executeAction(
        connector,
        name,
        { auth: scenarios.auth, meta: request?.meta ?? {}, data: request?.data ?? {} },
        pipelineOptions,
      );
      expect(result.message).toBeTruthy();
      expect(result.external_id ?? result.contact_external_id).toBeTruthy();
    });

    const mandatory = action.inputs.filter((input) => input.mandatory);
    if (mandatory.length > 0) {
      it(`action ${name}: a missing mandatory input is invalid_request naming it, with nothing sent`, async () => {
        const error = await failure(
          executeAction(
            connector,
            name,
            { auth: scenarios.auth, meta: scenarios.actions?.[name]?.meta ?? {}, data: {} },
            pipelineOptions,
          ),
        );
        expect(error.code).toBe('invalid_request');
        expect(error.issues?.map((issue) => issue.path)).toEqual(
          mandatory.map((input) => `data.${input.key}`),
        );
        expect(upstream?.requests ?? []).toHaveLength(0);
      });
    }

    if (upstream) {
      it(`action ${name}: is not retried after a 5xx (it may have created something)`, async () => {
        upstream.use(faults.failWrites(upstream.origin, 503));
        const request = scenarios.actions?.[name];
        const error = await failure(
          executeAction(
            connector,
            name,
            { auth: scenarios.auth, meta: request?.meta ?? {}, data: request?.data ?? {} },
            pipelineOptions,
          ),
        );
        expect(error.code).toBe('upstream_unavailable');
        // Each write not marked with an idempotency key counts; repeats of one key are one write.
        const writes = upstream.requests.filter((recorded) => recorded.method !== 'GET');
        const keyed = new Set(
          writes.map((recorded) => recorded.headers.get('idempotency-key')).filter((key) => key !== null),
        );
        const unkeyed = writes.filter((recorded) => recorded.headers.get('idempotency-key') === null);
        expect(unkeyed.length + keyed.size).toBeLessThanOrEqual(1);
        expect(writes.length).toBeGreaterThan(0);
      });
    }
  }
}
