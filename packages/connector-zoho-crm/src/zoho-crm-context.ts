// What every Zoho CRM file shares: the auth fields (both from Zoho's OAuth token answer), the settings, Zoho's
// data centres (API host, CRM web host, accounts server), the hosts an api_domain may name, the context type.
import {
  type ContextOf,
  mappingSettingsShape,
  type OAuth2Declaration,
  withoutTrailing,
} from '@talkbridge/core';
import { z } from 'zod';

/**
 * Zoho's data centres, by the `location` Zoho's authorization answer names: the API host (what the OAuth
 * token's `api_domain` names), the CRM web app (the accounts host with `accounts.` changed to `crm.`) and the
 * accounts server that issues and refreshes that data centre's tokens (Zoho's "Multi DC support" page).
 */
export const ZOHO_DATA_CENTRES = {
  us: { api: 'www.zohoapis.com', web: 'https://crm.zoho.com', accounts: 'https://accounts.zoho.com' },
  eu: { api: 'www.zohoapis.eu', web: 'https://crm.zoho.eu', accounts: 'https://accounts.zoho.eu' },
  in: { api: 'www.zohoapis.in', web: 'https://crm.zoho.in', accounts: 'https://accounts.zoho.in' },
  au: {
    api: 'www.zohoapis.com.au',
    web: 'https://crm.zoho.com.au',
    accounts: 'https://accounts.zoho.com.au',
  },
  jp: { api: 'www.zohoapis.jp', web: 'https://crm.zoho.jp', accounts: 'https://accounts.zoho.jp' },
  cn: {
    api: 'www.zohoapis.com.cn',
    web: 'https://crm.zoho.com.cn',
    accounts: 'https://accounts.zoho.com.cn',
  },
  ca: { api: 'www.zohoapis.ca', web: 'https://crm.zohocloud.ca', accounts: 'https://accounts.zohocloud.ca' },
  sa: { api: 'www.zohoapis.sa', web: 'https://crm.zoho.sa', accounts: 'https://accounts.zoho.sa' },
  uk: { api: 'www.zohoapis.uk', web: 'https://crm.zoho.uk', accounts: 'https://accounts.zoho.uk' },
} as const satisfies Record<string, { api: string; web: string; accounts: string }>;

export type ZohoDataCentre = keyof typeof ZOHO_DATA_CENTRES;

const DATA_CENTRE_CODES = Object.keys(ZOHO_DATA_CENTRES) as [ZohoDataCentre, ...ZohoDataCentre[]];

/** The API hosts an `api_domain` may name: the connector's host patterns. */
export const ZOHO_API_HOSTS: readonly string[] = Object.values(ZOHO_DATA_CENTRES).map(({ api }) => api);

