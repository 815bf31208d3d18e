// Contact and agent synchronization over the sandbox's store.
import { type Agent, agentSync, contactSync, invalidOffset } from '@talkbridge/core';
import { z } from 'zod';
import { mapSandboxContact } from './map-sandbox-interaction.js';
import type { SandboxContext } from './sandbox-context.js';
import { openSandbox } from './sandbox-store.js';

/** After which contact a page continues: its update time (epoch ms) and id. */
const contactCursorSchema = z.strictObject({
  time: z.number().int().min(0).max(8_640_000_000_000_000),
  id: z.string().min(1).max(200),
});
type ContactCursor = z.output<typeof contactCursorSchema>;

/** How many agents earlier pages held. */
const agentCursorSchema = z.strictObject({ start: z.number().int().min(0).max(1_000_000) });
type AgentCursor = z.output<typeof agentCursorSchema>;

/**
 * Keyset pagination over (update time, id): a page continues strictly after the last contact of the
 * previous one, so contacts updated at the same instant are neither skipped nor repeated within a run.
 */
export const sandboxContactSync = contactSync({
  cursor: contactCursorSchema,
  async page(ctx: SandboxContext, page: { updatedSince?: Date; cursor?: ContactCursor }) {
    const data = openSandbox(ctx);
    const after = page.cursor;
    const since = page.updatedSince?.getTime() ?? Number.NEGATIVE_INFINITY;
    const ordered = data.contacts
      .map((contact) => ({ contact, time: Date.parse(contact.updatedAt) }))
      .filter(({ time }) => time >= since)
      .sort((a, b) => a.time - b.time || compareIds(a.contact.id, b.contact.id))
      .filter(
        ({ contact, time }) =>
          !after || time > after.time || (time === after.time && compareIds(contact.id, after.id) > 0),
      );
    const pageItems = ordered.slice(0, ctx.limit);
    const last = pageItems.at(-1);
    return {
      contacts: pageItems.map(({ contact }) => mapSandboxContact(ctx, contact)),
      ...(ordered.length > pageItems.length && last
        ? { nextCursor: { time: last.time, id: last.contact.id } }
        : {}),
    };
  },
});

export const sandboxAgentSync = agentSync({
  cursor: agentCursorSchema,
  async page(ctx: SandboxContext, page: { cursor?: AgentCursor }) {
    const data = openSandbox(ctx);
    const start = page.cursor?.start ?? 0;
    // The service itself refuses a position past its list, as a vendor refuses a cursor it no longer knows.
    if (start > data.agents.length) throw invalidOffset();
    const agents: Agent[] = data.agents.slice(start, start + ctx.limit);
    const next = start + agents.length;
    return { agents, ...(next < data.agents.length ? { nextCursor: { start: next } } : {}) };
  },
});

// Numeric ids in numeric order, others after them in text order: a total order for the keyset.
function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
