import { timingSafeEqual } from 'node:crypto';
import { BridgeError, type ConnectorContext, defineConnector, toE164 } from '@talkbridge/core';
import { z } from 'zod';
import { loadSandboxDataFile, type SandboxData } from './sandbox-data.js';
import { createSandboxSeed } from './sandbox-seed.js';

/** Where the sandbox's interactions "live" when no `baseUrl` is configured. */
export const SANDBOX_DEFAULT_URL = 'https://sandbox.talkbridge.example';

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
    .optional(),
});

export type SandboxSettings = z.input<typeof sandboxSettings>;
type SandboxContext = ConnectorContext<z.output<typeof sandboxAuth>, z.output<typeof sandboxSettings>>;

let builtInData: SandboxData | undefined;

function dataFor(ctx: SandboxContext): SandboxData {
  if (ctx.settings.dataFile) return loadSandboxDataFile(ctx.settings.dataFile);
  builtInData ??= createSandboxSeed();
  return builtInData;
}

/** The sandbox service checks credentials like a real one: anything but its account is a 401. */
function authenticate(ctx: SandboxContext): SandboxData {
  const data = dataFor(ctx);
  const valid =
    sameText(ctx.auth.username, data.account.username) && sameText(ctx.auth.password, data.account.password);
  if (!valid) throw new BridgeError('invalid_credentials', 'The sandbox service refused these credentials');
  return data;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export const sandbox = defineConnector({
  id: 'sandbox',
  displayName: 'Sandbox',
  description: 'An in-memory demo service with seeded contacts, cases, notes and calls: no account needed.',
  auth: sandboxAuth,
  settings: sandboxSettings,
  interactionTypes: ['case', 'note', 'call'],

  async findContacts(ctx, lookup) {
    const data = authenticate(ctx);
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
          .filter((contact) => contact.phones.some((phone) => wanted.has(toE164(phone) ?? '')))
          .map(({ id }) => ({ id }));
      }
    }
  },

  async listInteractions(ctx, contacts, type) {
    const data = authenticate(ctx);
    const contactIds = new Set(contacts.map((contact) => contact.id));
    const origin = ctx.settings.baseUrl ?? SANDBOX_DEFAULT_URL;
    return data.interactions
      .filter((interaction) => interaction.type === type && contactIds.has(interaction.contactId))
      .sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
      .slice(0, ctx.limit)
      .map((interaction) => ({
        id: interaction.id,
        subject: interaction.subject,
        ...(interaction.description ? { description: interaction.description } : {}),
        date: interaction.date,
        url: new URL(`/${interaction.type}s/${interaction.id}`, origin).toString(),
        priority: interaction.priority,
        status: interaction.status,
      }));
  },
});
