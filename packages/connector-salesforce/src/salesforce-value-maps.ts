import {
  type BridgeLogger,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  type PriorityMapper,
} from '@talkbridge/core';

/** The operator's overrides, from the integration's `options.statusMap` / `options.priorityMap`. */
export interface ValueOverrides {
  statusMap?: Readonly<Record<string, InteractionStatus>> | undefined;
  priorityMap?: Readonly<Record<string, InteractionPriority>> | undefined;
}

/**
 * Status of a record whose object also says whether it is closed (Case and Task `IsClosed`). In order:
 * the operator's `statusMap`, then `IsClosed` → closed (the org's own word, whatever it calls its
 * statuses), then the table, then `open` for a value no one knows (logged once).
 */
export type ClosableStatusMapper = (
  status: string | null | undefined,
  isClosed: boolean | null | undefined,
) => InteractionStatus;

export function createClosableStatusMapper(options: {
  name: string;
  defaults: Readonly<Record<string, InteractionStatus>>;
  overrides: Readonly<Record<string, InteractionStatus>> | undefined;
  log: BridgeLogger;
}): ClosableStatusMapper {
  const overridden = new Set(Object.keys(options.overrides ?? {}).map((key) => key.toLowerCase()));
  const mapper = createValueMapper<InteractionStatus>({
    name: options.name,
    defaults: options.defaults,
    overrides: options.overrides,
    fallback: 'open',
    log: options.log,
  });
  return (status, isClosed) => {
    if (status && overridden.has(status.toLowerCase())) return mapper(status);
    if (isClosed === true) return 'closed';
    return mapper(status);
  };
}

/** Priority picklists: the operator's `priorityMap`, then the table; missing → none, unknown → normal. */
export function createPriorityMapper(options: {
  name: string;
  defaults: Readonly<Record<string, InteractionPriority>>;
  overrides: Readonly<Record<string, InteractionPriority>> | undefined;
  log: BridgeLogger;
}): PriorityMapper {
  return createValueMapper<InteractionPriority>({
    name: options.name,
    defaults: options.defaults,
    overrides: options.overrides,
    fallback: 'normal',
    missing: 'none',
    log: options.log,
  });
}

/** `https://acme.my.salesforce.com/lightning/r/Case/500…/view`: the record in Lightning Experience. */
export function lightningRecordUrl(
  agentOrigin: string | undefined,
  object: 'Case' | 'Task' | 'Event',
  id: string,
): string | undefined {
  return agentOrigin ? `${agentOrigin}/lightning/r/${object}/${encodeURIComponent(id)}/view` : undefined;
}
