// Test support (not exported): a fake Pipedrive company on msw, serving the fixtures the way the API does.
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import activities from './__fixtures__/activities.json' with { type: 'json' };
import deals from './__fixtures__/deals.json' with { type: 'json' };
import notes from './__fixtures__/notes.json' with { type: 'json' };
import person from './__fixtures__/person.json' with { type: 'json' };
import personsSearch from './__fixtures__/persons-search.json' with { type: 'json' };

export const FAKE_ORIGIN = 'https://acme.pipedrive.com';
export const PIPEDRIVE_TOKEN = 'pd-token-8f3a61c2e9b04d7a';
export const PIPEDRIVE_OAUTH_TOKEN = 'pd-oauth-3c0ffee1b2d94e57';
/** The fixture person: Jane Doe, stored with phone "415-555-0132". */
export const JANE_ID = 1042;

export const fixtures = { activities, deals, notes, person, personsSearch };

const unauthorized = () =>
  HttpResponse.json({ success: false, error: 'unauthorized access', errorCode: 401 }, { status: 401 });
const notFound = (what: string) =>
  HttpResponse.json({ success: false, error: `${what} not found`, code: 'not_found' }, { status: 404 });
const digits = (text: string) => text.replace(/\D/g, '');

/**
 * Pipedrive's person search as modelled here: with `exact_match` the whole (case-insensitive) value must
 * equal the term; without it the term may appear anywhere, and phone numbers are compared on their digits
 * (separators ignored).
 */
function searchPersons(url: URL) {
  const term = url.searchParams.get('term') ?? '';
  const fields = (url.searchParams.get('fields') ?? 'email,phone').split(',');
  const exact = url.searchParams.get('exact_match') === 'true';
  const matches = (value: string, field: string) => {
    if (exact) return value.toLowerCase() === term.toLowerCase();
    if (field === 'phone') return digits(term) !== '' && digits(value).includes(digits(term));
    return value.toLowerCase().includes(term.toLowerCase());
  };
  const items = personsSearch.data.items.filter(
    ({ item }) =>
      (fields.includes('email') && item.emails.some((email) => matches(email, 'email'))) ||
      (fields.includes('phone') && item.phones.some((phone) => matches(phone, 'phone'))),
  );
  return HttpResponse.json({ ...personsSearch, data: { items } });
}

/** The list fixture for this person, or an empty page for anyone else. */
function listFor<T extends { data: unknown[] }>(url: URL, fixture: T) {
  const own = url.searchParams.get('person_id') === String(JANE_ID);
  return HttpResponse.json({ ...fixture, data: own ? fixture.data : [] });
}

export function createFakePipedrive(origin = FAKE_ORIGIN): FakeUpstream {
  return createFakeUpstream(
    origin,
    http.all(`${origin}/*`, ({ request }) => {
      const url = new URL(request.url);
      const authorised =
        request.headers.get('x-api-token') === PIPEDRIVE_TOKEN ||
        request.headers.get('authorization') === `Bearer ${PIPEDRIVE_OAUTH_TOKEN}`;
      if (!authorised) return unauthorized();
      if (request.method !== 'GET') return HttpResponse.json({ success: false }, { status: 405 });
      const personMatch = /^\/api\/v2\/persons\/(\d+)$/.exec(url.pathname);
      if (personMatch)
        return personMatch[1] === String(JANE_ID) ? HttpResponse.json(person) : notFound('Person');
      switch (url.pathname) {
        case '/api/v2/persons/search':
          return searchPersons(url);
        case '/api/v2/activities':
          return listFor(url, activities);
        case '/api/v2/deals':
          return listFor(url, deals);
        case '/api/v1/notes':
          return listFor(url, notes);
        default:
          return notFound('Route');
      }
    }),
  );
}
