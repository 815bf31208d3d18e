import { defineConnector, toE164 } from '@talkbridge/core';
import { z } from 'zod';
import { sandboxActions } from './sandbox-actions.js';
import { loadSandboxDataFile, type SandboxContact } from './sandbox-data.js';
import { openSandbox, sandboxUrl } from './sandbox-store.js';
import { syncSandboxAgents, syncSandboxContacts } from './sandbox-sync.js';

const sandboxAuth = z.object({
  username: z.string().min(1, 'expected the sandbox username'),
  password: z.string().min(1, 'expected the sandbox password'),
});

const sandboxSettings = z.object({
  /**
   * A JSON file with the same shape as the built-in data (see README). Loaded and validated when the
   * settings are, so a gateway refuses to start on a bad file instead of failing requests later.
   */
  dataFile: z
    .string()
    .min(1)
    .superRefine((path, ctx) => {
      try {
        loadSandboxDataFile(path);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional()
    // A path: the gateway resolves a relative one against its config file's directory.
    .meta({ filePath: true, description: 'A JSON file of contacts, agents and interactions (see README)' }),
});

export type SandboxSettings = z.input<typeof sandboxSettings>;

// A contact's phones in E.164, worked out once per contact: parsing phone numbers is the costliest part of
// a sandbox lookup. Keyed by the contact object, so a contact replaced or dropped takes its entry with it.
const e164ByContact = new WeakMap<SandboxContact, string[]>();

function storedPhonesInE164(contact: SandboxContact): string[] {
  let phones = e164ByContact.get(contact);
  if (!phones) {
    phones = contact.phones
      .map((phone) => toE164(phone))
      .filter((phone): phone is string => phone !== undefined);
    e164ByContact.set(contact, phones);
  }
  return phones;
}

export const sandbox = defineConnector({
  id: 'sandbox',
  displayName: 'Sandbox',
  description: 'An in-memory demo service with seeded contacts, cases, notes and calls: no account needed.',
  auth: sandboxAuth,
  settings: sandboxSettings,
  interactionTypes: ['case', 'note', 'call'],
  actions: sandboxActions,

  async validateAuth(ctx) {
    openSandbox(ctx);
    return undefined;
  },
  syncContacts: syncSandboxContacts,
  syncAgents: syncSandboxAgents,

  async findContacts(ctx, lookup) {
    const data = openSandbox(ctx);
    switch (lookup.by) {
      case 'externalId':
        return data.contacts.filter((contact) => contact.id === lookup.externalId).map(({ id }) => ({ id }));
      case 'email': {
        const wanted = new Set(lookup.emails);
        return data.contacts
          .filter((contact) => contact.emails.some((email) => wanted.has(email.trim().toLowerCase())))
          .map(({ id }) => ({ id }));
      }
      case 'phone': {
        const wanted = new Set(lookup.phones);
        return data.contacts
          .filter((contact) => storedPhonesInE164(contact).some((phone) => wanted.has(phone)))
          .map(({ id }) => ({ id }));
      }
    }
  },

  async listInteractions(ctx, contacts, type) {
    const data = openSandbox(ctx);
    const contactIds = new Set(contacts.map((contact) => contact.id));
    return data.interactions
      .filter((interaction) => interaction.type === type && contactIds.has(interaction.contactId))
      .sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
      .slice(0, ctx.limit)
      .map((interaction) => ({
        id: interaction.id,
        subject: interaction.subject,
        ...(interaction.description ? { description: interaction.description } : {}),
        date: interaction.date,
        url: sandboxUrl(ctx, `${interaction.type}s`, interaction.id),
        priority: interaction.priority,
        status: interaction.status,
      }));
  },
});
