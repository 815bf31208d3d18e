import {
  type BridgeLogger,
  type ConnectorInteraction,
  createValueMapper,
  type InteractionPriority,
  type InteractionStatus,
  type PriorityMapper,
  plainTextPreview,
  type StatusMapper,
} from '@talkbridge/core';
import { type HubspotObject, type HubspotPipelinesResponse, hubspotDate, propertyOf } from './hubspot-api.js';
import { type HubspotPortal, ticketUrl } from './hubspot-links.js';

/**
 * Ticket status by pipeline-stage label (HubSpot's default support pipeline). Stage ids differ in every
 * portal, so the label is the native value; a stage HubSpot marks closed (`metadata.ticketState`) is
 * `closed` whatever its label, and any other stage label maps to `open` (logged once). Operators override
 * by label or by stage id: `"statusMap": { "Waiting on billing": "pending", "1234914": "solved" }`.
 */
export const HUBSPOT_TICKET_STAGE_STATUS = {
  New: 'new',
  'Waiting on contact': 'pending',
  'Waiting on us': 'open',
  Closed: 'closed',
} as const satisfies Record<string, InteractionStatus>;

/** `hs_ticket_priority`: LOW, MEDIUM and HIGH by default; portals may add URGENT. */
export const HUBSPOT_TICKET_PRIORITY = {
  LOW: 'low',
  MEDIUM: 'normal',
  HIGH: 'high',
  URGENT: 'urgent',
} as const satisfies Record<string, InteractionPriority>;

/** The ticket properties the batch read asks for. */
export const HUBSPOT_TICKET_PROPERTIES = [
  'subject',
  'content',
  'hs_pipeline',
  'hs_pipeline_stage',
  'hs_ticket_priority',
  'createdate',
] as const;

export interface TicketStage {
  id: string;
  label: string | undefined;
  closed: boolean;
}

/** The portal's ticket stages, looked up by pipeline and stage id. */
export interface TicketStages {
  find(pipelineId: string | undefined, stageId: string): TicketStage | undefined;
}

export function ticketStagesFrom(pipelines: HubspotPipelinesResponse): TicketStages {
  const byPipeline = new Map<string, TicketStage>();
  const byStage = new Map<string, TicketStage>();
  for (const pipeline of pipelines.results) {
    for (const stage of pipeline.stages ?? []) {
      const state = stage.metadata?.ticketState?.toUpperCase();
      const isClosed = stage.metadata?.isClosed;
      const closed = state === 'CLOSED' || isClosed === true || String(isClosed).toLowerCase() === 'true';
      const entry: TicketStage = { id: stage.id, label: stage.label?.trim() || undefined, closed };
      byPipeline.set(`${pipeline.id}\u0000${stage.id}`, entry);
      if (!byStage.has(stage.id)) byStage.set(stage.id, entry);
    }
  }
  return {
    find: (pipelineId, stageId) =>
      (pipelineId === undefined ? undefined : byPipeline.get(`${pipelineId}\u0000${stageId}`)) ??
      byStage.get(stageId),
  };
}

export interface TicketValueMappers {
  status: StatusMapper;
  priority: PriorityMapper;
  /** Whether the operator's statusMap names this native value (a stage id or label). */
  overridden(native: string): boolean;
}

export function createTicketValueMappers(
  settings: {
    statusMap?: Record<string, InteractionStatus> | undefined;
    priorityMap?: Record<string, InteractionPriority> | undefined;
  },
  log: BridgeLogger,
): TicketValueMappers {
  const overrideKeys = new Set(Object.keys(settings.statusMap ?? {}).map((key) => key.toLowerCase()));
  return {
    status: createValueMapper<InteractionStatus>({
      name: 'hubspot.ticket.stage',
      defaults: HUBSPOT_TICKET_STAGE_STATUS,
      overrides: settings.statusMap,
      fallback: 'open',
      log,
    }),
    priority: createValueMapper<InteractionPriority>({
      name: 'hubspot.ticket.priority',
      defaults: HUBSPOT_TICKET_PRIORITY,
      overrides: settings.priorityMap,
      fallback: 'none',
      missing: 'none',
      log,
    }),
    overridden: (native) => overrideKeys.has(native.toLowerCase()),
  };
}

export interface TicketMappingContext {
  stages: TicketStages;
  values: TicketValueMappers;
  /** Undefined when the portal details could not be read: the interaction then has no url. */
  portal: HubspotPortal | undefined;
}

/** A HubSpot ticket as a Talkdesk interaction (id `ticket-<id>`: ticket and activity ids can collide). */
export function mapHubspotTicket(ticket: HubspotObject, context: TicketMappingContext): ConnectorInteraction {
  const description = plainTextPreview(propertyOf(ticket, 'content'));
  return {
    id: `ticket-${ticket.id}`,
    subject: propertyOf(ticket, 'subject')?.trim() || `Ticket #${ticket.id}`,
    ...(description ? { description } : {}),
    date: hubspotDate(propertyOf(ticket, 'createdate')) ?? ticket.createdAt ?? '',
    ...(context.portal ? { url: ticketUrl(context.portal, ticket.id) } : {}),
    status: ticketStatus(ticket, context),
    priority: context.values.priority(propertyOf(ticket, 'hs_ticket_priority')),
  };
}

function ticketStatus(ticket: HubspotObject, { stages, values }: TicketMappingContext): InteractionStatus {
  const stageId = propertyOf(ticket, 'hs_pipeline_stage');
  if (stageId === undefined) return values.status(undefined);
  const stage = stages.find(propertyOf(ticket, 'hs_pipeline'), stageId);
  // A stage the pipelines do not list (deleted, or pipelines unreadable): the id is all we know.
  if (!stage) return values.status(stageId);
  if (values.overridden(stage.id)) return values.status(stage.id);
  if (stage.closed && !(stage.label && values.overridden(stage.label))) return 'closed';
  return values.status(stage.label ?? stage.id);
}
