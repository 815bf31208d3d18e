// One lister per declared interaction type, keyed by type: the shape connector contract v2 asks for.
import type { ConnectorInteraction } from '@talkbridge/core';
import { createInteractionMappers, mapInteractionRecord } from './map-rest-record.js';
import type { RestContact } from './rest-contacts.js';
import { baseScope } from './rest-context.js';
import type { InteractionTypeDefinition, RestDefinition } from './rest-definition.js';
import { collectRecords, mapBounded, missingUpstreamValue, type RestContext } from './rest-request.js';

/** Contacts whose interactions are fetched at once. */
const CONTACT_CONCURRENCY = 4;

export type RestInteractionLister = (
  ctx: RestContext,
  contacts: RestContact[],
) => Promise<ConnectorInteraction[]>;

function timeOf(item: ConnectorInteraction): number {
  return typeof item.date === 'number' ? item.date : Number.NEGATIVE_INFINITY;
}

function interactionLister(
  type: string,
  definition: RestDefinition,
  declared: InteractionTypeDefinition,
): RestInteractionLister {
  return async (ctx, contacts) => {
    const mappers = createInteractionMappers(type, declared.map, ctx.log);
    const base = baseScope(definition, ctx.auth, ctx.settings.baseUrl);
    const perContact = await mapBounded(contacts, CONTACT_CONCURRENCY, async (contact) => {
      const records = await collectRecords(
        ctx,
        {
          request: declared.request,
          scope: { ...base, contact },
          pagination: declared.pagination,
          records: declared.records,
          onMissing: missingUpstreamValue,
          origin: String((base.service as { origin: string }).origin),
        },
        declared.maxPages,
      );
      const mapped: ConnectorInteraction[] = [];
      for (const record of records) {
        const interaction = mapInteractionRecord(declared.map, { ...base, contact, record }, mappers);
        if (interaction) mapped.push(interaction);
        else ctx.log.warn({ type }, 'record skipped: it has no id or subject where the definition says');
      }
      return mapped;
    });
    return perContact
      .flat()
      .sort((a, b) => timeOf(b) - timeOf(a))
      .slice(0, ctx.limit);
  };
}

/** `{ <type>: lister }` for every type the definition declares. */
export function restInteractionListers(
  definition: RestDefinition,
): Readonly<Record<string, RestInteractionLister>> {
  return Object.fromEntries(
    Object.entries(definition.interactions).map(([type, declared]) => [
      type,
      interactionLister(type, definition, declared),
    ]),
  );
}
