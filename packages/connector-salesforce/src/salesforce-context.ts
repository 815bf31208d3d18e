// What every Salesforce file shares: the auth fields and settings, the hosts an instance URL may point to,
// the context type, and where agents open records.
import { assertAllowedOrigin, type ContextOf, mappingSettingsShape } from '@talkbridge/core';
import { z } from 'zod';

/** Where an instance URL from the auth fields may point: My Domain, sandboxes, Lightning, sites. */
export const SALESFORCE_HOSTS = ['*.salesforce.com', '*.force.com'] as const;

/**
 * Both fields come from Salesforce's OAuth 2.0 token response (`access_token`, `instance_url`): Salesforce
 * has no API key, so even a token typed in by hand is an OAuth session of some user.
 */
export const salesforceAuth = z.object({
  access_token: z
    .string({ error: 'expected the Salesforce OAuth access token' })
    .min(1, 'expected the Salesforce OAuth access token')
    .max(4_096, 'expected the Salesforce OAuth access token')
    .meta({
      title: 'Salesforce access token',
      description: 'The OAuth 2.0 access token of the Salesforce user Talkdesk acts as',
      type: 'oauth',
    }),
  instance_url: z
    .url({
      protocol: /^https?$/,
      error: 'expected the Salesforce instance URL, e.g. https://acme.my.salesforce.com',
    })
    .max(2_048, 'expected the Salesforce instance URL, e.g. https://acme.my.salesforce.com')
    .meta({
      title: 'Salesforce instance URL',
      description: 'Your My Domain address, e.g. https://acme.my.salesforce.com',
      type: 'oauth',
    }),
});

/** Task `Status` a logged call gets: a closed status of the org's Task status picklist. */
export const DEFAULT_LOG_CALL_STATUS = 'Completed';
/** Seconds before the checkpoint an incremental contact sync starts reading again (see README). */
export const DEFAULT_CONTACT_SYNC_LOOKBACK_SECONDS = 60;

export const salesforceSettings = z.object({
  ...mappingSettingsShape,
  /** Seconds an org's CaseStatus picklist is reused before it is read again; 0 reads it every time. */
  caseStatusCacheSeconds: z.number().int().min(0).max(86_400).optional(),
  /**
   * ISO 3166-1 country (`US`, `GB`) in which phone numbers stored without a country code are read when
   * contacts are synchronized; without it such numbers are sent as stored.
   */
  phoneCountry: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code such as US or GB')
    .optional(),
  /** The Task `Status` given to logged calls: one of the org's closed task statuses. */
  logCallStatus: z.string().trim().min(1).max(40).optional(),
  /**
   * An incremental contact sync reads from this many seconds before the checkpoint, for records whose
   * transaction committed after the previous sync read past their timestamp.
   */
  contactSyncLookbackSeconds: z.number().int().min(0).max(3_600).optional(),
});

export type SalesforceContext = ContextOf<typeof salesforceAuth, typeof salesforceSettings>;

/** The origin requests go to: the instance URL from the token response (the host guard checks it). */
export function salesforceOrigin(auth: z.output<typeof salesforceAuth>): string {
  return new URL(auth.instance_url).origin;
}

/**
 * Where agents open records: the instance URL when it is a Salesforce host, else the operator's baseUrl
 * (a self-hosted proxy or test double), else nowhere (no link rather than a link elsewhere).
 */
export function agentOrigin(ctx: SalesforceContext): string | undefined {
  try {
    return assertAllowedOrigin(salesforceOrigin(ctx.auth), SALESFORCE_HOSTS);
  } catch {
    return ctx.settings.baseUrl ? new URL(ctx.settings.baseUrl).origin : undefined;
  }
}
