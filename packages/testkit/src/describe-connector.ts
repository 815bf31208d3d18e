import {
  type AnyConnector,
  type BridgeError,
  type Interaction,
  type RetrieveInteractionsOptions,
  retrieveInteractions,
  type UpstreamCallEvent,
} from '@talkbridge/core';
import { interactionRetrievalResponseSchema } from '@talkbridge/core/contract';
import { secretsOf } from '@talkbridge/core/internal';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bridgeErrorOf } from './bridge-error-of.js';
import { createCaptureLogger } from './capture-logger.js';
import { type BridgeHookScenarios, describeBridgeHooks } from './describe-bridge-hooks.js';
import type { FakeUpstream } from './fake-upstream.js';
import { faults } from './faults.js';

/** What a connector's conformance run needs: its fixtures, and the fake service that serves them. */
export interface ConnectorScenarios {
  /** Credentials the (fake) service accepts. */
  auth: Record<string, unknown>;
  /** The connector's options; an HTTP connector sets `baseUrl: upstream.origin`. */
  settings?: Record<string, unknown>;
  /** The fake service with handlers for the fixtures. Omitted for in-memory connectors. */
  upstream?: FakeUpstream;
  /**
   * A contact the fixtures hold, with at least one interaction: findable by its external id, by `email`,
   * and by `phone` (give it in another formatting than the service stores).
   */
  contact: { externalId: string; email: string; phone?: string };
  /** An external id the service does not know (merged or deleted). */
  staleExternalId: string;
  /** An email no contact has: the service must answer "nobody". Default `nobody@conformance.invalid`. */
  unknownEmail?: string;
  /** Credentials the service refuses, for connectors without `upstream` (HTTP ones get a 401 fault). */
  invalidAuth?: Record<string, unknown>;
  /** Credentials whose tenant-derived host is outside the connector's host patterns. */
  hostileAuth?: Record<string, unknown>;
  /** For each action the connector declares: a request that succeeds against the fixtures. */
  actions?: BridgeHookScenarios['actions'];
}

