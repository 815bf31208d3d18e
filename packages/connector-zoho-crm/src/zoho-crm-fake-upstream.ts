// Test support (not exported by the package): a fake Zoho CRM v8 on msw that serves the fixtures the way
// Zoho does — `Zoho-oauthtoken` auth, 204 for "nothing found", criteria search with Zoho's escaping, phone
// search across phone fields, related lists that require `fields`, and COQL over Tasks, Calls, Events and
// Cases filtered by the ids in the query.
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import calls from './__fixtures__/calls.json' with { type: 'json' };
import cases from './__fixtures__/cases.json' with { type: 'json' };
import contacts from './__fixtures__/contacts.json' with { type: 'json' };
import events from './__fixtures__/events.json' with { type: 'json' };
import leads from './__fixtures__/leads.json' with { type: 'json' };
import notes from './__fixtures__/notes.json' with { type: 'json' };
import tasks from './__fixtures__/tasks.json' with { type: 'json' };

export const ZOHO_TOKEN = '1000.f2a9c41d7be0e53a8c6d.9b8e7d6c5b4a39281706';
export const FAKE_ZOHO_ORIGIN = 'https://zoho-crm.test';

export const JANE = contacts.data[0] as (typeof contacts.data)[number];
export const KRIS = leads.data[0] as (typeof leads.data)[number];

type ZohoRecord = Record<string, unknown> & { id: string };

const modules: Record<string, ZohoRecord[]> = {
  Contacts: contacts.data,
  Leads: leads.data,
  Cases: cases.data,
  Tasks: tasks.data,
  Calls: calls.data,
  Events: events.data,
};

const PHONE_FIELDS = ['Phone', 'Mobile', 'Home_Phone', 'Other_Phone'];

export interface ParsedCriteria {
  conditions: { field: string; operator: string; value: string }[];
  combinators: string[];
}

/**
 * Zoho's criteria grammar as the fake reads it: `(Field:operator:value)` conditions, grouped in parentheses
 * and joined by `and`/`or`; inside a value `(`, `)`, `,` and `\` only appear escaped with a backslash.
 * Throws on anything else, as Zoho answers INVALID_QUERY.
 */
export function parseCriteria(input: string): ParsedCriteria {
  const parsed: ParsedCriteria = { conditions: [], combinators: [] };
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`invalid criteria at ${at}: ${why}`);
  };
  const expect = (character: string) => {
    if (input[at] !== character) fail(`expected ${character}`);
    at += 1;
  };
  const expression = (): void => {
    expect('(');
    const condition = /^(\w+):(\w+):/.exec(input.slice(at));
    if (condition) {
      at += condition[0].length;
      let value = '';
      while (at < input.length && input[at] !== ')') {
        const character = input[at] as string;
        if (character === '\\') {
          if (at + 1 >= input.length) fail('dangling backslash');
          value += input[at + 1];
          at += 2;
        } else if (character === '(' || character === ',') {
          fail(`unescaped ${character} in a value`);
        } else {
          value += character;
          at += 1;
        }
      }
      expect(')');
      parsed.conditions.push({ field: condition[1] as string, operator: condition[2] as string, value });
      return;
    }
    expression();
    while (input.startsWith('and', at) || input.startsWith('or', at)) {
      const combinator = input.startsWith('and', at) ? 'and' : 'or';
      parsed.combinators.push(combinator);
      at += combinator.length;
      expression();
    }
    expect(')');
  };
  expression();
  if (at !== input.length) fail('trailing text');
  return parsed;
}

const digits = (value: unknown) => (typeof value === 'string' ? value.replace(/\D/g, '') : '');

function list(data: ZohoRecord[], info: Record<string, unknown> = {}) {
  if (data.length === 0) return new HttpResponse(null, { status: 204 });
  return HttpResponse.json({ data, info: { count: data.length, more_records: false, ...info } });
}

function zohoError(status: number, code: string, message: string) {
  return HttpResponse.json({ code, details: {}, message, status: 'error' }, { status });
}

