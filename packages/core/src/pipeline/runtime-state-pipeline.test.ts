import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ContactLookup, type ContactRef, defineConnector } from '../connector.js';
import { BridgeError } from '../errors.js';
import type { RuntimeStateEvent } from '../runtime/runtime-events.js';
import { createMemoryRuntimeState } from '../runtime/runtime-state.js';
import { executeAction } from './execute-action.js';
import { retrieveInteractions } from './retrieve-interactions.js';

/** A service with one contact per email, counting every lookup and listing the pipeline makes. */
function countingService() {
  const lookups: ContactLookup[] = [];
  const listings: string[] = [];
  const contacts = new Map([['jane@example.com', '42']]);
  let releaseListings: (() => void) | undefined;
  let listingsHeld: Promise<void> | undefined;
  const connector = defineConnector({
    id: 'counting',
    displayName: 'Counting',
    description: 'test',
    auth: z.object({ token: z.string() }),
    interactions: Object.fromEntries(
      ['ticket', 'note'].map(
        (type) =>
          [
            type,
            async (_ctx: unknown, found: ContactRef[]) => {
              listings.push(type);
              await listingsHeld;
              return found.map((contact) => ({
                id: `${type}-${contact.id}`,
                subject: `${type} of ${contact.id}`,
                date: '2026-11-30T10:00:00Z',
                priority: 'normal' as const,
                status: 'open' as const,
              }));
            },
          ] as const,
      ),
    ),
    async findContacts(_ctx, lookup) {
      lookups.push(lookup);
      if (lookup.by !== 'email') return [];
      return lookup.emails.flatMap((email) => {
        const id = contacts.get(email);
        return id ? [{ id }] : [];
      });
    },

    actions: {
      create_contact: {
        display: 'create a contact',
        description: 'create a contact',
        inputs: [{ key: 'email', name: 'Email', mandatory: true }],
        async run(_ctx, request) {
          const email = request.data.email as string;
          if (email === 'refuse@example.com') throw new BridgeError('action_failed', 'refused');
          contacts.set(email, '77');
          return { message: 'created', external_id: '77' };
        },
      },
    },
  });
  return {
    connector,
    lookups,
    listings,
    hold() {
      listingsHeld = new Promise((resolve) => {
        releaseListings = resolve;
      });
    },
    release: () => releaseListings?.(),
  };
}

const auth = { token: 'tok-123456' };
const view = (email: string) => ({ auth, data: { contact_emails: [email] } });

describe('the pipeline with a runtime state', () => {
  it('answers a repeat view within the TTL without any contact lookup, and lists interactions afresh', async () => {
    const service = countingService();
    const events: RuntimeStateEvent[] = [];
    const runtimeState = createMemoryRuntimeState({ onEvent: (event) => events.push(event) });
    const options = { runtimeState, integrationId: 'counting-acme' };
    const first = await retrieveInteractions(service.connector, view('jane@example.com'), options);
    const second = await retrieveInteractions(service.connector, view('jane@example.com'), options);
    expect(second).toEqual(first);
    expect(first).toHaveLength(2);
    expect(service.lookups).toHaveLength(1);
    expect(service.listings).toEqual(['ticket', 'note', 'ticket', 'note']);
    expect(events).toContainEqual({
      type: 'contact_cache',
      outcome: 'hit',
      integrationId: 'counting-acme',
      found: true,
    });
  });

  it('looks up every time with the TTL at 0 for the integration', async () => {
    const service = countingService();
    const options = { runtimeState: createMemoryRuntimeState(), contactCacheTtlMs: 0 };
    await retrieveInteractions(service.connector, view('jane@example.com'), options);
    await retrieveInteractions(service.connector, view('jane@example.com'), options);
    expect(service.lookups).toHaveLength(2);
  });

  it('runs eight identical views at once as one', async () => {
    const service = countingService();
    const events: RuntimeStateEvent[] = [];
    const runtimeState = createMemoryRuntimeState({ onEvent: (event) => events.push(event) });
    service.hold();
    const views = Array.from({ length: 8 }, () =>
      retrieveInteractions(service.connector, view('jane@example.com'), { runtimeState }),
    );
    while (service.listings.length < 2) await new Promise((resolve) => setImmediate(resolve));
    service.release();
    const answers = await Promise.all(views);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(service.lookups).toHaveLength(1);
    expect(service.listings).toEqual(['ticket', 'note']);
    expect(events.filter((event) => event.type === 'coalesced' && event.what === 'retrieval')).toHaveLength(
      7,
    );
    // Views of other contacts or with other credentials are not merged with them.
    await retrieveInteractions(
      service.connector,
      { ...view('jane@example.com'), auth: { token: 'tok-other' } },
      {
        runtimeState,
      },
    );
    expect(service.lookups).toHaveLength(2);
  });

  it("lets a caller that goes away stop waiting without failing the others' shared run", async () => {
    const service = countingService();
    const runtimeState = createMemoryRuntimeState();
    service.hold();
    const leaving = new AbortController();
    const first = retrieveInteractions(service.connector, view('jane@example.com'), {
      runtimeState,
      signal: leaving.signal,
    });
    const second = retrieveInteractions(service.connector, view('jane@example.com'), { runtimeState });
    while (service.listings.length < 2) await new Promise((resolve) => setImmediate(resolve));
    leaving.abort();
    await expect(first).rejects.toMatchObject({ code: 'deadline_exceeded' });
    service.release();
    expect(await second).toHaveLength(2);
  });

  it('drops cached resolutions after an action, so a contact just created is found', async () => {
    const service = countingService();
    const runtimeState = createMemoryRuntimeState();
    const options = { runtimeState, integrationId: 'counting-acme' };
    expect(await retrieveInteractions(service.connector, view('new@example.com'), options)).toEqual([]);
    expect(await retrieveInteractions(service.connector, view('new@example.com'), options)).toEqual([]);
    expect(service.lookups).toHaveLength(1);
    await executeAction(
      service.connector,
      'create_contact',
      { auth, data: { email: 'new@example.com' } },
      options,
    );
    expect(await retrieveInteractions(service.connector, view('new@example.com'), options)).toHaveLength(2);
    expect(service.lookups).toHaveLength(2);
    // A failed action invalidates too: it may have changed something before failing.
    await expect(
      executeAction(
        service.connector,
        'create_contact',
        { auth, data: { email: 'refuse@example.com' } },
        options,
      ),
    ).rejects.toMatchObject({ code: 'action_failed' });
    await retrieveInteractions(service.connector, view('new@example.com'), options);
    expect(service.lookups).toHaveLength(3);
  });
});
