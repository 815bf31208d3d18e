import { readFileSync } from 'node:fs';
import { zodIssues } from '@talkbridge/core';
import { INTERACTION_PRIORITIES, INTERACTION_STATUSES } from '@talkbridge/core/contract';
import { z } from 'zod';

/** The shape of the sandbox's service: the built-in seed, or an operator's JSON data file. */
export const sandboxDataSchema = z.strictObject({
  account: z.strictObject({ username: z.string().min(1), password: z.string().min(1) }),
  contacts: z.array(
    z.strictObject({
      id: z.string().min(1),
      name: z.string().min(1),
      company: z.string().optional(),
      title: z.string().optional(),
      emails: z.array(z.string()).default([]),
      /** Any formatting: the sandbox compares numbers in E.164. */
      phones: z.array(z.string()).default([]),
      updatedAt: z.iso.datetime({ offset: true }),
    }),
  ),
  /** The service's users, for agent synchronization and action assignment. */
  agents: z
    .array(z.strictObject({ id: z.string().min(1), name: z.string().min(1), email: z.string().min(1) }))
    .default([]),
  interactions: z.array(
    z.strictObject({
      id: z.string().min(1),
      contactId: z.string().min(1),
      type: z.enum(['case', 'note', 'call']),
      subject: z.string().min(1),
      description: z.string().optional(),
      /** When it happened, or when it is due for a scheduled item. */
      date: z.iso.datetime({ offset: true }),
      priority: z.enum(INTERACTION_PRIORITIES),
      status: z.enum(INTERACTION_STATUSES),
      /** The agent it is assigned to, when an action named one. */
      agentId: z.string().optional(),
    }),
  ),
});
export type SandboxData = z.output<typeof sandboxDataSchema>;
export type SandboxInteraction = SandboxData['interactions'][number];
export type SandboxContact = SandboxData['contacts'][number];

const loadedFiles = new Map<string, SandboxData>();

/**
 * Reads and validates an operator's data file, once per path. Throws an Error whose message names the
 * file and the first bad field, e.g. `contacts[2].emails: expected array`.
 */
export function loadSandboxDataFile(path: string): SandboxData {
  const cached = loadedFiles.get(path);
  if (cached) return cached;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? `it is not valid JSON (${error.message})` : 'it cannot be read';
    throw new Error(`Sandbox data file ${path}: ${reason}`);
  }
  const result = sandboxDataSchema.safeParse(json);
  if (!result.success) {
    const [first] = zodIssues(result.error);
    throw new Error(`Sandbox data file ${path}: ${first?.path}: ${first?.message}`);
  }
  checkReferences(result.data, path);
  loadedFiles.set(path, result.data);
  return result.data;
}

function checkReferences(data: SandboxData, path: string): void {
  const contactIds = new Set(data.contacts.map((contact) => contact.id));
  data.interactions.forEach((interaction, index) => {
    if (!contactIds.has(interaction.contactId)) {
      throw new Error(
        `Sandbox data file ${path}: interactions[${index}].contactId: no contact has id "${interaction.contactId}"`,
      );
    }
  });
}
