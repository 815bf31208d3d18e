import type { AnyConnector } from '@talkbridge/core';
import { z } from 'zod';
import { gatewayConfigSchema, rateBudgetSizeSchema } from './gateway-config.js';

/** The file name the schema ships under, in the gateway package (`@talkbridge/gateway/gateway-config.schema.json`). */
export const CONFIG_SCHEMA_FILE = 'gateway-config.schema.json';

/** Descriptions editors show on hover, for the fields every integration entry has. */
const ENTRY_DESCRIPTIONS: Record<string, string> = {
  deadlineMs: 'Milliseconds a request may take, upstream retries included',
  maxInteractions: 'The most interactions one answer holds',
  syncPageSize: 'Contacts or agents per synchronization page',
  partialAnswers:
    'Answer with the interaction types that loaded when others fail, naming the others in x-talkbridge-omitted-types',
  lookupAlongsideExternalId:
    'Start the email lookup in the same round as the external id: a stale id costs no extra round trip, a good one one extra lookup call',
  authentication:
    "How Talkdesk users connect: custom (typed-in credentials) or oauth2 (the connector's OAuth 2.0 flow)",
};

/** An integration's `rateLimits`, narrowed to the budget names its connector declares. */
function rateLimitsSchemaOf(connector: AnyConnector): z.ZodType {
  const names = connector.http?.rateLimits?.budgets.map((budget) => budget.name) ?? [];
  return z
    .strictObject(Object.fromEntries(names.map((name) => [name, rateBudgetSizeSchema.optional()])))
    .optional()
    .describe(
      names.length > 0
        ? `Sizes replacing the ${connector.displayName} connector's rate budgets (${names.join(', ')}): calls per window`
        : `The ${connector.displayName} connector declares no rate budgets`,
    );
}

/**
 * The JSON Schema of the gateway config file, generated from the zod schema the gateway validates with:
 * the same top level and integration fields, with each integration entry narrowed to one of the connectors
 * and that connector's own options, so an editor completes and checks options too. Checks that need code
 * (a data file that must parse) stay in the gateway.
 */
export function gatewayConfigJsonSchema(connectors: readonly AnyConnector[]): Record<string, unknown> {
  const integrationsSchema = gatewayConfigSchema.shape.integrations;
  const entrySchema = integrationsSchema.valueType;
  const described = Object.fromEntries(
    Object.entries(ENTRY_DESCRIPTIONS)
      .filter(([key]) => key in entrySchema.shape)
      .map(([key, description]) => [
        key,
        (entrySchema.shape as Record<string, z.ZodType>)[key]?.describe(description),
      ]),
  );
  const entries = connectors.map((connector) =>
    entrySchema
      .extend({
        ...described,
        connector: z.literal(connector.id).describe(connector.displayName),
        options: (connector.settingsSchema as z.ZodType)
          .optional()
          .describe(`Options of the ${connector.displayName} connector`),
        rateLimits: rateLimitsSchemaOf(connector),
      })
      .describe(`An integration served by the ${connector.displayName} connector`),
  );
  const schema = gatewayConfigSchema.extend({
    integrations: z
      .record(integrationsSchema.keyType, z.union(entries))
      .describe('The integrations this gateway serves, by integration id (the id in their URLs)'),
  });
  const generated = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...generated,
    $id: `https://github.com/talkbridge/talkbridge/apps/gateway/${CONFIG_SCHEMA_FILE}`,
    title: 'talkbridge gateway configuration',
    description: 'The talkbridge gateway config file (--config or TALKBRIDGE_CONFIG)',
  };
}
