import { z } from 'zod';
import {
  type InteractionPriority,
  type InteractionStatus,
  interactionPrioritySchema,
  interactionStatusSchema,
} from '../contract/interaction-retrieval.js';
import type { BridgeLogger } from '../logger.js';

/**
 * Operator overrides of a connector's status and priority tables, per integration in the gateway config:
 * `"statusMap": { "Waiting on vendor": "pending" }`. Keys are the service's native values as text.
 */
export const mappingSettingsShape = {
  statusMap: z.record(z.string(), interactionStatusSchema).optional(),
  priorityMap: z.record(z.string(), interactionPrioritySchema).optional(),
};

/** The Talkdesk value for a native one: operator override, then the default table, then the fallback. */
export type ValueMapper<T extends string> = (native: string | number | null | undefined) => T;

// Unknown values are logged once per connector, table and value for the life of the process: a custom
// status used on every ticket must not flood the log.
const alreadyReported = new Set<string>();

/**
 * A status or priority mapper. Native values are compared as text (numbers too: Freshdesk's `2`);
 * lookups are case-insensitive. An unknown value maps to `fallback` and is logged once, never thrown.
 */
export function createValueMapper<T extends string>(options: {
  /** e.g. `zendesk.status`: names the table in the log line. */
  name: string;
  defaults: Readonly<Record<string, T>>;
  overrides?: Readonly<Record<string, NoInfer<T>>> | undefined;
  fallback: NoInfer<T>;
  /** What a missing value (null, undefined, '') means; default: the fallback, silently. */
  missing?: NoInfer<T>;
  log: BridgeLogger;
}): ValueMapper<T> {
  const table = new Map<string, T>();
  for (const [key, value] of Object.entries(options.defaults)) table.set(key.toLowerCase(), value);
  for (const [key, value] of Object.entries(options.overrides ?? {})) table.set(key.toLowerCase(), value);
  return (native) => {
    if (native === null || native === undefined || native === '') return options.missing ?? options.fallback;
    const key = String(native).toLowerCase();
    const mapped = table.get(key);
    if (mapped !== undefined) return mapped;
    const reportKey = `${options.name}\u0000${key}`;
    if (!alreadyReported.has(reportKey)) {
      alreadyReported.add(reportKey);
      options.log.warn(
        { table: options.name, value: String(native), mapped_to: options.fallback },
        'unknown native value mapped to the default; add it to the integration’s map to choose',
      );
    }
    return options.fallback;
  };
}

export type StatusMapper = ValueMapper<InteractionStatus>;
export type PriorityMapper = ValueMapper<InteractionPriority>;
