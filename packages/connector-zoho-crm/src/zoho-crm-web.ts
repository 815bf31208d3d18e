// Where agents open a record: the CRM web app of the account's data centre, not the API host.

/**
 * Zoho's data centres: the API host of each (what the OAuth token's `api_domain` names) and the host of its
 * CRM web app. The web host is the accounts host with `accounts.` changed to `crm.`: `crm.zoho.eu`, but
 * `crm.zohocloud.ca` for Canada.
 */
export const ZOHO_DATA_CENTRES = {
  'www.zohoapis.com': 'https://crm.zoho.com',
  'www.zohoapis.eu': 'https://crm.zoho.eu',
  'www.zohoapis.in': 'https://crm.zoho.in',
  'www.zohoapis.com.au': 'https://crm.zoho.com.au',
  'www.zohoapis.jp': 'https://crm.zoho.jp',
  'www.zohoapis.com.cn': 'https://crm.zoho.com.cn',
  'www.zohoapis.ca': 'https://crm.zohocloud.ca',
  'www.zohoapis.sa': 'https://crm.zoho.sa',
  'www.zohoapis.uk': 'https://crm.zoho.uk',
} as const satisfies Record<string, string>;

export type ZohoApiHost = keyof typeof ZOHO_DATA_CENTRES;

/** The API hosts an `api_domain` may name: the connector's host patterns. */
export const ZOHO_API_HOSTS = Object.keys(ZOHO_DATA_CENTRES) as ZohoApiHost[];

/** Zoho's module names as they appear in web-app URLs. */
export type ZohoTab = 'Contacts' | 'Leads' | 'Cases' | 'Tasks' | 'Calls' | 'Events';

export interface ZohoWebLinks {
  /** `https://crm.zoho.eu/crm/org20071234/tab/Cases/3652397000000649013` (org only when configured). */
  record(tab: ZohoTab, id: string): string;
}

/**
 * Links into the CRM web app of the data centre `apiDomain` belongs to. `orgId` (`org20071234`, from the
 * address bar of the CRM) makes links open in that organisation directly; without it Zoho opens the record
 * in the signed-in user's organisation. An API host Zoho does not have (possible only behind an operator's
 * `baseUrl`) falls back to the US web host.
 */
export function zohoWebLinks(apiDomain: string, orgId?: string): ZohoWebLinks {
  let host = '';
  try {
    host = new URL(apiDomain).hostname.toLowerCase();
  } catch {
    // Not a URL: the fallback below.
  }
  const origin =
    host in ZOHO_DATA_CENTRES
      ? ZOHO_DATA_CENTRES[host as ZohoApiHost]
      : ZOHO_DATA_CENTRES['www.zohoapis.com'];
  const base = orgId ? `${origin}/crm/${normaliseOrgId(orgId)}` : `${origin}/crm`;
  return {
    record: (tab, id) => `${base}/tab/${tab}/${encodeURIComponent(id)}`,
  };
}

/** `20071234` and `org20071234` both name the organisation whose web path is `/crm/org20071234`. */
export function normaliseOrgId(orgId: string): string {
  const trimmed = orgId.trim();
  return trimmed.startsWith('org') ? trimmed : `org${trimmed}`;
}
