// Contact and agent synchronization for Freshdesk.
import {
  type Agent,
  agentSync,
  type ConnectorContact,
  contactSync,
  distinct,
  nextLinkFrom,
  optionalLookup,
  path,
  twitterHandle,
} from '@talkbridge/core';
import { z } from 'zod';
import {
  type FreshdeskListedContact,
  freshdeskAgentListSchema,
  freshdeskCompanySchema,
  freshdeskListedContactListSchema,
} from './freshdesk-api.js';
import { agentOrigin, type FreshdeskContext } from './freshdesk-context.js';

/** Freshdesk's largest `per_page`. */
const MAX_PER_PAGE = 100;

/** Company names looked up at once for one page of contacts. */
const COMPANY_LOOKUPS_IN_FLIGHT = 8;

/** When Freshdesk's answer has no readable `Date`, the run starts this long before the local clock. */
const CLOCK_MARGIN_SECONDS = 300;

/** The furthest page a run may continue to: far past any account (Freshdesk stops listing long before). */
const MAX_PAGE = 10_000_000;
const epochSeconds = z.number().int().min(0).max(99_999_999_999);

/*
 * Contact synchronization over `GET /contacts`.
 *
 * Freshdesk's contact list filters by update time (`_updated_since`, inclusive) but cannot be ordered by
 * it: the API documents no sort for contacts, and the server orders them by name. So:
 *
 * - A run keeps the filter it started with: every page of the run asks for the contacts updated since the
 *   run's checkpoint and walks Freshdesk's page numbers. Each answer page is sorted by (update time, id);
 *   across pages the order is Freshdesk's, and the checkpoint (the latest update time sent, which core
 *   keeps as the maximum) is final only once the run ends.
 * - The run also keeps when it started, on Freshdesk's clock (the `Date` of its first answer). A contact
 *   updated after that is left out of this run: the checkpoint can then never pass it, and the next run
 *   (contacts updated at or after the checkpoint) picks it up. Without this a contact updated mid-run on a
 *   page already read could end up older than the checkpoint and never be sent.
 * - Page numbers over a list that changes under them shift: when a contact before the current page is
 *   deleted, merged or renamed, the contacts behind it move up one place and the first one of the next
 *   page slides onto the page already read. So each step reads the previous page again alongside the new
 *   one and sends whatever it had not seen there before; the cursor carries the ids of the previous page.
 *   A shift of up to a whole page between two steps loses nobody; contacts that moved up from older pages
 *   can come twice (harmless for Talkdesk, which updates by id). It costs a second list call per step.
 */

/**
 * Where a contact run is, carried in Talkdesk's offset. Core refuses an offset whose cursor does not match
 * (a page size Freshdesk does not have, page 1, a run that started before its checkpoint or in the future,
 * more ids than a page holds) before any call.
 */
const contactCursorSchema = z
  .strictObject({
    /** Epoch seconds: the run's checkpoint; 0 for an initial sync. */
    since: epochSeconds,
    /** Epoch seconds, Freshdesk's clock: contacts updated after this wait for the next run. */
    start: epochSeconds,
    perPage: z.number().int().min(1).max(MAX_PER_PAGE),
    /** The page this step reads; it reads `page - 1` again. */
    page: z.number().int().min(2).max(MAX_PAGE),
    /** Ids on `page - 1` when the previous step read it. */
    seen: z.array(z.number().int().min(1).max(Number.MAX_SAFE_INTEGER)).max(MAX_PER_PAGE),
  })
  .refine(
    (run) =>
      run.start >= run.since && run.start <= Date.now() / 1000 + 86_400 && run.seen.length <= run.perPage,
  );
type ContactRun = z.output<typeof contactCursorSchema>;

export const freshdeskContactSync = contactSync({ cursor: contactCursorSchema, page: syncFreshdeskContacts });

async function syncFreshdeskContacts(
  ctx: FreshdeskContext,
  request: { updatedSince?: Date; cursor?: ContactRun },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: ContactRun }> {
  const run = request.cursor;
  const seen = new Set(run?.seen ?? []);
  const since = run?.since ?? (request.updatedSince ? Math.floor(request.updatedSince.getTime() / 1000) : 0);
  const perPage = run?.perPage ?? Math.min(MAX_PER_PAGE, Math.max(1, ctx.limit));
  const page = run?.page ?? 1;

  // The previous page again (from the second step on) and the new one, at once.
  const [previous, current] = await Promise.all([
    run ? listContactsPage(ctx, since, perPage, page - 1) : undefined,
    listContactsPage(ctx, since, perPage, page),
  ]);
  const start = run?.start ?? runStart(ctx, current.headers, since);

  const unseen = new Map<string, FreshdeskListedContact>();
  for (const contact of [...(previous?.data ?? []), ...current.data]) {
    const id = String(contact.id);
    if (!seen.has(contact.id) && !unseen.has(id)) unseen.set(id, contact);
  }
  const due = [...unseen.values()]
    .map((contact) => ({ contact, updated: Date.parse(contact.updated_at) }))
    .filter(({ contact, updated }) => {
      if (contact.deleted || Number.isNaN(updated)) return false;
      const seconds = Math.floor(updated / 1000);
      return seconds >= since && seconds <= start;
    })
    .sort((a, b) => a.updated - b.updated || a.contact.id - b.contact.id);

  const companies = await companyNames(
    ctx,
    due.map(({ contact }) => contact.company_id),
  );
  const origin = agentOrigin(ctx);
  const contacts = due.map(({ contact }) => toConnectorContact(contact, companies, origin));

  const more = nextLinkFrom(current.headers.get('link')) !== undefined && current.data.length > 0;
  return {
    contacts,
    ...(more
      ? {
          nextCursor: {
            since,
            start,
            perPage,
            page: page + 1,
            seen: current.data.map((contact) => contact.id),
          },
        }
      : {}),
  };
}

