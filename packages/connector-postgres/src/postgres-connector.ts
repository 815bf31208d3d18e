import {
  BridgeError,
  type Connector,
  type ContactRef,
  defineConnector,
  type InteractionLister,
  zodIssues,
} from '@talkbridge/core';
import { z } from 'zod';
import { createPostgresRowMapper, textOf } from './map-postgres-row.js';
import { postgresActions } from './postgres-actions.js';
import {
  type PostgresAuth,
  type PostgresContext,
  type PostgresSettings,
  type PostgresSettingsInput,
  postgresSettingsSchema,
} from './postgres-context.js';
import { PostgresConfigError } from './postgres-pool.js';
import { INPUT_SQL_STATES, isInputRefusal, PostgresRuntime } from './postgres-runtime.js';
import { postgresContactSync } from './postgres-sync.js';

export { PostgresConfigError } from './postgres-pool.js';

/** Emails or phones bound in one lookup (Talkdesk sends a handful). */
const MAX_LOOKUP_VALUES = 20;
/** Contacts one lookup may match; their ids are bound as one array. */
const MAX_CONTACTS = 100;

const DISPLAY_NAME = 'PostgreSQL';
const DESCRIPTION = "Interactions straight from the operator's own PostgreSQL database.";

/** The auth schema an integration declares: each field is text, bound as `:<name>` in every query. */
function declaredAuthSchema(settings: PostgresSettings): z.ZodType<PostgresAuth> {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const [name, field] of Object.entries(settings.auth)) {
    const title = field.title ?? name;
    shape[name] = z
      .string({ error: `expected ${title} as text` })
      .trim()
      .min(1, `expected ${title}`)
      .max(field.maxLength, `expected ${title} of at most ${field.maxLength} characters`)
      .meta({ title, ...(field.description ? { description: field.description } : {}) });
  }
  return z.object(shape) as unknown as z.ZodType<PostgresAuth>;
}

/**
 * The connector of one PostgreSQL integration, from its options: auth fields and interaction types as
 * configured, its own pool. Throws a PostgresConfigError naming the option when the options are invalid
 * or the connection string's environment variable is not set. Connections open on first use.
 */
export function createPostgresConnector(
  options: PostgresSettingsInput,
  integration: { id: string } = { id: 'postgres' },
): Connector {
  const parsed = postgresSettingsSchema.safeParse(options);
  if (!parsed.success) {
    const lines = zodIssues(parsed.error)
      .map((issue) => `  ${issue.path}: ${issue.message}`)
      .join('\n');
    throw new PostgresConfigError(`Invalid PostgreSQL options for "${integration.id}":\n${lines}`);
  }
  const settings: PostgresSettings = parsed.data;
  const runtime = new PostgresRuntime(integration.id, settings);

  /** One lister per configured interaction type. */
  const interactions: Record<string, InteractionLister<PostgresContext>> = Object.fromEntries(
    Object.entries(settings.interactions).map(([type, query]) => {
      const lister: InteractionLister<PostgresContext> = async (ctx, contacts) => {
        const statement = runtime.plan.interactions[type];
        const contactIds = [...new Set(contacts.map((contact) => contact.id))].slice(0, MAX_CONTACTS);
        if (!statement || contactIds.length === 0 || ctx.limit <= 0) return [];
        await runtime.ready(ctx);
        const rows = await runtime.read(
          ctx,
          statement,
          { contact_ids: contactIds },
          { rowCap: Math.min(ctx.limit, settings.maxRows) },
        );
        const mapRow = createPostgresRowMapper(type, query, ctx.log);
        try {
          return rows.map(mapRow);
        } catch (error) {
          ctx.log.error(
            { integration_id: integration.id, step: statement.step, err_message: (error as Error).message },
            'postgres rows do not fit the interaction shape',
          );
          throw error;
        }
      };
      return [type, lister];
    }),
  );

  const lookup = async (
    ctx: PostgresContext,
    statement: (typeof runtime.plan)['byEmails'],
    values: Record<string, unknown>,
  ): Promise<ContactRef[]> => {
    if (!statement) return [];
    await runtime.ready(ctx);
    let rows: Record<string, unknown>[];
    try {
      rows = await runtime.read(ctx, statement, values, {
        rowCap: Math.min(MAX_CONTACTS, settings.maxRows),
        quietSqlStates: INPUT_SQL_STATES,
      });
    } catch (error) {
      // A value that cannot be one of the column's values matches nobody: the next step is tried.
      if (isInputRefusal(error)) return [];
      throw error;
    }
    return rows
      .map((row) => textOf(row.id, 200))
      .filter((id): id is string => id !== undefined)
      .map((id) => ({ id }));
  };

  const hasAuthFields = Object.keys(settings.auth).length > 0;

  return defineConnector({
    id: 'postgres',
    displayName: settings.displayName ?? DISPLAY_NAME,
    description: settings.description ?? DESCRIPTION,
    auth: declaredAuthSchema(settings),
    settings: postgresSettingsSchema,
    interactions,

    async findContacts(ctx, step) {
      switch (step.by) {
        case 'externalId':
          return lookup(ctx, runtime.plan.byExternalId, { external_id: step.externalId });
        case 'email':
          return lookup(ctx, runtime.plan.byEmails, { emails: step.emails.slice(0, MAX_LOOKUP_VALUES) });
        case 'phone':
          return lookup(ctx, runtime.plan.byPhones, { phones: step.phones.slice(0, MAX_LOOKUP_VALUES) });
      }
    },

    // Auth validation asks the database only when there are auth fields to validate.
    ...(hasAuthFields
      ? {
          async validateAuth(ctx: PostgresContext) {
            await runtime.ready(ctx);
            return undefined;
          },
        }
      : {}),
    ...(settings.sync ? { syncContacts: postgresContactSync(runtime) } : {}),
    actions: postgresActions(runtime),

    prepare: (_settings, log) => runtime.prepare(log),
    checkReadiness: (_settings, signal) => runtime.checkReadiness(signal),
    close: () => runtime.close(),
  }) as unknown as Connector;
}

/**
 * The bundled connector: the gateway serves `forIntegration(options)` for each integration configured
 * with `"connector": "postgres"`. It cannot serve a request itself: it has no queries.
 */
export const postgres = defineConnector({
  id: 'postgres',
  displayName: DISPLAY_NAME,
  description: DESCRIPTION,
  auth: z.object({}),
  settings: postgresSettingsSchema,
  // Never served unbound: `forIntegration` builds each integration's connector from its queries.
  interactions: {},
  forIntegration: (settings, integration) => createPostgresConnector(settings, integration),
  findContacts: notConfigured,
});

function notConfigured(): never {
  throw new BridgeError(
    'internal',
    'The postgres connector serves an integration through forIntegration(options), as the gateway does',
  );
}
