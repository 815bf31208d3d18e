// Test support, for this package's tests and the gateway's e2e test (the dev-only `./fixtures` subpath, left
// out of what is published): a fake Zoho CRM v8 on msw that serves the fixtures the way Zoho does —
// `Zoho-oauthtoken` auth, 204 for "nothing found", criteria search with Zoho's escaping, phone search across
// phone fields, related lists that require `fields`, COQL over Tasks, Calls, Events and Cases filtered by the
// ids in the query, COQL over Contacts with the (Modified_Time, id) keyset of contact sync, users by type and
// page, and record inserts into Calls and Notes with Zoho's per-record errors.
import { createFakeUpstream, type FakeUpstream, HttpResponse, http } from '@talkbridge/testkit';
import accounts from './accounts.json' with { type: 'json' };
import calls from './calls.json' with { type: 'json' };
import cases from './cases.json' with { type: 'json' };
import contacts from './contacts.json' with { type: 'json' };
import events from './events.json' with { type: 'json' };
import leads from './leads.json' with { type: 'json' };
import notes from './notes.json' with { type: 'json' };
import tasks from './tasks.json' with { type: 'json' };
import users from './users.json' with { type: 'json' };

export const ZOHO_TOKEN = '1000.f2a9c41d7be0e53a8c6d.9b8e7d6c5b4a39281706';
export const FAKE_ZOHO_ORIGIN = 'https://zoho-crm.test';

export const JANE = contacts.data[0] as (typeof contacts.data)[number];
export const KRIS = leads.data[0] as (typeof leads.data)[number];
export const PATRICIA = users.users[0] as (typeof users.users)[number];

/** The ids the fake gives records it creates: `Calls` and `Notes` inserts answer these. */
export const CREATED_CALL_ID = '3652397000000680099';
export const CREATED_NOTE_ID = '3652397000000660099';

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

type SyncFilter = (time: number, id: bigint) => boolean;

const ISO = "'(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}[+-]\\d{2}:\\d{2})'";
const SINCE = new RegExp(`^Modified_Time >= ${ISO}$`);
const KEYSET = new RegExp(
  `^\\(Modified_Time > ${ISO} or \\(Modified_Time = ${ISO} and id > (\\d{1,20})\\)\\)$`,
);

/** The three WHERE clauses contact sync sends; anything else is a syntax error, as Zoho would say. */
function syncFilter(where: string): SyncFilter | undefined {
  if (where === 'id is not null') return () => true;
  const since = SINCE.exec(where);
  if (since) return (time) => time >= Date.parse(since[1] as string);
  const keyset = KEYSET.exec(where);
  if (!keyset || keyset[1] !== keyset[2]) return undefined;
  const after = Date.parse(keyset[1] as string);
  const afterId = BigInt(keyset[3] as string);
  return (time, id) => time > after || (time === after && id > afterId);
}

/** A selected column of a record; `Account_Name.Website` reads the Account the lookup points at. */
function column(record: ZohoRecord, field: string): unknown {
  const [lookupField, accountField] = field.split('.');
  if (!accountField) return record[field] ?? null;
  const id = (record[lookupField as string] as { id?: string } | null)?.id;
  const account = (accounts.data as ZohoRecord[]).find((candidate) => candidate.id === id);
  return account?.[accountField] ?? null;
}

/**
 * Contact sync: `select … from Contacts where <keyset> order by Modified_Time asc, id asc limit n`, ordered
 * as Zoho does (update instant, then numeric id), with `more_records` when the limit cut the result.
 */
function coqlContactsSync(columns: string, where: string, limit: number) {
  const rule = syncFilter(where);
  if (!rule) return zohoError(400, 'SYNTAX_ERROR', 'invalid query formed');
  if (limit < 1 || limit > 2000) return zohoError(400, 'LIMIT_EXCEEDED', 'limit exceeded');
  const fields = columns.split(',').map((field) => field.trim());
  const matching = (contacts.data as ZohoRecord[])
    .map((record) => ({ record, time: Date.parse(String(record.Modified_Time)), id: BigInt(record.id) }))
    .filter(({ time, id }) => rule(time, id))
    .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = matching
    .slice(0, limit)
    .map(
      ({ record }) => Object.fromEntries(fields.map((field) => [field, column(record, field)])) as ZohoRecord,
    );
  if (page.length === 0) return new HttpResponse(null, { status: 204 });
  return HttpResponse.json({
    data: page,
    info: { count: page.length, more_records: matching.length > page.length },
  });
}

/**
 * `select <columns> from <module> where <condition> order by <order> limit <n>`, cut at its keywords with
 * indexOf (a regex with several `(.+)` groups backtracks polynomially on a long query).
 */
function parseCoql(query: string) {
  if (!query.startsWith('select ')) return undefined;
  const from = query.indexOf(' from ');
  const where = query.indexOf(' where ', from + 1);
  const order = query.lastIndexOf(' order by ');
  const limit = query.lastIndexOf(' limit ');
  if (from === -1 || where === -1 || order < where || limit < order) return undefined;
  const moduleName = query.slice(from + ' from '.length, where);
  const limitText = query.slice(limit + ' limit '.length);
  if (!/^\w+$/.test(moduleName) || !/^\d+$/.test(limitText)) return undefined;
  return {
    columns: query.slice('select '.length, from),
    moduleName,
    where: query.slice(where + ' where '.length, order),
    order: query.slice(order + ' order by '.length, limit),
    limit: limitText,
  };
}