/** The data centre whose API host `apiDomain` names, if it is one of Zoho's. */
export function dataCentreOfApiDomain(apiDomain: string): ZohoDataCentre | undefined {
  let host: string;
  try {
    host = new URL(apiDomain).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  return DATA_CENTRE_CODES.find((code) => ZOHO_DATA_CENTRES[code].api === host);
}

/** Zoho's documented OAuth 2.0 guide for server-based applications. */
const ZOHO_OAUTH_DOCS = 'https://www.zoho.com/crm/developer/docs/api/v8/oauth-overview.html';

/**
 * What the connector's calls need, least privilege: read Contacts, Leads and their cases, notes, tasks,
 * calls and meetings (COQL and search included), read users (auth validation, agent sync), create Calls and
 * Notes (the actions).
 */
export const ZOHO_OAUTH_SCOPES = [
  'ZohoCRM.modules.contacts.READ',
  'ZohoCRM.modules.leads.READ',
  'ZohoCRM.modules.cases.READ',
  'ZohoCRM.modules.notes.READ',
  'ZohoCRM.modules.tasks.READ',
  'ZohoCRM.modules.calls.READ',
  'ZohoCRM.modules.events.READ',
  'ZohoCRM.coql.READ',
  'ZohoSearch.securesearch.READ',
  'ZohoCRM.users.READ',
  'ZohoCRM.modules.calls.CREATE',
  'ZohoCRM.modules.notes.CREATE',
] as const;

/**
 * Zoho's OAuth 2.0 endpoints for the accounts of one data centre. A code is only traded (and a token only
 * refreshed) at the accounts server of the data centre the user belongs to; a Multi-DC client registered in
 * the US may send users of every data centre to the US authorization page, not to its token endpoint.
 */
export function zohoOAuth(dataCentre: ZohoDataCentre = 'us'): OAuth2Declaration {
  const { accounts } = ZOHO_DATA_CENTRES[dataCentre];
  return {
    authorizationUrl: `${accounts}/oauth/v2/auth`,
    tokenUrl: `${accounts}/oauth/v2/token`,
    scopes: ZOHO_OAUTH_SCOPES,
    docsUrl: ZOHO_OAUTH_DOCS,
  };
}

const TOKEN_MESSAGE = 'expected the Zoho CRM OAuth access token';
const API_DOMAIN_MESSAGE =
  'expected the api_domain of the Zoho OAuth token, such as https://www.zohoapis.com';

/**
 * Both fields come from Zoho's OAuth token answer (`access_token`, `api_domain`): Zoho CRM has no API key, so
 * even a token typed in by hand (a Self Client's) is an OAuth token of some user.
 */
export const zohoCrmAuth = z.object({
  /** The OAuth access token (`1000.…`), sent as `Authorization: Zoho-oauthtoken <token>`. */
  access_token: z
    .string({ error: TOKEN_MESSAGE })
    .trim()
    .min(1, TOKEN_MESSAGE)
    .max(4_096, TOKEN_MESSAGE)
    .meta({
      title: 'Zoho CRM access token',
      description: 'The OAuth access token of a Zoho CRM user (1000.…), from the OAuth token response',
      type: 'oauth',
    }),
  /**
   * The `api_domain` of the OAuth token response, e.g. `https://www.zohoapis.eu`: the account's data centre.
   * Only Zoho's API hosts pass the connector's host guard (`hosts`); anything else is refused before a request.
   */
  api_domain: z
    .url({ protocol: /^https$/, error: API_DOMAIN_MESSAGE })
    .max(2_048, API_DOMAIN_MESSAGE)
    .transform((url) => withoutTrailing(url, '/'))
    .meta({
      title: 'Zoho API domain',
      description:
        'api_domain from the OAuth token response: https://www.zohoapis.com, .eu, .in, .com.au, .jp, …',
      type: 'oauth',
    }),
});

export const zohoCrmSettings = z.object({
  ...mappingSettingsShape,
  /**
   * The organisation in CRM web links (`org20071234`, from the CRM's address bar). Without it, links open the
   * record in the signed-in agent's organisation.
   */
  orgId: z
    .string()
    .trim()
    .max(40)
    .regex(/^(org)?\d+$/, 'expected the org id from the CRM address bar, such as org20071234')
    .optional(),
  /**
   * The data centre (`us`, `eu`, `in`, `au`, `jp`, `cn`, `ca`, `sa`, `uk`) whose accounts server the
   * integration's OAuth 2.0 flow trades codes at: the one the Talkdesk account's Zoho users are in.
   */
  dataCentre: z
    .enum(DATA_CENTRE_CODES, {
      error: `expected one of Zoho's data centres: ${DATA_CENTRE_CODES.join(', ')}`,
    })
    .optional(),
});

/** A Contact or a Lead: the module says which related lists and lookups lead to its interactions. */
export interface ZohoContactRef {
  id: string;
  module: 'Contacts' | 'Leads';
}

export type ZohoCrmContext = ContextOf<typeof zohoCrmAuth, typeof zohoCrmSettings>;
