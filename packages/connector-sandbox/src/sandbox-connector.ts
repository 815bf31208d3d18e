import { defineConnector } from '@talkbridge/core';
import { sandboxActions } from './sandbox-actions.js';
import { findSandboxContacts } from './sandbox-contacts.js';
import { sandboxAuth, sandboxSettings } from './sandbox-context.js';
import { listSandboxCalls, listSandboxCases, listSandboxNotes } from './sandbox-interactions.js';
import { openSandbox } from './sandbox-store.js';
import { sandboxAgentSync, sandboxContactSync } from './sandbox-sync.js';

export const sandbox = defineConnector({
  id: 'sandbox',
  displayName: 'Sandbox',
  description: 'An in-memory demo service with seeded contacts, cases, notes and calls: no account needed.',
  auth: sandboxAuth,
  settings: sandboxSettings,
  interactions: { case: listSandboxCases, note: listSandboxNotes, call: listSandboxCalls },
  actions: sandboxActions,

  async validateAuth(ctx) {
    openSandbox(ctx);
    return undefined;
  },
  syncContacts: sandboxContactSync,
  syncAgents: sandboxAgentSync,
  findContacts: findSandboxContacts,
});
