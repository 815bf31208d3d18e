// What every other file needs from a definition: the Talkdesk auth fields as a zod schema, and how to reach
// and sign requests to the service (core's ConnectorHttp), with the template scope they share.
import { BridgeError, type ConnectorHttp, fieldError, type HttpAuth, resolveOrigin } from '@talkbridge/core';
import { z } from 'zod';
import type { RestDefinition } from './rest-definition.js';
import {
  MissingTemplateValueError,
  parseTemplate,
  referencesOf,
  renderText,
  type TemplateScope,
} from './rest-template.js';

export type RestAuth = Record<string, string | undefined>;

const MAX_AUTH_VALUE_LENGTH = 2_000;

/**
 * The auth fields as a zod object: each one text, trimmed, bounded, mandatory unless `optional`; label,
 * help and format as metadata, which core's configuration builder turns into `authentication_configuration`.
 */
export function restAuthSchema(
  definition: RestDefinition,
): z.ZodObject<Record<string, z.ZodType<string | undefined>>> {
  const shape: Record<string, z.ZodType<string | undefined>> = {};
  for (const field of definition.auth.fields) {
    const hint = `expected ${field.label}${field.help ? ` (${field.help})` : ''}`;
    const text = z
      .string({ error: hint })
      .trim()
      .min(1, hint)
      .max(MAX_AUTH_VALUE_LENGTH, `${field.label} is longer than ${MAX_AUTH_VALUE_LENGTH} characters`);
    const meta = {
      title: field.label,
      secret: field.secret,
      ...(field.help ? { description: field.help } : {}),
      ...(field.format ? { format: field.format } : {}),
    };
    shape[field.name] = field.optional ? text.optional().meta(meta) : text.meta(meta);
  }
  return z.object(shape);
}

/** A missing optional auth field that a template needs: the request's to fix. */
function missingAuth(error: MissingTemplateValueError): BridgeError {
  const field = error.reference.replace(/^auth\./, '');
  return fieldError(`auth.${field}`, "required by this integration's requests");
}

function renderAuthTemplate(text: string, auth: RestAuth, encode?: (value: string) => string): string {
  try {
    return renderText(parseTemplate(text), { auth }, encode);
  } catch (error) {
    if (error instanceof MissingTemplateValueError) throw missingAuth(error);
    throw error;
  }
}

function authenticate(definition: RestDefinition, auth: RestAuth): HttpAuth {
  const request = definition.auth.request;
  switch (request.type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return {
        type: 'basic',
        username: renderAuthTemplate(request.username, auth),
        password: renderAuthTemplate(request.password, auth),
      };
    case 'bearer':
      return { type: 'bearer', token: renderAuthTemplate(request.token, auth) };
    case 'header':
      return { type: 'header', name: request.name, value: renderAuthTemplate(request.value, auth) };
    case 'query':
      return { type: 'query', name: request.name, value: renderAuthTemplate(request.value, auth) };
  }
}

/** A host label: letters, digits, dashes; anything else (a `/`, `@`, `#`) is encoded and fails the guard. */
const encodeHostValue = (value: string) => encodeURIComponent(value);

export function restHttp(definition: RestDefinition): ConnectorHttp<RestAuth> {
  const { service } = definition;
  const failures = new Set(service.credentialsRefused);
  return {
    // A fixed origin is the operator's (trusted, like baseUrl); one built from auth fields meets the host guard.
    origin: service.origin
      ? referencesOf(parseTemplate(service.origin)).length === 0
        ? service.origin
        : (auth) => renderAuthTemplate(service.origin as string, auth, encodeHostValue)
      : () => {
          throw new BridgeError(
            'internal',
            `The definition of ${definition.name} declares no service.origin and no baseUrl option is set`,
          );
        },
    ...(service.basePath ? { basePath: service.basePath } : {}),
    authenticate: (auth) => authenticate(definition, auth),
    ...(service.headers ? { headers: service.headers } : {}),
    ...(service.rateLimitHeaders ? { resetHeaders: service.rateLimitHeaders } : {}),
    classifyFailure: ({ status }) => (failures.has(status) ? 'invalid_credentials' : undefined),
  };
}

/** The origin requests go to, as core resolves it: for relative next links and `{{service.origin}}`. */
export function serviceOrigin(
  definition: RestDefinition,
  auth: RestAuth,
  baseUrl: string | undefined,
): string {
  return resolveOrigin(restHttp(definition), auth, definition.service.hosts ?? [], baseUrl);
}

/** The values every template of a request may read besides its own. */
export function baseScope(
  definition: RestDefinition,
  auth: RestAuth,
  baseUrl: string | undefined,
): TemplateScope {
  return { auth, service: { origin: serviceOrigin(definition, auth, baseUrl) } };
}