// Short waits keep the suite fast; the rules under test are the same.
const FAST_RETRY = { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/**
 * The conformance suite: registers vitest tests that hold a connector to the behaviour everyone relies
 * on (ENGINEERING.md). Call it at the top level of its own test file.
 */
export function describeConnector(connector: AnyConnector, scenarios: ConnectorScenarios): void {
  const { upstream, contact } = scenarios;
  const primaryType = connector.interactionTypes[0] as string;
  const unknownEmail = scenarios.unknownEmail ?? 'nobody@conformance.invalid';
  const log = createCaptureLogger();
  const errorTexts: string[] = [];

  const retrieve = (
    data: Record<string, unknown>,
    types?: string[],
    overrides: { auth?: Record<string, unknown>; options?: RetrieveInteractionsOptions } = {},
  ): Promise<Interaction[]> =>
    retrieveInteractions(
      connector,
      {
        auth: overrides.auth ?? scenarios.auth,
        ...(types ? { meta: { interaction_types: types } } : {}),
        data,
      },
      { settings: scenarios.settings, deadlineMs: 3_000, retry: FAST_RETRY, log, ...overrides.options },
    );

  /** The BridgeError a retrieval fails with; its text is kept for the no-secrets check. */
  const failure = async (promise: Promise<unknown>): Promise<BridgeError> => {
    const error = await bridgeErrorOf(promise);
    errorTexts.push(JSON.stringify({ message: error.message, issues: error.issues, details: error.details }));
    return error;
  };

  const idsOf = (answer: Interaction[]) => answer.map((item) => item.id).sort();

  describe(`connector conformance: ${connector.id}`, () => {
    if (upstream) {
      beforeAll(() => upstream.listen());
      afterEach(() => upstream.reset());
      afterAll(() => upstream.close());
    }

    let baseline: Interaction[] = [];

    it('answers within the Talkdesk contract, found by external id', async () => {
      baseline = await retrieve({ contact_external_id: contact.externalId });
      expect(interactionRetrievalResponseSchema.safeParse(baseline).success).toBe(true);
      expect(baseline.length).toBeGreaterThan(0);
      for (const item of baseline) expect(connector.interactionTypes).toContain(item.type);
      const times = baseline.map((item) =>
        Date.parse(`${item.date.slice(0, 10)}T${item.date.slice(11, 19)}Z`),
      );
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('returns only the requested types, ignoring unknown ones', async () => {
      const answer = await retrieve({ contact_external_id: contact.externalId }, [
        primaryType,
        'no-such-type',
      ]);
      expect(answer.length).toBeGreaterThan(0);
      for (const item of answer) expect(item.type).toBe(primaryType);
    });

    it('finds the same contact by email alone', async () => {
      expect(idsOf(await retrieve({ contact_emails: [contact.email.toUpperCase()] }))).toEqual(
        idsOf(baseline),
      );
    });

    if (contact.phone) {
      const phone = contact.phone;
      it('finds the same contact by a phone in another format', async () => {
        expect(idsOf(await retrieve({ contact_phones: [phone] }))).toEqual(idsOf(baseline));
      });
    }

    it('falls back to the email when the external id is stale', async () => {
      const answer = await retrieve({
        contact_external_id: scenarios.staleExternalId,
        contact_emails: [contact.email],
      });
      expect(idsOf(answer)).toEqual(idsOf(baseline));
    });

    it('answers [] when nobody matches', async () => {
      expect(
        await retrieve({ contact_external_id: scenarios.staleExternalId, contact_emails: [unknownEmail] }),
      ).toEqual([]);
    });

    it('reports refused credentials as invalid_credentials', async () => {
      if (upstream) upstream.use(faults.unauthorized(upstream.origin));
      const auth = upstream ? scenarios.auth : scenarios.invalidAuth;
      expect(auth, 'in-memory connectors give scenarios.invalidAuth').toBeDefined();
      const error = await failure(retrieve({ contact_external_id: contact.externalId }, undefined, { auth }));
      expect(error.code).toBe('invalid_credentials');
    });

    if (upstream) {
      it('fails at once with rate_limited when Retry-After is past the deadline', async () => {
        upstream.use(faults.rateLimited(upstream.origin, 120));
        const calls: UpstreamCallEvent[] = [];
        const error = await failure(
          retrieve({ contact_external_id: contact.externalId }, undefined, {
            options: { onUpstreamCall: (call) => calls.push(call) },
          }),
        );
        expect(error.code).toBe('rate_limited');
        expect(error.retryAfterSeconds).toBe(120);
        // Nothing was sent again. (The calls of the first round — a lookup, and the listers of a connector
        // that lists by a synced id in the same round — may each have gone out once.)
        expect(calls.length).toBeGreaterThan(0);
        expect(calls.map((call) => call.attempts)).toEqual(calls.map(() => 1));
        expect(upstream.requests).toHaveLength(calls.length);
      });

      it('waits out a Retry-After that fits the deadline, then answers', async () => {
        upstream.use(faults.failFirst(upstream.origin, 1, 429, { 'retry-after': '0' }));
        expect(idsOf(await retrieve({ contact_external_id: contact.externalId }))).toEqual(idsOf(baseline));
      });

      it('retries a 5xx and then answers', async () => {
        upstream.use(faults.failFirst(upstream.origin, 1, 503));
        const calls: UpstreamCallEvent[] = [];
        const answer = await retrieve({ contact_external_id: contact.externalId }, undefined, {
          options: { onUpstreamCall: (call) => calls.push(call) },
        });
        expect(idsOf(answer)).toEqual(idsOf(baseline));
        // The refused call was sent again, once; every other call once.
        expect(calls.map((call) => call.attempts).sort()).toEqual([...calls.map(() => 1).slice(1), 2]);
        expect(upstream.requests).toHaveLength(calls.length + 1);
      });

      it('gives up with deadline_exceeded when the service hangs', async () => {
        upstream.use(faults.hang(upstream.origin));
        const error = await failure(
          retrieve({ contact_external_id: contact.externalId }, undefined, { options: { deadlineMs: 300 } }),
        );
        expect(error.code).toBe('deadline_exceeded');
      });

      it('reports malformed JSON as upstream_invalid_response', async () => {
        upstream.use(faults.malformedJson(upstream.origin));
        const error = await failure(retrieve({ contact_external_id: contact.externalId }));
        expect(error.code).toBe('upstream_invalid_response');
      });

      it('refuses an oversized answer as upstream_invalid_response', async () => {
        upstream.use(faults.oversized(upstream.origin, 4096));
        const error = await failure(
          retrieve({ contact_external_id: contact.externalId }, undefined, {
            options: { maxResponseBytes: 1024 },
          }),
        );
        expect(error.code).toBe('upstream_invalid_response');
      });
    }

    if (scenarios.hostileAuth) {
      const hostileAuth = scenarios.hostileAuth;
      it('refuses a tenant host outside its patterns before any request', async () => {
        const { baseUrl: _operatorOrigin, ...settingsWithoutBaseUrl } = scenarios.settings ?? {};
        const error = await failure(
          retrieveInteractions(
            connector,
            { auth: hostileAuth, data: { contact_external_id: contact.externalId } },
            { settings: settingsWithoutBaseUrl, log },
          ),
        );
        expect(error.code).toBe('host_not_allowed');
        expect(upstream?.requests ?? []).toHaveLength(0);
      });
    }

    describeBridgeHooks(connector, scenarios, { log }, errorTexts);

    it('never put a credential in an error or a log line', () => {
      const secrets = [...secretsOf(scenarios.auth), ...secretsOf(scenarios.invalidAuth ?? {})].filter(
        (secret) => secret.length >= 6,
      );
      const printed = `${log.text()}\n${errorTexts.join('\n')}`;
      expect(errorTexts.length).toBeGreaterThan(0);
      for (const secret of secrets) expect(printed).not.toContain(secret);
    });
  });
}
