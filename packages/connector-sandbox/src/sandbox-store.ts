import { timingSafeEqual } from 'node:crypto';
import { BridgeError, type ConnectorContext } from '@talkbridge/core';
import { loadSandboxDataFile, type SandboxData } from './sandbox-data.js';
import { createSandboxSeed } from './sandbox-seed.js';

/** Where the sandbox's items "live" when no `baseUrl` is configured. */
export const SANDBOX_DEFAULT_URL = 'https://sandbox.talkbridge.example';

export type SandboxContext = ConnectorContext<
  { username: string; password: string },
  { dataFile?: string; baseUrl?: string }
>;

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

export function sandboxUrl(ctx: SandboxContext, kind: string, id: string): string {
  return new URL(
    `/${kind}/${encodeURIComponent(id)}`,
    ctx.settings.baseUrl ?? SANDBOX_DEFAULT_URL,
  ).toString();
}

/** The next free numeric id across contacts and interactions. */
export function nextSandboxId(data: SandboxData): string {
  const numbers = [...data.contacts, ...data.interactions]
    .map((item) => Number(item.id))
    .filter(Number.isFinite);
  return String(Math.max(1000, ...numbers) + 1);
}
