// Where agents open a record: the CRM web app of the account's data centre, not the API host.
import { dataCentreOfApiDomain, ZOHO_DATA_CENTRES } from './zoho-crm-context.js';

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
  const origin = ZOHO_DATA_CENTRES[dataCentreOfApiDomain(apiDomain) ?? 'us'].web;
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
