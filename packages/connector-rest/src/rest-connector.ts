import { readFileSync } from 'node:fs';
import { type AnyConnector, type Connector, defineConnector, zodIssues } from '@talkbridge/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { restActions } from './rest-actions.js';
import { findRestContacts, type RestContact } from './rest-contacts.js';
import { baseScope, type RestAuth, restAuthSchema, restHttp } from './rest-context.js';
import { type RestDefinition, type RestDefinitionInput, restDefinitionSchema } from './rest-definition.js';
import { restInteractionListers } from './rest-interactions.js';
import { missingUpstreamValue, type RestContext, sendRequest } from './rest-request.js';
import { restContactSync } from './rest-sync.js';

/** A definition file is read whole: bound it before reading. */
export const MAX_DEFINITION_FILE_BYTES = 512 * 1024;

/** A definition that does not validate: the message lists every problem with its place. */
export class RestDefinitionError extends Error {
  override name = 'RestDefinitionError';
}

/** Validates a definition (its defaults filled in), or throws a RestDefinitionError naming each place. */
export function parseRestDefinition(input: unknown): RestDefinition {
  const parsed = restDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    const lines = zodIssues(parsed.error).map((issue) => `  ${issue.path}: ${issue.message}`);
    throw new RestDefinitionError(`The REST definition is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The options a rest integration keeps once validated; its connector ignores them (it closes over them). */
const boundSettings = z.object({
  definition: z.unknown().optional(),
  definitionFile: z.unknown().optional(),
});

/**
 * The connector one definition describes. Consumers without the gateway call it directly:
 * `retrieveInteractions(defineRestConnector(definition), body, { settings: { baseUrl } })`.
 */
export function defineRestConnector(
  input: RestDefinitionInput | RestDefinition,
  options: { id?: string } = {},
): Connector<z.ZodType<RestAuth>, typeof boundSettings, RestContact> {
  const definition = parseRestDefinition(input);
  const listers = restInteractionListers(definition);
  const actions = restActions(definition);
  const { syncContacts, validateAuth } = definition;
  return defineConnector({
    id: options.id ?? 'rest',
    displayName: definition.name,
    description: definition.description ?? `${definition.name}, wired by a talkbridge REST definition.`,
    auth: restAuthSchema(definition) as z.ZodType<RestAuth>,
    settings: boundSettings,
    ...(definition.service.hosts ? { hosts: definition.service.hosts } : {}),
    http: restHttp(definition),
    findContacts: (ctx, lookup) => findRestContacts(definition, ctx as RestContext, lookup),
    interactions: listers,
    ...(validateAuth
      ? {
          async validateAuth(ctx) {
            await sendRequest(
              ctx as RestContext,
              validateAuth.request,
              baseScope(definition, ctx.auth, ctx.settings.baseUrl),
              {
                onMissing: missingUpstreamValue,
              },
            );
            return undefined;
          },
        }
      : {}),
    ...(syncContacts ? { syncContacts: restContactSync(definition, syncContacts) } : {}),
    ...(Object.keys(actions).length > 0 ? { actions: actions as never } : {}),
  });
}

/** Reads a YAML or JSON definition file, bounded; the file's own problems are the caller's issues. */
export function readDefinitionFile(path: string): unknown {
  let text: string;
  try {
    const buffer = readFileSync(path);
    if (buffer.byteLength > MAX_DEFINITION_FILE_BYTES) {
      throw new RestDefinitionError(`${path} is larger than ${MAX_DEFINITION_FILE_BYTES} bytes`);
    }
    text = buffer.toString('utf8');
  } catch (error) {
    if (error instanceof RestDefinitionError) throw error;
    throw new RestDefinitionError(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    // JSON is YAML; `maxAliasCount` stops alias bombs, unique keys keep a duplicated key from hiding another.
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    throw new RestDefinitionError(
      `${path} is not valid YAML or JSON (${(error as Error).message.split('\n')[0]})`,
    );
  }
}

/** `definitionFile`: a path (relative ones resolved against the gateway config's folder) to a definition. */
const definitionFileSchema = z
  .string({ error: 'expected the path of a YAML or JSON definition file' })
  .min(1)
  .transform((path, ctx) => {
    let input: unknown;
    try {
      input = readDefinitionFile(path);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
    const parsed = restDefinitionSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({
          ...issue,
          code: 'custom',
          message: `${issue.message} (in ${path})`,
          path: issue.path,
        } as never);
      }
      return z.NEVER;
    }
    return parsed.data;
  })
  .optional()
  .meta({ filePath: true, description: 'A YAML or JSON definition file, relative to the config file.' });

const restSettings = z
  .object({
    /** The definition inline, as an object. */
    definition: restDefinitionSchema.optional(),
    definitionFile: definitionFileSchema,
  })
  .superRefine((settings, ctx) => {
    if (settings.definition === undefined && settings.definitionFile === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['definition'],
        message: 'a rest integration needs a definition: give options.definition or options.definitionFile',
      });
    }
    if (settings.definition !== undefined && settings.definitionFile !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['definitionFile'],
        message: 'give definition or definitionFile, not both',
      });
    }
    const definition = settings.definition ?? settings.definitionFile;
    // `baseUrl` is core's option, checked beside these.
    if (definition && !definition.service.origin && !(settings as { baseUrl?: unknown }).baseUrl) {
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: 'the definition declares no service.origin: set baseUrl to where the service is',
      });
    }
  });

export type RestSettings = z.input<typeof restSettings> & { baseUrl?: string };

/**
 * The `rest` connector the gateway bundles: its options hold a definition, and each integration is served
 * by the connector that definition describes (`forIntegration`).
 */
export const rest: AnyConnector = defineConnector({
  id: 'rest',
  displayName: 'REST (declarative)',
  description: 'Any JSON API, wired by a definition: auth fields, requests, paging and mapping.',
  auth: z.object({}),
  settings: restSettings,
  // Never served unbound: `forIntegration` builds each integration's connector, types and all.
  interactions: {},
  async findContacts() {
    return [];
  },
  forIntegration(settings) {
    const definition = (settings.definition ?? settings.definitionFile) as RestDefinition;
    if (!definition.service.origin && !settings.baseUrl) {
      throw new RestDefinitionError(
        'The definition declares no service.origin: set the baseUrl option to where the service is',
      );
    }
    return defineRestConnector(definition);
  },
});
