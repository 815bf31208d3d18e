// The definition of one REST service, as an operator writes it (YAML or JSON). Strict: an unknown key is a
// typo until proven otherwise. Every message says what was expected, and `checkReferences` makes sure each
// template names a value that will exist (an auth field, a lookup value, an action input).
import { interactionPrioritySchema, interactionStatusSchema } from '@talkbridge/core/contract';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { parsePath } from './rest-path.js';
import { checkReferences } from './rest-references.js';
import { parseTemplate } from './rest-template.js';

const fieldPath = z
  .string({ error: 'expected a field path such as "data.orders" or "items[0].id"' })
  .superRefine((text, ctx) => {
    try {
      parsePath(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a field path: ${(error as Error).message}` });
    }
  })
  .meta({
    description: 'A field path: names separated by ".", [n] for a list item, ["name"] for odd names.',
  });

const template = z
  .string({ error: 'expected text, optionally with {{placeholders}}' })
  .superRefine((text, ctx) => {
    try {
      parseTemplate(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a template: ${(error as Error).message}` });
    }
  })
  .meta({
    description: 'Text with {{root.path}} placeholders; values are encoded, never evaluated.',
  });

/** A JSON body: any JSON, whose strings are templates. */
type JsonBody = string | number | boolean | null | JsonBody[] | { [key: string]: JsonBody };
const jsonBody: z.ZodType<JsonBody> = z.lazy(() =>
  z.union([template, z.number(), z.boolean(), z.null(), z.array(jsonBody), z.record(z.string(), jsonBody)]),
);

const scalar = z.union([template, z.number(), z.boolean()], {
  error: 'expected text (optionally with {{placeholders}}), a number or true/false',
});

const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], {
  error: 'expected GET, POST, PUT, PATCH or DELETE',
});

const requestPath = template.refine((text) => text.startsWith('/') && !text.startsWith('//'), {
  message: 'expected a path starting with "/" (under the service origin and basePath)',
});

const headerName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'expected an HTTP header name');

export const requestSchema = z
  .strictObject({
    method: httpMethod.default('GET'),
    path: requestPath,
    query: z.record(z.string().min(1).max(100), scalar).optional(),
    headers: z.record(headerName, template).optional(),
    body: jsonBody.optional(),
    /** A POST that only reads (a search endpoint): retried like a GET. */
    readOnly: z.boolean().optional(),
  })
  .meta({
    description: 'One HTTP request; path, query, header and body strings may hold {{placeholders}}.',
  });
export type RequestDefinition = z.output<typeof requestSchema>;

const moreSchema = z
  .union([z.enum(['full-page', 'link-header']), z.strictObject({ path: fieldPath })], {
    error: 'expected "full-page", "link-header" or { path: <field that is true while more pages follow> }',
  })
  .default('full-page');

const pageSize = z.number().int().min(1).max(1_000);

export const paginationSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('page'),
      /** Query parameter of the page number. */
      param: z.string().min(1),
      start: z.number().int().min(0).default(1),
      sizeParam: z.string().min(1).optional(),
      size: pageSize.optional(),
      /** How to tell that another page follows. */
      more: moreSchema,
    }),
    z.strictObject({
      type: z.literal('offset'),
      param: z.string().min(1),
      sizeParam: z.string().min(1).optional(),
      size: pageSize.optional(),
      more: moreSchema,
    }),
    z.strictObject({
      type: z.literal('cursor'),
      /** Query parameter the cursor goes back in. */
      param: z.string().min(1),
      /** Where the answer holds the next cursor; absent or empty on the last page. */
      cursor: fieldPath,
      sizeParam: z.string().min(1).optional(),
      size: pageSize.optional(),
    }),
    z.strictObject({ type: z.literal('link-header') }),
    z.strictObject({
      type: z.literal('next-url'),
      /** Where the answer holds the next page's URL (same origin only). */
      next: fieldPath,
    }),
  ],
  { error: 'expected type: page, offset, cursor, link-header or next-url' },
);
export type PaginationDefinition = z.output<typeof paginationSchema>;

/** Where a mapped value comes from: a field path, a template, or a constant; a list tries each in turn. */
const source = z.union(
  [
    fieldPath,
    z.strictObject({ path: fieldPath }),
    z.strictObject({ template }),
    z.strictObject({ value: z.union([z.string(), z.number(), z.boolean()]) }),
  ],
  { error: 'expected a field path, { path }, { template } or { value }' },
);
export const sourcesSchema = z.union([source, z.array(source).min(1).max(5)], {
  error: 'expected a field path, { path }, { template }, { value }, or a list of them (first non-empty wins)',
});
export type SourcesDefinition = z.output<typeof sourcesSchema>;

