// Sandbox records → what the connector returns to Talkdesk. Pure: no store access, no clock.
import type { ConnectorContact, ConnectorInteraction } from '@talkbridge/core';
import { sandboxUrl } from './sandbox-context.js';
import type { SandboxContact, SandboxInteraction } from './sandbox-data.js';

type UrlSettings = { settings: { baseUrl?: string | undefined } };

export function mapSandboxInteraction(
  ctx: UrlSettings,
  interaction: SandboxInteraction,
): ConnectorInteraction {
  return {
    id: interaction.id,
    subject: interaction.subject,
    ...(interaction.description ? { description: interaction.description } : {}),
    date: interaction.date,
    url: sandboxUrl(ctx, `${interaction.type}s`, interaction.id),
    priority: interaction.priority,
    status: interaction.status,
  };
}

export function mapSandboxContact(ctx: UrlSettings, contact: SandboxContact): ConnectorContact {
  return {
    id: contact.id,
    name: contact.name,
    ...(contact.company ? { company: contact.company } : {}),
    ...(contact.title ? { title: contact.title } : {}),
    emails: contact.emails,
    phones: contact.phones,
    url: sandboxUrl(ctx, 'contacts', contact.id),
    updatedAt: contact.updatedAt,
  };
}
