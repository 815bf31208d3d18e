// The sandbox's interaction types: one lister per type, over the in-memory store.
import type { ConnectorInteraction, ContactRef, InteractionLister } from '@talkbridge/core';
import { mapSandboxInteraction } from './map-sandbox-interaction.js';
import type { SandboxContext } from './sandbox-context.js';
import type { SandboxInteraction } from './sandbox-data.js';
import { openSandbox } from './sandbox-store.js';

/** The contacts' items of one type, newest first, at most `ctx.limit`. */
function listerOf(type: SandboxInteraction['type']): InteractionLister<SandboxContext> {
  return async (ctx: SandboxContext, contacts: ContactRef[]): Promise<ConnectorInteraction[]> => {
    const data = openSandbox(ctx);
    const contactIds = new Set(contacts.map((contact) => contact.id));
    return data.interactions
      .filter((interaction) => interaction.type === type && contactIds.has(interaction.contactId))
      .sort((a, b) => Date.parse(b.date) - Date.parse(a.date))
      .slice(0, ctx.limit)
      .map((interaction) => mapSandboxInteraction(ctx, interaction));
  };
}

export const listSandboxCases = listerOf('case');
export const listSandboxNotes = listerOf('note');
export const listSandboxCalls = listerOf('call');