const DATE_KEYWORDS = ['iso8601', 'epoch-seconds', 'epoch-milliseconds'] as const;

const zone = z.string().refine((name) => IANAZone.isValidZone(name), {
  message: 'expected an IANA time zone such as "UTC" or "Europe/Lisbon"',
});

export const dateMappingSchema = z.union(
  [
    sourcesSchema.transform((from) => ({
      from,
      format: 'iso8601' as string,
      zone: undefined as string | undefined,
    })),
    z.strictObject({
      from: sourcesSchema,
      /** iso8601, epoch-seconds, epoch-milliseconds, or a Luxon format such as "dd/MM/yyyy HH:mm". */
      format: z.string().min(1).max(100).default('iso8601'),
      /** For a format without an offset: the zone its times are in. Default UTC. */
      zone: zone.optional(),
    }),
  ],
  {
    error:
      'expected a field path, or { from, format: iso8601 | epoch-seconds | epoch-milliseconds | "<Luxon format>", zone }',
  },
);
export type DateMapping = z.output<typeof dateMappingSchema>;
export const isDateKeyword = (format: string): format is (typeof DATE_KEYWORDS)[number] =>
  (DATE_KEYWORDS as readonly string[]).includes(format);

function valueTable<T extends z.ZodType>(target: T, name: string) {
  return z
    .strictObject({
      from: sourcesSchema,
      /** The service's values (compared as text, case-insensitively) → Talkdesk's. */
      values: z.record(z.string(), target).default({}),
      /** For a value the table does not hold, or none. */
      default: target,
    })
    .meta({
      description: `The service's ${name} values mapped to Talkdesk's through a table with a default.`,
    });
}

export const interactionMappingSchema = z.strictObject({
  id: sourcesSchema,
  subject: sourcesSchema,
  description: z
    .union([sourcesSchema, z.strictObject({ from: sourcesSchema, html: z.boolean().default(true) })])
    .optional(),
  date: dateMappingSchema,
  url: sourcesSchema.optional(),
  status: valueTable(interactionStatusSchema, 'status'),
  priority: valueTable(interactionPrioritySchema, 'priority'),
});
export type InteractionMapping = z.output<typeof interactionMappingSchema>;

const recordsPath = fieldPath.meta({
  description: 'Where the list of records is in the answer ($: the answer).',
});

export const interactionTypeSchema = z.strictObject({
  /** Made once per contact found; `{{contact.id}}` and the contact's declared fields are at hand. */
  request: requestSchema,
  pagination: paginationSchema.optional(),
  records: recordsPath.default('$'),
  map: interactionMappingSchema,
  /** Pages read at most per contact. */
  maxPages: z.number().int().min(1).max(50).default(10),
});
export type InteractionTypeDefinition = z.output<typeof interactionTypeSchema>;

const excludeSchema = z.strictObject({
  path: fieldPath,
  equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});

export const lookupStepSchema = z.strictObject({
  request: requestSchema,
  /** Where the list of candidates is in the answer; use `record` for an answer that is one contact. */
  records: recordsPath.optional(),
  record: recordsPath.optional(),
  /** The contact's id in a record. */
  id: fieldPath.default('id'),
  /**
   * Fields that must hold one of the looked-up values for a record to count (emails compared without
   * case, phones as numbers): the service's search may be looser than an exact match.
   */
  match: z.array(fieldPath).max(10).optional(),
  /** Records to drop, e.g. `{ path: deleted, equals: true }`. */
  exclude: z.array(excludeSchema).max(10).optional(),
  /** More of the contact to keep for interaction requests: `{{contact.<name>}}`. */
  fields: z
    .record(z.string().regex(/^[A-Za-z_][\w]*$/, 'expected a name of letters, digits and _'), fieldPath)
    .optional(),
});
export type LookupStepDefinition = z.output<typeof lookupStepSchema>;

const authFieldSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][\w]{0,63}$/, 'expected a name of letters, digits and _ (e.g. api_key)'),
  /** What Talkdesk shows next to the field. */
  label: z.string().min(1).max(100),
  help: z.string().max(300).optional(),
  /** Whether the value is a credential. Every auth value is kept out of logs and errors whatever this says. */
  secret: z.boolean().default(true),
  optional: z.boolean().default(false),
  /** Talkdesk's `format` hint, e.g. https://{{subdomain}}.example.com. */
  format: z.string().max(200).optional(),
});

const requestAuthSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('none') }),
    z.strictObject({ type: z.literal('basic'), username: template, password: template }),
    z.strictObject({ type: z.literal('bearer'), token: template }),
    z.strictObject({ type: z.literal('header'), name: headerName, value: template }),
    z.strictObject({ type: z.literal('query'), name: z.string().min(1), value: template }),
  ],
  { error: 'expected type: none, basic, bearer, header or query' },
);

const hostPattern = z
  .string()
  .regex(
    /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/,
    'expected a host pattern such as "*.example.com" or "api.example.com"',
  );

const serviceSchema = z
  .strictObject({
    /**
     * The service's origin: fixed (`https://orders.internal.example`) or built from auth fields
     * (`https://{{auth.subdomain}}.freshdesk.com`, checked against `hosts`). Without it, the operator's
     * `baseUrl` option is required.
     */
    origin: template.optional(),
    hosts: z.array(hostPattern).max(20).optional(),
    basePath: z
      .string()
      .regex(/^(\/[\w.~-]+)+$/, 'expected a path such as /api/v2 (no trailing slash)')
      .optional(),
    headers: z.record(headerName, z.string().max(500)).optional(),
    /** Vendor headers that say when a rate limit resets, besides Retry-After. */
    rateLimitHeaders: z
      .array(z.strictObject({ name: headerName, kind: z.enum(['epoch', 'seconds']) }))
      .max(5)
      .optional(),
    /** Statuses that mean "the credentials were refused" (401 always does). */
    credentialsRefused: z.array(z.number().int().min(400).max(499)).max(10).default([401]),
  })
  .default({ credentialsRefused: [401] });

const contactSyncSchema = z.strictObject({
  request: requestSchema,
  /** The query parameter that asks for contacts updated since a time, and how the time is written. */
  updatedSince: z
    .strictObject({
      param: z.string().min(1),
      format: z.enum(['iso8601', 'epoch-seconds', 'epoch-milliseconds']).default('iso8601'),
    })
    .optional(),
  pagination: paginationSchema.optional(),
  records: recordsPath.default('$'),
  map: z.strictObject({
    id: sourcesSchema,
    name: sourcesSchema,
    emails: z.array(fieldPath).max(10).optional(),
    phones: z.array(fieldPath).max(10).optional(),
    company: sourcesSchema.optional(),
    url: sourcesSchema.optional(),
    updatedAt: dateMappingSchema,
  }),
});

const actionSchema = z.strictObject({
  /** Lower case, fits "Then …": `create a note`. */
  display: z.string().min(1).max(100),
  description: z.string().min(1).max(300),
  inputs: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[A-Za-z_][\w]*$/),
        name: z.string().min(1),
        mandatory: z.boolean().default(true),
      }),
    )
    .max(30)
    .default([]),
  /** `{{data.<input>}}`, `{{action.contactExternalId}}`, `{{action.agentExternalId}}` are at hand. */
  request: requestSchema,
  /** Where the created thing's id is in the answer. */
  createdId: fieldPath.optional(),
  /** Talkdesk's confirmation; `{{record.*}}` reads the answer. */
  message: template.optional(),
});

const typeName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'expected a type name of lower-case letters, digits, - and _');

export const restDefinitionSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** The service's name, shown in Talkdesk. */
    name: z.string().min(1).max(80),
    description: z.string().min(1).max(300).optional(),
    auth: z
      .strictObject({
        fields: z.array(authFieldSchema).max(20).default([]),
        /** How requests authenticate, from the fields. */
        request: requestAuthSchema.default({ type: 'none' }),
      })
      .default({ fields: [], request: { type: 'none' } }),
    service: serviceSchema,
    /** How a contact is found, per step; a step left out finds nobody. */
    contacts: z
      .strictObject({
        externalId: lookupStepSchema.optional(),
        email: lookupStepSchema.optional(),
        phone: lookupStepSchema.optional(),
      })
      .refine((steps) => steps.externalId || steps.email || steps.phone, {
        message: 'declare at least one of externalId, email, phone',
      }),
    interactions: z
      .record(typeName, interactionTypeSchema)
      .refine((types) => Object.keys(types).length > 0, { message: 'declare at least one interaction type' }),
    validateAuth: z.strictObject({ request: requestSchema }).optional(),
    syncContacts: contactSyncSchema.optional(),
    actions: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected an action name such as create_note'),
        actionSchema,
      )
      .optional(),
  })
  .superRefine((definition, ctx) => {
    for (const issue of checkReferences(definition)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .meta({
    title: 'talkbridge REST connector definition',
  });

export type RestDefinition = z.output<typeof restDefinitionSchema>;
export type RestDefinitionInput = z.input<typeof restDefinitionSchema>;
