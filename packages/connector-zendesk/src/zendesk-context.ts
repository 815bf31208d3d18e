// What every Zendesk operation shares: the auth and settings shapes, the context type, and where agents
// open records in Zendesk's agent interface.
import {
  assertAllowedOrigin,
  BridgeError,
  type ConnectorContext,
  mappingSettingsShape,
} from '@talkbridge/core';
import { z } from 'zod';

export const ZENDESK_HOSTS = ['*.zendesk.com'] as const;

export type ZendeskAuth = { account: string } & (
  | { kind: 'oauth'; accessToken: string }
  | { kind: 'token'; email: string; token: string }
);

export const zendeskSettingsSchema = z.object({
  /**
   * `statusMap` keys: a native status (`hold`), a custom status id (`9001`) or a custom status agent label
   * (`Waiting on vendor`); `priorityMap` keys: native priorities.
   */
  ...mappingSettingsShape,
});

export type ZendeskContext = ConnectorContext<
  ZendeskAuth,
  z.output<typeof zendeskSettingsSchema> & { baseUrl?: string }
>;

/** Where agents open records; undefined when the account does not make a Zendesk host. */
export function agentOriginOf(auth: ZendeskAuth): string | undefined {
  try {
    return assertAllowedOrigin(`https://${auth.account}.zendesk.com`, ZENDESK_HOSTS);
  } catch {
    return undefined;
  }
}

/** A user's page in the agent interface. */
export function agentUserUrl(auth: ZendeskAuth, userId: number | string): string | undefined {
  const origin = agentOriginOf(auth);
  return origin ? `${origin}/agent/users/${userId}` : undefined;
}

/** Zendesk ids are positive integers (JSON numbers): anything else in a request cannot be one. */
export function zendeskIdOf(text: string): number | undefined {
  if (!/^[1-9]\d{0,15}$/.test(text)) return undefined;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** The HTTP status the service answered a refused call with (core keeps it on the error). */
export function upstreamStatusOf(error: unknown): number | undefined {
  if (!BridgeError.isInstance(error) || error.code !== 'upstream_unavailable') return undefined;
  return error.upstream?.status;
}
