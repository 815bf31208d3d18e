/** Intercom's data hosting regions: each has its own API host and its own agent UI (the Intercom app). */
export const INTERCOM_REGIONS = ['us', 'eu', 'au'] as const;
export type IntercomRegion = (typeof INTERCOM_REGIONS)[number];

export const INTERCOM_API_HOSTS: Readonly<Record<IntercomRegion, string>> = {
  us: 'api.intercom.io',
  eu: 'api.eu.intercom.io',
  au: 'api.au.intercom.io',
};

export const INTERCOM_APP_ORIGINS: Readonly<Record<IntercomRegion, string>> = {
  us: 'https://app.intercom.com',
  eu: 'https://app.eu.intercom.com',
  au: 'https://app.au.intercom.com',
};

/** Where an interaction opens in the agent UI. Undefined when the workspace id is unknown. */
export interface IntercomAgentLinks {
  /** Conversations and tickets both open in the Inbox. */
  conversation(id: string): string | undefined;
  /** A contact's profile: where its notes are shown. */
  contact(id: string): string | undefined;
}

/** The agent UI links of one workspace (its `workspace_id`, also called app id) in its region. */
export function intercomAgentLinks(
  region: IntercomRegion,
  workspaceId: string | null | undefined,
): IntercomAgentLinks {
  if (!workspaceId) return { conversation: () => undefined, contact: () => undefined };
  const origin = INTERCOM_APP_ORIGINS[region];
  const workspace = encodeURIComponent(workspaceId);
  return {
    conversation: (id) => `${origin}/a/inbox/${workspace}/inbox/conversation/${encodeURIComponent(id)}`,
    contact: (id) => `${origin}/a/apps/${workspace}/users/${encodeURIComponent(id)}`,
  };
}
