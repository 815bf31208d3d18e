// The org's CaseStatus picklist: read once per org and kept a while, because orgs rename and add statuses
// (the IsClosed of each one is what tells a closed case from an open one).
import { createTtlCache, optionalLookup } from '@talkbridge/core';
import { caseStatusRecordSchema, type SalesforceCaseStatus } from './salesforce-api.js';
import { type SalesforceContext, salesforceOrigin } from './salesforce-context.js';
import { CASE_STATUS_QUERY } from './salesforce-query.js';
import { queryRecords } from './salesforce-requests.js';

/** How long an org's case statuses are reused before they are read again, unless configured. */
export const DEFAULT_CASE_STATUS_TTL_SECONDS = 600;

/** Each org's CaseStatus picklist, for the life of the process, refreshed after the TTL. */
export const caseStatusCache = createTtlCache<SalesforceCaseStatus[]>({
  ttlMs: DEFAULT_CASE_STATUS_TTL_SECONDS * 1000,
});

/**
 * The org's CaseStatus picklist, cached per org. When it cannot be read (a profile without access, say),
 * cases are still listed, mapped with the default table and each case's IsClosed.
 */
export async function orgCaseStatuses(ctx: SalesforceContext): Promise<SalesforceCaseStatus[] | undefined> {
  const ttlSeconds = ctx.settings.caseStatusCacheSeconds ?? DEFAULT_CASE_STATUS_TTL_SECONDS;
  return optionalLookup(
    ctx,
    'salesforce case statuses',
    () =>
      caseStatusCache.get(
        orgKey(ctx),
        () => queryRecords(ctx, CASE_STATUS_QUERY, caseStatusRecordSchema, 2_000),
        ttlSeconds * 1000,
      ),
    undefined,
  );
}

/** One org: where the requests go (operator's baseUrl or the instance) and the instance itself. */
function orgKey(ctx: SalesforceContext): string {
  return `${ctx.settings.baseUrl ?? ''} ${salesforceOrigin(ctx.auth)}`;
}
