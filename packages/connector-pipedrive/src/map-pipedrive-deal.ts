import type {
  ConnectorInteraction,
  InteractionPriority,
  InteractionStatus,
  StatusMapper,
} from '@talkbridge/core';
import type { PipedriveDeal } from './pipedrive-api.js';
import { pipedriveAppUrl } from './pipedrive-links.js';

/**
 * Default status of a deal by Pipedrive's `status`: an open deal is open, a won one solved, a lost or deleted
 * one closed. (Deleted deals only come back when asked for; the connector does not ask.)
 */
export const PIPEDRIVE_DEAL_STATUS_DEFAULTS: Readonly<Record<string, InteractionStatus>> = {
  open: 'open',
  won: 'solved',
  lost: 'closed',
  deleted: 'closed',
};

/** Pipedrive deals have no priority. */
export const PIPEDRIVE_DEAL_PRIORITY: InteractionPriority = 'none';

export interface DealMappingContext {
  appOrigin: string | undefined;
  status: StatusMapper;
}

const amount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function mapPipedriveDeal(deal: PipedriveDeal, context: DealMappingContext): ConnectorInteraction {
  const url = pipedriveAppUrl(context.appOrigin, 'deal', deal.id);
  const description = dealDescription(deal);
  return {
    id: `deal-${deal.id}`,
    subject: deal.title?.trim() || `Deal ${deal.id}`,
    ...(description ? { description } : {}),
    date: deal.add_time ?? '',
    ...(url ? { url } : {}),
    status: context.status(deal.status),
    priority: PIPEDRIVE_DEAL_PRIORITY,
  };
}

/** "12,000 USD · Lost reason: Budget frozen" */
export function dealDescription(deal: PipedriveDeal): string | undefined {
  const parts: string[] = [];
  if (typeof deal.value === 'number' && deal.value !== 0) {
    parts.push(`${amount.format(deal.value)}${deal.currency ? ` ${deal.currency}` : ''}`);
  }
  const lostReason = deal.lost_reason?.trim();
  if (lostReason) parts.push(`Lost reason: ${lostReason}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
