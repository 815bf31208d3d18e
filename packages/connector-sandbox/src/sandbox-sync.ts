import { BridgeError, type ConnectorContact } from '@talkbridge/core';
import type { SandboxContact } from './sandbox-data.js';
import { openSandbox, type SandboxContext, sandboxUrl } from './sandbox-store.js';

/**
 * Keyset pagination over (update time, id): a page continues strictly after the last contact of the
 * previous one, so contacts updated at the same instant are neither skipped nor repeated within a run.
 */
export async function syncSandboxContacts(
  ctx: SandboxContext,
  page: { updatedSince?: Date; cursor?: string },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: string }> {
  const data = openSandbox(ctx);
  const after = page.cursor === undefined ? undefined : parseCursor(page.cursor);
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
    contacts: pageItems.map(({ contact }) => toConnectorContact(ctx, contact)),
    ...(ordered.length > pageItems.length && last ? { nextCursor: `${last.time}|${last.contact.id}` } : {}),
  };
}

export async function syncSandboxAgents(
  ctx: SandboxContext,
  page: { cursor?: string },
): Promise<{ agents: { id: string; name: string; email: string }[]; nextCursor?: string }> {
  const data = openSandbox(ctx);
  const start = page.cursor === undefined ? 0 : Number(page.cursor);
  if (!Number.isInteger(start) || start < 0 || start > data.agents.length) throw badOffset();
  const agents = data.agents.slice(start, start + ctx.limit);
  const next = start + agents.length;
  return { agents, ...(next < data.agents.length ? { nextCursor: String(next) } : {}) };
}

function toConnectorContact(ctx: SandboxContext, contact: SandboxContact): ConnectorContact {
  return {
    id: contact.id,
    name: contact.name,
    ...(contact.company ? { company: contact.company } : {}),
    ...(contact.title ? { title: contact.title } : {}),
    emails: contact.emails,
    phones: contact.phones,
    url: sandboxUrl(ctx, 'contacts', contact.id),
    updatedAt: contact.updatedAt,
  };
}

function parseCursor(cursor: string): { time: number; id: string } {
  const match = /^(\d{1,15})\|(.{1,200})$/.exec(cursor);
  if (!match) throw badOffset();
  return { time: Number(match[1]), id: match[2] as string };
}

function badOffset(): BridgeError {
  return new BridgeError('invalid_request', 'meta.offset: not an offset this bridge issued');
}

// Numeric ids in numeric order, others after them in text order: a total order for the keyset.
function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