/** `select a, b from Tasks where (Who_Id in ('1') or What_Id in ('2')) order by Created_Time desc limit 50` */
function coql(query: string) {
  const parsed = parseCoql(query);
  if (parsed?.moduleName === 'Contacts' && parsed.order === 'Modified_Time asc, id asc') {
    return coqlContactsSync(parsed.columns, parsed.where, Number(parsed.limit));
  }
  const ordering = /^(\w+) (asc|desc)$/.exec(parsed?.order ?? '');
  if (!parsed || !ordering) return zohoError(400, 'SYNTAX_ERROR', 'invalid query formed');
  const { columns, moduleName, where, limit } = parsed;
  const [, orderBy = '', direction] = ordering;
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

/** A per-record refusal, as Zoho answers an insert whose only record fails: 400 with the outcome in `data`. */
function recordError(code: string, apiName: string, message: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json(
    {
      data: [
        {
          code,
          details: { api_name: apiName, json_path: `$.data[0].${apiName}`, ...extra },
          message,
          status: 'error',
        },
      ],
    },
    { status: 400 },
  );
}

function recordAdded(id: string) {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const by = { name: PATRICIA.full_name, id: PATRICIA.id };
  return HttpResponse.json(
    {
      data: [
        {
          code: 'SUCCESS',
          details: { Modified_Time: now, Modified_By: by, Created_Time: now, id, Created_By: by },
          message: 'record added',
          status: 'success',
        },
      ],
    },
    { status: 201 },
  );
}

const lookupId = (value: unknown) =>
  value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined;
const exists = (module: string, id: unknown) =>
  typeof id === 'string' && !!modules[module]?.some((record) => record.id === id);
const ZOHO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** `POST /Calls` with one record: Zoho's rules for a call (Kaizen #38), checked field by field. */
function insertCall(body: unknown) {
  const record = (body as { data?: Record<string, unknown>[] })?.data?.[0];
  if (!record) return zohoError(400, 'INVALID_DATA', 'invalid data');
  if (typeof record.Subject !== 'string' || record.Subject === '') {
    return recordError('MANDATORY_NOT_FOUND', 'Subject', 'required field not found');
  }
  if (!['Inbound', 'Outbound', 'Missed'].includes(String(record.Call_Type))) {
    return recordError('INVALID_DATA', 'Call_Type', 'invalid data');
  }
  const start = String(record.Call_Start_Time ?? '');
  if (!ZOHO_DATE_TIME.test(start)) {
    return recordError('INVALID_DATA', 'Call_Start_Time', 'invalid data', { expected_data_type: 'datetime' });
  }
  const completed = record.Call_Type !== 'Missed' && Date.parse(start) <= Date.now();
  if (completed && record.Call_Duration === undefined) {
    return recordError('MANDATORY_NOT_FOUND', 'Call_Duration', 'required field not found');
  }
  if (record.Call_Duration !== undefined && !/^\d{2,}:[0-5]\d$/.test(String(record.Call_Duration))) {
    return recordError('INVALID_DATA', 'Call_Duration', 'invalid data');
  }
  if (record.Who_Id !== undefined && !exists('Contacts', lookupId(record.Who_Id))) {
    return recordError('INVALID_DATA', 'Who_Id', 'invalid data');
  }
  if (
    record.What_Id !== undefined &&
    (record.$se_module !== 'Leads' || !exists('Leads', lookupId(record.What_Id)))
  ) {
    return recordError('INVALID_DATA', 'What_Id', 'invalid data');
  }
  const owner = lookupId(record.Owner);
  if (record.Owner !== undefined && !users.users.some((user) => user.id === owner)) {
    return recordError('INVALID_DATA', 'Owner', 'invalid data');
  }
  return recordAdded(CREATED_CALL_ID);
}

/** `POST /Notes` with one note: content, and a parent `{ module: { api_name }, id }` that exists. */
function insertNote(body: unknown) {
  const record = (body as { data?: Record<string, unknown>[] })?.data?.[0];
  if (!record) return zohoError(400, 'INVALID_DATA', 'invalid data');
  if (typeof record.Note_Content !== 'string' || record.Note_Content === '') {
    return recordError('MANDATORY_NOT_FOUND', 'Note_Content', 'required field not found');
  }
  const parent = record.Parent_Id as { module?: { api_name?: unknown }; id?: unknown } | undefined;
  const module = String(parent?.module?.api_name ?? '');
  if (!['Contacts', 'Leads'].includes(module) || !exists(module, parent?.id)) {
    return recordError('INVALID_DATA', 'Parent_Id', 'invalid data');
  }
  return recordAdded(CREATED_NOTE_ID);
}

/** `GET /users?type=…&page=…&per_page=…`: the current user, or a page of the active ones. */
function listUsers(url: URL) {
  const type = url.searchParams.get('type');
  if (type === 'CurrentUser') {
    return HttpResponse.json({
      users: [PATRICIA],
      info: { per_page: 200, count: 1, page: 1, more_records: false },
    });
  }
  if (type !== 'ActiveUsers') return zohoError(400, 'INVALID_DATA', 'invalid data');
  const page = Number(url.searchParams.get('page') ?? 1);
  const perPage = Number(url.searchParams.get('per_page') ?? 200);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1 || perPage > 200) {
    return zohoError(400, 'INVALID_DATA', 'invalid data');
  }
  const slice = users.users.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return new HttpResponse(null, { status: 204 });
  return HttpResponse.json({
    users: slice,
    info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < users.users.length },
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
    http.get(`${base}/users`, ({ request }) => listUsers(new URL(request.url))),
    http.post(`${base}/Calls`, async ({ request }) => insertCall(await request.json())),
    http.post(`${base}/Notes`, async ({ request }) => insertNote(await request.json())),
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
