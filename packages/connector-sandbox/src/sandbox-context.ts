// What every sandbox operation shares: the auth and settings schemas, the context type, and where the
// sandbox's items "live".
import type { ContextOf } from '@talkbridge/core';
import { z } from 'zod';
import { loadSandboxDataFile } from './sandbox-data.js';

/** Where the sandbox's items "live" when no `baseUrl` is configured. */
export const SANDBOX_DEFAULT_URL = 'https://sandbox.talkbridge.example';

/** The account of the sandbox service (the spec's example credentials in the built-in seed). */
export const sandboxAuth = z.object({
  username: z.string().min(1, 'expected the sandbox username'),
  password: z.string().min(1, 'expected the sandbox password'),
});

export const sandboxSettings = z.object({
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

export type SandboxContext = ContextOf<typeof sandboxAuth, typeof sandboxSettings>;

/** An item's page: under the operator's `baseUrl` when set, else the sandbox's default address. */
export function sandboxUrl(
  ctx: { settings: { baseUrl?: string | undefined } },
  kind: string,
  id: string,
): string {
  return new URL(
    `/${kind}/${encodeURIComponent(id)}`,
    ctx.settings.baseUrl ?? SANDBOX_DEFAULT_URL,
  ).toString();
}