function listContactsPage(ctx: FreshdeskContext, since: number, perPage: number, page: number) {
  return ctx.http.request('GET', '/contacts', {
    query: {
      // Inclusive on Freshdesk's side (`updated_at >= ?`); one second earlier keeps it inclusive even if
      // it were not, and what is older than the checkpoint is dropped above.
      _updated_since:
        since > 0 ? new Date((since - 1) * 1000).toISOString().replace('.000Z', 'Z') : undefined,
      per_page: perPage,
      page,
    },
    schema: freshdeskListedContactListSchema,
  });
}

/** The run's start on Freshdesk's clock: the `Date` of its first answer, or the local clock less a margin. */
function runStart(ctx: FreshdeskContext, headers: Headers, since: number): number {
  const date = Date.parse(headers.get('date') ?? '');
  if (!Number.isNaN(date)) return Math.max(since, Math.floor(date / 1000));
  ctx.log.warn({}, 'Freshdesk sent no Date header: the sync run starts from the local clock');
  return Math.max(since, Math.floor(Date.now() / 1000) - CLOCK_MARGIN_SECONDS);
}

/**
 * The names of the companies these contacts belong to: the list gives only `company_id`. One
 * `GET /companies/{id}` per distinct company on the page, a few at a time; a company deleted since (404)
 * just has no name, and so has one that cannot be read now (an optional lookup). Operators can turn this off (`syncCompanyNames: false`) to save API calls.
 */
async function companyNames(
  ctx: FreshdeskContext,
  ids: (number | null | undefined)[],
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (ctx.settings.syncCompanyNames === false) return names;
  const pending = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  const worker = async () => {
    for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
      const companyId = id;
      const company = await optionalLookup(
        ctx,
        'company name',
        () => ctx.http.getIfExists(path`/companies/${companyId}`, { schema: freshdeskCompanySchema }),
        undefined,
      );
      if (company?.name) names.set(id, company.name);
    }
  };
  await Promise.all(Array.from({ length: Math.min(COMPANY_LOOKUPS_IN_FLIGHT, pending.length) }, worker));
  return names;
}

function toConnectorContact(
  contact: FreshdeskListedContact,
  companies: Map<number, string>,
  origin: string,
): ConnectorContact {
  const emails = distinct([contact.email, ...(contact.other_emails ?? [])]);
  const phones = distinct([contact.phone, contact.mobile]);
  const company = contact.company_id == null ? undefined : companies.get(contact.company_id);
  const twitter = twitterHandle(contact.twitter_id == null ? undefined : String(contact.twitter_id));
  return {
    id: String(contact.id),
    // Freshdesk requires a name; an empty one still needs something Talkdesk can show.
    name: contact.name?.trim() || emails[0] || phones[0] || `Freshdesk contact ${contact.id}`,
    ...(company ? { company } : {}),
    ...(contact.job_title?.trim() ? { title: contact.job_title.trim() } : {}),
    emails,
    phones,
    ...(contact.avatar?.avatar_url ? { photo_url: contact.avatar.avatar_url } : {}),
    ...(contact.address?.trim() ? { address: contact.address.trim() } : {}),
    ...(twitter ? { twitter } : {}),
    url: `${origin}/a/contacts/${contact.id}`,
    updatedAt: contact.updated_at,
  };
}

/*
 * Agent synchronization over `GET /agents`, Freshdesk's page numbers and `Link: rel="next"`. The cursor
 * keeps the page size of the run so the pages stay aligned.
 */

/** The next page of an agent run; core refuses any other shape before a call. */
const agentCursorSchema = z.strictObject({
  perPage: z.number().int().min(1).max(MAX_PER_PAGE),
  page: z.number().int().min(2).max(MAX_PAGE),
});
type AgentRun = z.output<typeof agentCursorSchema>;

export const freshdeskAgentSync = agentSync({ cursor: agentCursorSchema, page: syncFreshdeskAgents });

async function syncFreshdeskAgents(
  ctx: FreshdeskContext,
  request: { cursor?: AgentRun },
): Promise<{ agents: Agent[]; nextCursor?: AgentRun }> {
  const { perPage, page } = request.cursor ?? {
    perPage: Math.min(MAX_PER_PAGE, Math.max(1, ctx.limit)),
    page: 1,
  };
  const answer = await ctx.http.request('GET', '/agents', {
    query: { per_page: perPage, page },
    schema: freshdeskAgentListSchema,
  });
  const agents: Agent[] = [];
  for (const agent of answer.data) {
    const email = agent.contact?.email?.trim();
    // Talkdesk matches agents by email: one without it cannot be used (Freshdesk requires one anyway).
    if (!email) {
      ctx.log.warn({ agent_id: agent.id }, 'Freshdesk agent without an email left out of the sync');
      continue;
    }
    agents.push({ id: String(agent.id), name: agent.contact?.name?.trim() || email, email });
  }
  const more = nextLinkFrom(answer.headers.get('link')) !== undefined && answer.data.length > 0;
  return { agents, ...(more ? { nextCursor: { perPage, page: page + 1 } } : {}) };
}
