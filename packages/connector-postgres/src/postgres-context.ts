// What every PostgreSQL operation shares: the operator's options (connection, declared auth fields, the
// SQL of each step), the parameters each step may name, and the context type.
import type { ConnectorContext } from '@talkbridge/core';
import {
  INTERACTION_PRIORITIES,
  INTERACTION_STATUSES,
  interactionPrioritySchema,
  interactionStatusSchema,
} from '@talkbridge/core/contract';
import { z } from 'zod';
import { compileNamedParameters, NamedSqlError } from './named-parameters.js';

/** The Talkdesk fields an interaction query answers, by column name unless `columns` maps them. */
export const INTERACTION_FIELDS = [
  'id',
  'subject',
  'description',
  'date',
  'url',
  'status',
  'priority',
] as const;
export type InteractionField = (typeof INTERACTION_FIELDS)[number];
export const REQUIRED_INTERACTION_FIELDS: readonly InteractionField[] = ['id', 'subject', 'date'];

/** The fields a contact synchronization query answers. */
export const SYNC_FIELDS = [
  'id',
  'name',
  'updated_at',
  'company',
  'title',
  'emails',
  'phones',
  'address',
  'url',
] as const;
export type SyncField = (typeof SYNC_FIELDS)[number];
export const REQUIRED_SYNC_FIELDS: readonly SyncField[] = ['id', 'name', 'updated_at'];

/** The parameters each step's SQL may name, besides the declared auth fields. */
export const STEP_PARAMETERS = {
  authQuery: [],
  byExternalId: ['external_id'],
  byEmails: ['emails'],
  byPhones: ['phones'],
  interaction: ['contact_ids'],
  sync: ['updated_since', 'after_updated_at', 'after_id'],
  action: ['contact_external_id', 'agent_external_id'],
} as const satisfies Record<string, readonly string[]>;
const RESERVED_PARAMETERS = new Set<string>(Object.values(STEP_PARAMETERS).flat());

const name = (what: string) =>
  z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, `expected ${what}: lower-case letters, digits and "_", from a letter`);
const sql = z.string().trim().min(1, 'expected SQL').max(20_000, 'expected at most 20,000 characters of SQL');
const column = z.string().trim().min(1).max(63);
const label = (max: number) => z.string().trim().min(1).max(max);

/** A Talkdesk auth field the integration asks for; its value is bound as `:<name>` in every query. */
const declaredAuthFieldSchema = z.strictObject({
  title: label(80).optional(),
  description: label(300).optional(),
  /** Longest value accepted (refused before any query). */
  maxLength: z.number().int().min(1).max(1_000).default(200),
});

const interactionQuerySchema = z.strictObject({
  /** Takes `:contact_ids` (text[]); answers one row per interaction, newest first. */
  sql,
  /** Column names for Talkdesk fields the query does not answer under their own name. */
  columns: z.partialRecord(z.enum(INTERACTION_FIELDS), column).optional(),
  /** Database values → Talkdesk status/priority; Talkdesk's own words map to themselves. */
  statusMap: z.record(z.string().max(200), interactionStatusSchema).optional(),
  priorityMap: z.record(z.string().max(200), interactionPrioritySchema).optional(),
  /** For a value the map does not know, or no status/priority column. */
  defaultStatus: interactionStatusSchema.default('open'),
  defaultPriority: interactionPrioritySchema.default('normal'),
});

const actionSchema = z.strictObject({
  /** Lower case, fits "Then …": `log the call`. */
  display: label(100),
  description: label(300),
  inputs: z
    .array(
      z.strictObject({
        key: name('an input key'),
        name: label(100),
        mandatory: z.boolean().default(false),
      }),
    )
    .max(30)
    .default([]),
  /** An INSERT … RETURNING id; inputs bind as `:<key>` (null when not given). */
  sql,
  /** The answer's message; default `Done`. */
  message: label(300).optional(),
});

