import {
  actionConfigurationSchema,
  actionExecutionRequestSchema,
  actionExecutionResponseSchema,
  agentSynchronizationRequestSchema,
  agentSynchronizationResponseSchema,
  authValidationRequestSchema,
  authValidationResponseSchema,
  contactSynchronizationRequestSchema,
  contactSynchronizationResponseSchema,
  integrationConfigurationSchema,
  interactionRetrievalRequestSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { z } from 'zod';
import { STATUS_BY_CODE } from './error-response.js';

/**
 * The gateway's bridge hooks: path suffix under `/integrations/{integrationId}/`, the request and answer
 * schemas from the contract, and the answer's status. Aliases are the names Talkdesk's examples use.
 */
export const BRIDGE_HOOKS = [
  {
    hook: 'interaction_retrieval',
    aliases: ['interaction_update'],
    summary: 'Interactions of a contact, newest first',
    request: interactionRetrievalRequestSchema,
    answer: interactionRetrievalResponseSchema,
    status: 200,
  },
  {
    hook: 'auth_validation',
    aliases: [],
    summary: "Checks the user's credentials with the service; may return auth fields to store",
    request: authValidationRequestSchema,
    answer: authValidationResponseSchema,
    status: 200,
  },
  {
    hook: 'contact_synchronization',
    aliases: ['contact_sync'],
    summary: 'One page of contacts changed since a checkpoint',
    request: contactSynchronizationRequestSchema,
    answer: contactSynchronizationResponseSchema,
    status: 200,
  },
  {
    hook: 'agent_synchronization',
    aliases: ['agent_sync'],
    summary: "One page of the service's agents",
    request: agentSynchronizationRequestSchema,
    answer: agentSynchronizationResponseSchema,
    status: 200,
  },
  {
    hook: 'actions/{action}',
    aliases: [],
    summary: 'Runs one action (create a ticket, log a call…)',
    request: actionExecutionRequestSchema,
    answer: actionExecutionResponseSchema,
    status: 201,
  },
] as const;

/** The error body every failure carries (see error-response.ts). */
const errorBodySchema = z.object({
  error: z
    .object({
      code: z.enum(Object.keys(STATUS_BY_CODE) as [keyof typeof STATUS_BY_CODE]),
      message: z.string(),
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      request_id: z.string(),
    })
    .catchall(z.unknown()),
});

type JsonSchema = Record<string, unknown>;

/** A zod schema as an OpenAPI 3.1 schema object (JSON Schema 2020-12, which 3.1 uses as is). */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });

/**
 * The gateway's OpenAPI 3.1 document, generated from the zod contract (so it cannot drift from what the
 * gateway validates): every hook with its request and answer, the error body with each code's status, the
 * inbound-token security scheme. `integrationIds` lists the configured integrations in the path parameter.
 */
