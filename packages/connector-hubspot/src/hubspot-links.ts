/** What the agent-UI links need: the portal (Hub) id and the UI domain of the portal's data centre. */
export interface HubspotPortal {
  portalId: string;
  /** `app.hubspot.com`, `app-eu1.hubspot.com`, … */
  uiDomain: string;
}

export const DEFAULT_UI_DOMAIN = 'app.hubspot.com';

/**
 * The UI domain HubSpot reported, if it is one of HubSpot's own app hosts; anything else (an unexpected
 * answer) falls back to the default rather than sending an agent to a host HubSpot did not name.
 */
export function safeUiDomain(reported: string | null | undefined): string {
  const domain = reported?.trim().toLowerCase();
  return domain && /^app(-[a-z0-9]+)?\.hubspot\.com$/.test(domain) ? domain : DEFAULT_UI_DOMAIN;
}

/** A ticket's record page: `https://app.hubspot.com/contacts/{portalId}/record/0-5/{ticketId}`. */
export function ticketUrl(portal: HubspotPortal, ticketId: string): string {
  return `https://${portal.uiDomain}/contacts/${encodeURIComponent(portal.portalId)}/record/0-5/${encodeURIComponent(ticketId)}`;
}

/**
 * An activity (note, call, email, meeting, task) opened on the timeline of the contact it was found on:
 * `https://app.hubspot.com/contacts/{portalId}/contact/{contactId}/?engagement={id}`. Activities have no
 * record page of their own; the contact's timeline is where agents read them.
 */
export function engagementUrl(portal: HubspotPortal, contactId: string, engagementId: string): string {
  return `https://${portal.uiDomain}/contacts/${encodeURIComponent(portal.portalId)}/contact/${encodeURIComponent(contactId)}/?engagement=${encodeURIComponent(engagementId)}`;
}

/** A contact's record page: `https://app.hubspot.com/contacts/{portalId}/record/0-1/{contactId}`. */
export function contactUrl(portal: HubspotPortal, contactId: string): string {
  return `https://${portal.uiDomain}/contacts/${encodeURIComponent(portal.portalId)}/record/0-1/${encodeURIComponent(contactId)}`;
}
