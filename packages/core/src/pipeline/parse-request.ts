import type { z } from 'zod';
import type { AnyConnector } from '../connector.js';
import { assertJsonDepth } from '../contract/limits.js';
import { BridgeError } from '../errors.js';
import { invalidRequestFromZod } from '../zod-issues.js';

/**
 * Validates a hook's request body; failures name each failing path. The nesting depth is checked first,
 * without recursion, so that no schema ever walks an attacker-deep body.
 */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  assertJsonDepth(body);
  const result = schema.safeParse(body);
  if (!result.success) throw invalidRequestFromZod(result.error);
  return result.data;
}

/** Validates the auth fields against what this connector needs; failures name the fields (never values). */
export function parseAuth(connector: AnyConnector, auth: unknown): unknown {
  const result = connector.auth.safeParse(auth);
  if (!result.success) throw invalidRequestFromZod(result.error, 'auth');
  return result.data;
}

/** Validates operator options for this connector; failures name each option. */
export function parseSettings(connector: AnyConnector, settings: unknown): Record<string, unknown> {
  const result = connector.settingsSchema.safeParse(settings ?? {});
  if (!result.success) {
    const error = invalidRequestFromZod(result.error, 'options');
    throw new BridgeError(
      'invalid_request',
      `Invalid options for connector "${connector.id}": ${error.message}`,
      {
        ...(error.issues ? { issues: error.issues } : {}),
      },
    );
  }
  return result.data as Record<string, unknown>;
}