function search(module: ZohoRecord[], url: URL) {
  const criteria = url.searchParams.get('criteria');
  if (criteria !== null) {
    let parsed: ParsedCriteria;
    try {
      parsed = parseCriteria(criteria);
    } catch {
      return zohoError(400, 'INVALID_QUERY', 'invalid query formed');
    }
    if (parsed.combinators.some((combinator) => combinator !== 'or')) {
      return zohoError(400, 'INVALID_QUERY', 'the fake only serves or');
    }
    return list(
      module.filter((record) =>
        parsed.conditions.some(
          (condition) =>
            condition.operator === 'equals' &&
            String(record[condition.field] ?? '').toLowerCase() === condition.value.toLowerCase(),
        ),
      ),
    );
  }
  const phone = url.searchParams.get('phone');
  if (phone !== null) {
    const wanted = digits(phone);
    return list(
      module.filter((record) =>
        PHONE_FIELDS.some((field) => wanted && digits(record[field]).includes(wanted)),
      ),
    );
  }
  return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing');
}

/** `select a, b from Tasks where (Who_Id in ('1') or What_Id in ('2')) order by Created_Time desc limit 50` */
function coql(query: string) {
  const match = /^select (.+) from (\w+) where (.+) order by (\w+) (asc|desc) limit (\d+)$/.exec(query);
  if (!match) return zohoError(400, 'SYNTAX_ERROR', 'invalid query formed');
  const [, columns = '', moduleName = '', where = '', orderBy = '', direction, limit] = match;
  const records = modules[moduleName];
  if (!records) return zohoError(400, 'INVALID_QUERY', 'invalid module');
  const idsIn = (field: string) => {
    const found = new RegExp(`${field} in \\(([^)]*)\\)`).exec(where);
    return new Set([...(found?.[1] ?? '').matchAll(/'(\d+)'/g)].map((id) => id[1]));
  };
  const lookupId = (record: ZohoRecord, field: string) => (record[field] as { id?: string } | null)?.id ?? '';
  const filters = ['Who_Id', 'What_Id', 'Contact_Name'].map((field) => ({ field, ids: idsIn(field) }));
  const fields = columns.split(',').map((column) => column.trim());
  const selected = records
    .filter((record) => filters.some(({ field, ids }) => ids.has(lookupId(record, field))))
    .sort((a, b) => {
      const order = Date.parse(String(b[orderBy])) - Date.parse(String(a[orderBy]));
      return direction === 'desc' ? order : -order;
    })
    .slice(0, Number(limit))
    .map((record) => Object.fromEntries(fields.map((field) => [field, record[field] ?? null])) as ZohoRecord);
  return list(selected);
}

function relatedNotes(parentId: string, url: URL) {
  if (!url.searchParams.get('fields')) {
    return zohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing');
  }
  const perPage = Number(url.searchParams.get('per_page') ?? 200);
  const page = Number(url.searchParams.get('page') ?? 1);
  const all = (notes.data as ZohoRecord[]).filter(
    (note) => (note.Parent_Id as { id: string }).id === parentId,
  );
  const slice = all.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return new HttpResponse(null, { status: 204 });
  return HttpResponse.json({
    data: slice,
    info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length },
  });
}

/** The fake Zoho CRM at `origin` (default a `.test` host nobody can reach). */
export function createZohoFake(origin = FAKE_ZOHO_ORIGIN): FakeUpstream {
  const base = `${origin}/crm/v8`;
  return createFakeUpstream(
    origin,
    http.all(`${origin}/*`, ({ request }) => {
      if (request.headers.get('authorization') !== `Zoho-oauthtoken ${ZOHO_TOKEN}`) {
        return zohoError(401, 'INVALID_TOKEN', 'invalid oauth token');
      }
      return undefined;
    }),
    http.post(`${base}/coql`, async ({ request }) => {
      const body = (await request.json()) as { select_query?: unknown };
      return typeof body.select_query === 'string'
        ? coql(body.select_query)
        : zohoError(400, 'REQUIRED_PARAM_MISSING', 'select_query is missing');
    }),
    http.get(`${base}/:module/search`, ({ params, request }) => {
      const records = modules[String(params.module)];
      return records
        ? search(records, new URL(request.url))
        : zohoError(400, 'INVALID_MODULE', 'invalid module');
    }),
    http.get(`${base}/:module/:id/Notes`, ({ params, request }) =>
      relatedNotes(String(params.id), new URL(request.url)),
    ),
    http.get(`${base}/:module/:id`, ({ params }) => {
      const record = modules[String(params.module)]?.find((candidate) => candidate.id === params.id);
      return record ? HttpResponse.json({ data: [record] }) : new HttpResponse(null, { status: 204 });
    }),
  );
}
