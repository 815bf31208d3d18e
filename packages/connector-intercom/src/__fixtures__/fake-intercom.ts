// A fake of the Intercom REST API (2.15) serving the fixtures: it checks the bearer token and the pinned
// version header like the real service checks the token, and answers searches the way Intercom does
// (`IN` filters, exact matches on the stored values).
import {
  createFakeUpstream,
  type FakeUpstream,
  HttpResponse,
  http,
  type RequestHandler,
} from '@talkbridge/testkit';
import contact from './contact.json' with { type: 'json' };
import contactsSearch from './contacts-search.json' with { type: 'json' };
import conversationsSearch from './conversations-search.json' with { type: 'json' };
import notes from './notes.json' with { type: 'json' };
import ticketsSearch from './tickets-search.json' with { type: 'json' };

export const INTERCOM_TOKEN = 'dG9rOmZha2UtaW50ZXJjb20tdG9rZW4tN2Q0MQ==';
export const CONTACT_ID = contact.id;
export const CONTACT_EMAIL = contact.email;
/** As the fixture stores it; Talkdesk sends it in another layout. */
export const CONTACT_PHONE = contact.phone;
export const WORKSPACE_ID = contact.workspace_id;

const emptyList = {
  type: 'list',
  data: [],
  total_count: 0,
  pages: { type: 'pages', page: 1, per_page: 50, total_pages: 0 },
};

function intercomError(status: number, code: string, message: string) {
  return HttpResponse.json(
    { type: 'error.list', request_id: 'b8e3c1d2-0000-4000-8000-000000000000', errors: [{ code, message }] },
    { status },
  );
}

interface Filter {
  field?: unknown;
  operator?: unknown;
  value?: unknown;
}

/** The values an `=`/`IN` filter on `field` asks for; anything else matches nothing. */
function wanted(query: Filter | undefined, field: string): string[] {
  if (!query || query.field !== field) return [];
  if (query.operator === 'IN' && Array.isArray(query.value)) return query.value.map(String);
  if (query.operator === '=' && typeof query.value === 'string') return [query.value];
  return [];
}

/** The fake Intercom on one origin: `fakeIntercom` serves it, tests add it for a second origin. */
export function intercomHandler(origin: string): RequestHandler {
  return http.all(`${origin}/*`, async ({ request }) => {
    if (request.headers.get('authorization') !== `Bearer ${INTERCOM_TOKEN}`) {
      return intercomError(401, 'unauthorized', 'Access Token Invalid');
    }
    if (request.headers.get('intercom-version') !== '2.15') {
      return intercomError(400, 'intercom_version_invalid', 'Requested Intercom-Version is not valid');
    }
    const { pathname } = new URL(request.url);
    const body =
      request.method === 'POST' ? ((await request.json()) as { query?: Filter }) : { query: undefined };

    if (request.method === 'GET') {
      const notesOf = /^\/contacts\/([^/]+)\/notes$/.exec(pathname);
      if (notesOf) {
        return decodeURIComponent(notesOf[1] ?? '') === CONTACT_ID
          ? HttpResponse.json(notes)
          : intercomError(404, 'not_found', 'User Not Found');
      }
      const contactOf = /^\/contacts\/([^/]+)$/.exec(pathname);
      if (contactOf) {
        return decodeURIComponent(contactOf[1] ?? '') === CONTACT_ID
          ? HttpResponse.json(contact)
          : intercomError(404, 'not_found', 'User Not Found');
      }
    }
    if (request.method === 'POST' && pathname === '/contacts/search') {
      const found =
        wanted(body.query, 'email').includes(CONTACT_EMAIL) ||
        wanted(body.query, 'phone').includes(CONTACT_PHONE);
      return HttpResponse.json(found ? contactsSearch : emptyList);
    }
    if (request.method === 'POST' && pathname === '/conversations/search') {
      return HttpResponse.json(
        wanted(body.query, 'contact_ids').includes(CONTACT_ID)
          ? conversationsSearch
          : { ...conversationsSearch, conversations: [], total_count: 0 },
      );
    }
    if (request.method === 'POST' && pathname === '/tickets/search') {
      return HttpResponse.json(
        wanted(body.query, 'contact_ids').includes(CONTACT_ID)
          ? ticketsSearch
          : { ...ticketsSearch, tickets: [], total_count: 0 },
      );
    }
    return intercomError(404, 'not_found', 'Resource Not Found');
  });
}

export function fakeIntercom(origin = 'https://api.intercom.io'): FakeUpstream {
  return createFakeUpstream(origin, intercomHandler(origin));
}
