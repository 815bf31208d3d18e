import { type Agent, BridgeError, type ConnectorContact, nextLinkFrom, path } from '@talkbridge/core';
import {
  type FreshdeskListedContact,
  freshdeskAgentListSchema,
  freshdeskCompanySchema,
  freshdeskListedContactListSchema,
} from './freshdesk-api.js';
import { agentOrigin, type FreshdeskHookContext } from './freshdesk-context.js';

/** Freshdesk's largest `per_page`. */
const MAX_PER_PAGE = 100;

/** Company names looked up at once for one page of contacts. */
const COMPANY_LOOKUPS_IN_FLIGHT = 8;

/** When Freshdesk's answer has no readable `Date`, the run starts this long before the local clock. */
const CLOCK_MARGIN_SECONDS = 300;

const badOffset = () => new BridgeError('invalid_request', 'meta.offset: not an offset this bridge issued');

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

interface ContactRun {
  /** Epoch seconds: the run's checkpoint; 0 for an initial sync. */
  since: number;
  /** Epoch seconds, Freshdesk's clock: contacts updated after this wait for the next run. */
  start: number;
  perPage: number;
  /** The page this step reads; it reads `page - 1` again. */
  page: number;
  /** Ids on `page - 1` when the previous step read it. */
  seen: Set<string>;
}

// c1.<since>.<start>.<perPage>.<page>.<id,id,…>
const CONTACT_CURSOR =
  /^c1\.(\d{1,11})\.(\d{1,11})\.(\d{1,3})\.(\d{1,7})\.((?:\d{1,20})(?:,\d{1,20}){0,99})?$/;

function encodeContactCursor(run: ContactRun): string {
  return `c1.${run.since}.${run.start}.${run.perPage}.${run.page}.${[...run.seen].join(',')}`;
}

/** The cursor comes back through Talkdesk: every part is checked, anything else is refused. */
export function parseContactCursor(cursor: string): ContactRun {
  const match = CONTACT_CURSOR.exec(cursor);
  if (!match) throw badOffset();
  const [since, start, perPage, page] = [match[1], match[2], match[3], match[4]].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const seen = match[5] ? match[5].split(',') : [];
  const latestPlausible = Date.now() / 1000 + 86_400;
  if (
    perPage < 1 ||
    perPage > MAX_PER_PAGE ||
    page < 2 ||
    start < since ||
    start > latestPlausible ||
    seen.length > perPage
  ) {
    throw badOffset();
  }
  return { since, start, perPage, page, seen: new Set(seen) };
}

export async function syncFreshdeskContacts(
  ctx: FreshdeskHookContext,
  request: { updatedSince?: Date; cursor?: string },
): Promise<{ contacts: ConnectorContact[]; nextCursor?: string }> {
  const run = request.cursor === undefined ? undefined : parseContactCursor(request.cursor);
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
    if (!run?.seen.has(id) && !unseen.has(id)) unseen.set(id, contact);
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
          nextCursor: encodeContactCursor({
            since,
            start,
            perPage,
            page: page + 1,
            seen: new Set(current.data.map((contact) => String(contact.id))),
          }),
        }
      : {}),
  };
}

function listContactsPage(ctx: FreshdeskHookContext, since: number, perPage: number, page: number) {
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
function runStart(ctx: FreshdeskHookContext, headers: Headers, since: number): number {
  const date = Date.parse(headers.get('date') ?? '');
  if (!Number.isNaN(date)) return Math.max(since, Math.floor(date / 1000));
  ctx.log.warn({}, 'Freshdesk sent no Date header: the sync run starts from the local clock');
  return Math.max(since, Math.floor(Date.now() / 1000) - CLOCK_MARGIN_SECONDS);
}

/**
 * The names of the companies these contacts belong to: the list gives only `company_id`. One
 * `GET /companies/{id}` per distinct company on the page, a few at a time; a company deleted since (404)
 * just has no name. Operators can turn this off (`syncCompanyNames: false`) to save API calls.
 */
async function companyNames(
  ctx: FreshdeskHookContext,
  ids: (number | null | undefined)[],
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (ctx.settings.syncCompanyNames === false) return names;
  const pending = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
  const worker = async () => {
    for (let id = pending.shift(); id !== undefined; id = pending.shift()) {
      const company = await ctx.http.getIfExists(path`/companies/${id}`, { schema: freshdeskCompanySchema });
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
  const emails = [contact.email, ...(contact.other_emails ?? [])].filter(
    (email): email is string => typeof email === 'string' && email.trim() !== '',
  );
  const phones = [contact.phone, contact.mobile].filter(
    (phone): phone is string => typeof phone === 'string' && phone.trim() !== '',
  );
  const company = contact.company_id == null ? undefined : companies.get(contact.company_id);
  const twitter = contact.twitter_id == null ? '' : String(contact.twitter_id).trim().replace(/^@/, '');
  return {
    id: String(contact.id),
    // Freshdesk requires a name; an empty one still needs something Talkdesk can show.
    name: contact.name?.trim() || emails[0] || phones[0] || `Freshdesk contact ${contact.id}`,
    ...(company ? { company } : {}),
    ...(contact.job_title?.trim() ? { title: contact.job_title.trim() } : {}),
    emails: [...new Set(emails)],
    phones: [...new Set(phones)],
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

const AGENT_CURSOR = /^a1\.(\d{1,3})\.(\d{1,7})$/;

export function parseAgentCursor(cursor: string): { perPage: number; page: number } {
  const match = AGENT_CURSOR.exec(cursor);
  if (!match) throw badOffset();
  const perPage = Number(match[1]);
  const page = Number(match[2]);
  if (perPage < 1 || perPage > MAX_PER_PAGE || page < 2) throw badOffset();
  return { perPage, page };
}

export async function syncFreshdeskAgents(
  ctx: FreshdeskHookContext,
  request: { cursor?: string },
): Promise<{ agents: Agent[]; nextCursor?: string }> {
  const { perPage, page } =
    request.cursor === undefined
      ? { perPage: Math.min(MAX_PER_PAGE, Math.max(1, ctx.limit)), page: 1 }
      : parseAgentCursor(request.cursor);
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
  return { agents, ...(more ? { nextCursor: `a1.${perPage}.${page + 1}` } : {}) };
}