export function buildOpenApiDocument(
  options: { integrationIds?: readonly string[]; publicUrl?: string; version?: string } = {},
): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = { ErrorBody: jsonSchemaOf(errorBodySchema, 'output') };
  const statuses = [...new Set(Object.values(STATUS_BY_CODE))].sort();
  const errorResponses = Object.fromEntries(
    statuses.map((status) => {
      const codes = Object.entries(STATUS_BY_CODE)
        .filter(([, codeStatus]) => codeStatus === status)
        .map(([code]) => `\`${code}\``);
      return [
        String(status),
        {
          description: `Error: ${codes.join(', ')}`,
          content: json(ref('ErrorBody')),
          ...(status === 429
            ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
            : {}),
        },
      ];
    }),
  );

  const integrationIdParameter = {
    name: 'integrationId',
    in: 'path',
    required: true,
    description: 'An integration configured on this gateway',
    schema: {
      type: 'string',
      ...(options.integrationIds?.length ? { enum: [...options.integrationIds] } : {}),
    },
  };
  const paths: Record<string, unknown> = {};

  for (const hook of BRIDGE_HOOKS) {
    const name = hook.hook === 'actions/{action}' ? 'action_execution' : hook.hook;
    const requestName = `${pascal(name)}Request`;
    const answerName = `${pascal(name)}Response`;
    schemas[requestName] = jsonSchemaOf(hook.request, 'input');
    schemas[answerName] = jsonSchemaOf(hook.answer, 'output');
    for (const suffix of [hook.hook, ...hook.aliases]) {
      const isAlias = suffix !== hook.hook;
      paths[`/integrations/{integrationId}/${suffix}`] = {
        post: {
          operationId: isAlias ? `${name}_as_${suffix}` : name,
          summary: isAlias ? `${hook.summary} (alias of ${hook.hook})` : hook.summary,
          tags: ['bridge hooks'],
          parameters: [
            integrationIdParameter,
            ...(suffix === 'actions/{action}'
              ? [{ name: 'action', in: 'path', required: true, schema: { type: 'string' } }]
              : []),
          ],
          requestBody: { required: true, content: json(ref(requestName)) },
          responses: {
            [String(hook.status)]: { description: 'The answer', content: json(ref(answerName)) },
            ...(hook.hook === 'auth_validation' ? { 204: { description: 'Valid; nothing to store' } } : {}),
            ...errorResponses,
          },
        },
      };
    }
  }

  schemas.IntegrationConfiguration = jsonSchemaOf(integrationConfigurationSchema, 'output');
  schemas.ActionConfigurations = jsonSchemaOf(z.array(actionConfigurationSchema), 'output');
  const configurationGet = (operationId: string, summary: string, schema: string) => ({
    get: {
      operationId,
      summary,
      tags: ['configuration'],
      parameters: [integrationIdParameter],
      responses: {
        200: { description: summary, content: json(ref(schema)) },
        404: errorResponses['404'],
      },
    },
  });
  paths['/integrations/{integrationId}/configuration'] = configurationGet(
    'integration_configuration',
    "The integration's configuration for Talkdesk",
    'IntegrationConfiguration',
  );
  paths['/integrations/{integrationId}/actions'] = configurationGet(
    'action_configurations',
    "The integration's actions for Talkdesk",
    'ActionConfigurations',
  );

  const open = { security: [], tags: ['operations'] };
  const text = (type: string, description: string) => ({
    description,
    content: { [type]: { schema: { type: 'string' } } },
  });
  paths['/integrations'] = {
    get: {
      tags: ['configuration'],
      operationId: 'list_integrations',
      summary: 'The integrations the caller may reach',
      responses: { 200: { description: 'The configured integrations', content: json({ type: 'object' }) } },
    },
  };
  paths['/healthz'] = {
    get: {
      ...open,
      operationId: 'liveness',
      summary: 'Liveness',
      responses: { 200: { description: 'The process serves', content: json({ type: 'object' }) } },
    },
  };
  paths['/readyz'] = {
    get: {
      ...open,
      operationId: 'readiness',
      summary: 'Readiness: 503 while draining or when a dependency does not answer',
      responses: {
        200: { description: 'Ready', content: json({ type: 'object' }) },
        503: { description: 'Draining or not ready', content: json({ type: 'object' }) },
      },
    },
  };
  paths['/metrics'] = {
    get: {
      tags: ['operations'],
      operationId: 'metrics',
      summary: 'Prometheus metrics (on METRICS_PORT when set; METRICS_TOKEN as a bearer token when set)',
      security: [],
      responses: {
        200: text('text/plain', 'Prometheus text format'),
        403: { description: 'METRICS_TOKEN is set and was not given' },
      },
    },
  };
  paths['/openapi.json'] = {
    get: {
      ...open,
      operationId: 'openapi',
      summary: 'This document',
      responses: { 200: { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
    },
  };
  paths['/docs'] = {
    get: {
      ...open,
      operationId: 'docs',
      summary: 'This document, for people',
      responses: { 200: text('text/html', 'Swagger UI') },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'talkbridge gateway',
      version: options.version ?? '0.0.0',
      description:
        "Talkdesk's integration bridge protocol for every configured integration. Generated from the gateway's zod contract.",
      license: { name: 'MIT', identifier: 'MIT' },
    },
    ...(options.publicUrl ? { servers: [{ url: options.publicUrl }] } : {}),
    // Every route needs an inbound token unless it says otherwise (`security: []`), when tokens are configured.
    security: [{ bearerToken: [] }, { queryToken: [] }],
    tags: [
      { name: 'bridge hooks', description: 'What Talkdesk calls' },
      { name: 'configuration', description: 'What an integration tells Talkdesk about itself' },
      { name: 'operations', description: 'Health, readiness, metrics and this description' },
    ],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An inbound token of this gateway' },
        queryToken: {
          type: 'apiKey',
          in: 'query',
          name: 'token',
          description: "An inbound token in the URL, as Talkdesk's registered endpoint URLs carry it",
        },
      },
    },
  };
}

const pascal = (name: string) =>
  name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