export const postgresSettingsSchema = z
  .object({
    /** The NAME of the environment variable holding the connection string (never the string itself). */
    connectionStringEnv: z
      .string()
      .regex(
        /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
        'expected the name of an environment variable, such as ORDERS_DATABASE_URL',
      ),
    /** TLS to the database; absent: whatever the connection string's `sslmode` says. */
    tls: z
      .strictObject({
        /** A PEM file of the CA that signed the server's certificate. */
        caFile: z.string().min(1).optional(),
        /** Verify the server's certificate (default); false only for a test database. */
        rejectUnauthorized: z.boolean().default(true),
        /** The name the certificate must carry, when it is not the connection string's host. */
        serverName: z.string().min(1).max(253).optional(),
      })
      .optional(),
    /** How Talkdesk lists the integration; default "PostgreSQL". */
    displayName: label(80).optional(),
    description: label(300).optional(),
    /** Connections kept open to the database by this integration. */
    poolSize: z.number().int().min(1).max(50).default(5),
    /** How long opening a connection may take. */
    connectTimeoutMs: z.number().int().min(100).max(30_000).default(3_000),
    /** The most rows one query may return (interactions are also capped by the answer's limit). */
    maxRows: z.number().int().min(1).max(1_000).default(200),
    /** Talkdesk auth fields this integration asks for, by name; none declared: `authentication_type: none`. */
    auth: z.record(name('an auth field name'), declaredAuthFieldSchema).default({}),
    /**
     * Answers at least one row when the auth fields name a known tenant; none: `invalid_credentials`.
     * Runs before every operation when set.
     */
    authQuery: sql.optional(),
    /** Contact lookups, each answering an `id` column. */
    contacts: z.strictObject({
      /** Takes `:external_id` (text). */
      byExternalId: sql.optional(),
      /** Takes `:emails` (text[], lower-cased). */
      byEmails: sql.optional(),
      /** Takes `:phones` (text[], E.164 such as +15555550100). */
      byPhones: sql.optional(),
    }),
    /** One query per Talkdesk interaction type, by type name. */
    interactions: z
      .record(name('an interaction type'), interactionQuerySchema)
      .refine((types) => Object.keys(types).length > 0, 'expected at least one interaction type')
      .refine((types) => Object.keys(types).length <= 20, 'expected at most 20 interaction types'),
    /** Contact synchronization: a keyset query ordered by updated_at, id. */
    sync: z
      .strictObject({
        sql,
        columns: z.partialRecord(z.enum(SYNC_FIELDS), column).optional(),
      })
      .optional(),
    /** Actions Talkdesk may run, by action name. */
    actions: z.record(name('an action name'), actionSchema).default({}),
  })
  .superRefine((settings, ctx) => {
    const authFields = Object.keys(settings.auth);
    for (const field of authFields) {
      if (RESERVED_PARAMETERS.has(field)) {
        ctx.addIssue({
          code: 'custom',
          path: ['auth', field],
          message: `"${field}" is a parameter the connector binds itself: choose another name`,
        });
      }
    }
    if (!settings.contacts.byExternalId && !settings.contacts.byEmails && !settings.contacts.byPhones) {
      ctx.addIssue({
        code: 'custom',
        path: ['contacts'],
        message: 'expected at least one lookup: byExternalId, byEmails or byPhones',
      });
    }
    for (const step of statementsOf(settings)) {
      const problem = parameterProblem(step.sql, [...step.parameters, ...authFields]);
      if (problem) ctx.addIssue({ code: 'custom', path: step.path, message: problem });
    }
  });

export type PostgresSettings = z.output<typeof postgresSettingsSchema> & { baseUrl?: string };
export type PostgresSettingsInput = z.input<typeof postgresSettingsSchema>;
export type InteractionQuery = z.output<typeof interactionQuerySchema>;
export type PostgresActionSettings = z.output<typeof actionSchema>;

/** The validated auth fields: declared name → value. */
export type PostgresAuth = Record<string, string>;
export type PostgresContext = ConnectorContext<PostgresAuth, PostgresSettings>;

/** One configured statement: where it sits in the options, its SQL, the parameters it may name. */
export interface ConfiguredStatement {
  /** `interactions.order`: names the step in messages and logs (never the SQL). */
  step: string;
  path: (string | number)[];
  sql: string;
  parameters: readonly string[];
}

export function statementsOf(settings: z.output<typeof postgresSettingsSchema>): ConfiguredStatement[] {
  const statements: ConfiguredStatement[] = [];
  const add = (path: string[], sqlText: string | undefined, parameters: readonly string[]) => {
    if (sqlText) statements.push({ step: path.join('.'), path: [...path], sql: sqlText, parameters });
  };
  add(['authQuery'], settings.authQuery, STEP_PARAMETERS.authQuery);
  add(['contacts', 'byExternalId'], settings.contacts.byExternalId, STEP_PARAMETERS.byExternalId);
  add(['contacts', 'byEmails'], settings.contacts.byEmails, STEP_PARAMETERS.byEmails);
  add(['contacts', 'byPhones'], settings.contacts.byPhones, STEP_PARAMETERS.byPhones);
  for (const [type, query] of Object.entries(settings.interactions)) {
    add(['interactions', type, 'sql'], query.sql, STEP_PARAMETERS.interaction);
  }
  if (settings.sync) add(['sync', 'sql'], settings.sync.sql, STEP_PARAMETERS.sync);
  for (const [actionName, action] of Object.entries(settings.actions)) {
    add(['actions', actionName, 'sql'], action.sql, [
      ...STEP_PARAMETERS.action,
      ...action.inputs.map((input) => input.key),
    ]);
  }
  return statements;
}

function parameterProblem(sqlText: string, allowed: readonly string[]): string | undefined {
  try {
    const unknown = compileNamedParameters(sqlText).names.filter((used) => !allowed.includes(used));
    if (unknown.length === 0) return undefined;
    const known = allowed.length > 0 ? allowed.map((known) => `:${known}`).join(', ') : 'none';
    return `unknown parameter ${unknown.map((used) => `:${used}`).join(', ')} (this step knows ${known})`;
  } catch (error) {
    if (error instanceof NamedSqlError) return error.message;
    throw error;
  }
}

export const TALKDESK_STATUSES = INTERACTION_STATUSES;
export const TALKDESK_PRIORITIES = INTERACTION_PRIORITIES;
