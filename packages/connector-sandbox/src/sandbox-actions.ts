// The actions Talkdesk can run in the sandbox.
import {
  type ActionExecutionResponse,
  type ActionRequest,
  actionContactOf,
  BridgeError,
  CONTACT_EMAIL_INPUT,
  type ConnectorAction,
  fieldError,
} from '@talkbridge/core';
import { type SandboxContext, sandboxUrl } from './sandbox-context.js';
import type { SandboxData, SandboxInteraction } from './sandbox-data.js';
import { nextSandboxId, openSandbox, storeCreated } from './sandbox-store.js';

const PRIORITIES = ['none', 'low', 'normal', 'high', 'urgent'] as const;

/**
 * The sandbox's actions. Each adds an item to the in-memory service, so the next retrieval shows it.
 * The contact is `meta.contact_external_id`; without one, `contact_email` finds or creates one.
 */
export const sandboxActions: Record<string, ConnectorAction<SandboxContext>> = {
  create_ticket: {
    display: 'create a case',
    description: 'create a new case in the sandbox',
    inputs: [
      { key: 'subject', name: 'Case subject', mandatory: true },
      { key: 'description', name: 'Case description', mandatory: false },
      { key: 'priority', name: 'Priority (none, low, normal, high, urgent)', mandatory: false },
      CONTACT_EMAIL_INPUT,
      { key: 'contact_name', name: 'Contact name, for a new contact', mandatory: false },
    ],
    run: (ctx, request) => addInteraction(ctx, request, 'case', 'new'),
  },
  log_call: {
    display: 'log a call',
    description: 'log a call on the contact in the sandbox',
    inputs: [
      { key: 'subject', name: 'Call summary', mandatory: true },
      { key: 'description', name: 'Call notes', mandatory: false },
      CONTACT_EMAIL_INPUT,
      { key: 'contact_name', name: 'Contact name, for a new contact', mandatory: false },
    ],
    run: (ctx, request) => addInteraction(ctx, request, 'call', 'closed'),
  },
  create_note: {
    display: 'add a note',
    description: 'add a note to the contact in the sandbox',
    inputs: [
      { key: 'subject', name: 'Note title', mandatory: true },
      { key: 'description', name: 'Note text', mandatory: false },
      CONTACT_EMAIL_INPUT,
      { key: 'contact_name', name: 'Contact name, for a new contact', mandatory: false },
    ],
    run: (ctx, request) => addInteraction(ctx, request, 'note', 'closed'),
  },
};

async function addInteraction(
  ctx: SandboxContext,
  request: ActionRequest,
  type: SandboxInteraction['type'],
  status: SandboxInteraction['status'],
): Promise<ActionExecutionResponse> {
  const data = openSandbox(ctx);
  const priority = parsePriority(request.data.priority);
  if (request.agentExternalId && !data.agents.some((agent) => agent.id === request.agentExternalId)) {
    throw new BridgeError('action_failed', `No agent has id "${request.agentExternalId}"`);
  }
  const { contactId, created } = findOrCreateContact(ctx, data, request);
  const id = nextSandboxId(data);
  const now = new Date().toISOString();
  storeCreated(data, 'interactions', {
    id,
    contactId,
    type,
    subject: request.data.subject as string,
    ...(request.data.description ? { description: request.data.description } : {}),
    date: now,
    priority,
    status,
    ...(request.agentExternalId ? { agentId: request.agentExternalId } : {}),
  });
  return {
    message: `${type === 'case' ? 'Case' : type === 'call' ? 'Call' : 'Note'} ${id} created`,
    external_id: id,
    ...(created
      ? {
          contact_external_id: contactId,
          contact_external_type: 'contact',
          contact_external_url: sandboxUrl(ctx, 'contacts', contactId),
        }
      : {}),
  };
}

function findOrCreateContact(
  ctx: SandboxContext,
  data: SandboxData,
  request: ActionRequest,
): { contactId: string; created: boolean } {
  const contact = actionContactOf(request, { needs: 'a sandbox item needs a contact' });
  if (contact.by === 'id') {
    // The service does not know that contact: its refusal, as a vendor's would be.
    if (!data.contacts.some((known) => known.id === contact.id)) {
      throw new BridgeError('action_failed', `No contact has id "${contact.id}"`);
    }
    return { contactId: contact.id, created: false };
  }
  const { email } = contact;
  const existing = data.contacts.find((contact) =>
    contact.emails.some((known) => known.toLowerCase() === email),
  );
  if (existing) return { contactId: existing.id, created: false };
  const contactId = nextSandboxId(data);
  storeCreated(data, 'contacts', {
    id: contactId,
    name: request.data.contact_name ?? email,
    emails: [email],
    phones: [],
    updatedAt: new Date().toISOString(),
  });
  ctx.log.info({ contact_id: contactId }, 'sandbox contact created by an action');
  return { contactId, created: true };
}

function parsePriority(text: string | undefined): SandboxInteraction['priority'] {
  if (text === undefined) return 'normal';
  const priority = PRIORITIES.find((candidate) => candidate === text.toLowerCase());
  if (!priority) throw fieldError('data.priority', `expected one of ${PRIORITIES.join(', ')}`);
  return priority;
}
