import { timingSafeEqual } from 'node:crypto';
import { BridgeError } from '@talkbridge/core';
import type { SandboxContext } from './sandbox-context.js';
import {
  loadSandboxDataFile,
  type SandboxContact,
  type SandboxData,
  type SandboxInteraction,
} from './sandbox-data.js';
import { createSandboxSeed } from './sandbox-seed.js';

let builtInData: SandboxData | undefined;

/**
 * The service's data for this integration: the operator's file or the built-in seed. It is the live,
 * in-memory store: actions add to it, so a later retrieval or sync shows what they created.
 */
function dataFor(ctx: SandboxContext): SandboxData {
  if (ctx.settings.dataFile) return loadSandboxDataFile(ctx.settings.dataFile);
  builtInData ??= createSandboxSeed();
  return builtInData;
}

/** The sandbox checks credentials like a real service: anything but its account is a 401. */
export function openSandbox(ctx: SandboxContext): SandboxData {
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

/**
 * Items actions may add to one store before the oldest are dropped: the sandbox lives in process memory,
 * and enough `create_ticket` calls must not exhaust the heap of a gateway serving other integrations.
 * Seeded items are never dropped.
 */
export const MAX_CREATED_ITEMS = 1000;

interface CreatedItems {
  /** A BigInt: no number of creations makes it overflow or repeat. */
  nextId: bigint;
  /** What actions created, oldest first. */
  order: { kind: 'contacts' | 'interactions'; id: string }[];
}

const createdItems = new WeakMap<SandboxData, CreatedItems>();

function createdItemsOf(data: SandboxData): CreatedItems {
  let created = createdItems.get(data);
  if (!created) {
    // Above every numeric id of the seed or data file (read once, without spreading them into a call).
    let highest = 1000n;
    for (const item of [...data.contacts, ...data.interactions]) {
      if (/^\d{1,40}$/.test(item.id) && BigInt(item.id) > highest) highest = BigInt(item.id);
    }
    created = { nextId: highest + 1n, order: [] };
    createdItems.set(data, created);
  }
  return created;
}

/** The next free numeric id across contacts and interactions. */
export function nextSandboxId(data: SandboxData): string {
  const created = createdItemsOf(data);
  const id = created.nextId;
  created.nextId += 1n;
  return String(id);
}

/** Stores what an action created; past `MAX_CREATED_ITEMS`, the oldest created item is dropped. */
export function storeCreated(data: SandboxData, kind: 'contacts', item: SandboxContact): void;
export function storeCreated(data: SandboxData, kind: 'interactions', item: SandboxInteraction): void;
export function storeCreated(
  data: SandboxData,
  kind: 'contacts' | 'interactions',
  item: SandboxContact | SandboxInteraction,
): void {
  const created = createdItemsOf(data);
  (data[kind] as (SandboxContact | SandboxInteraction)[]).push(item);
  created.order.push({ kind, id: item.id });
  while (created.order.length > MAX_CREATED_ITEMS) {
    const oldest = created.order.shift() as CreatedItems['order'][number];
    const items = data[oldest.kind] as { id: string }[];
    const index = items.findIndex((candidate) => candidate.id === oldest.id);
    if (index !== -1) items.splice(index, 1);
  }
}
