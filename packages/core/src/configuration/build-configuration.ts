import type { AnyConnector } from '../connector.js';
import {
  type ActionConfiguration,
  type IntegrationConfiguration,
  integrationConfigurationSchema,
} from '../contract/integration-configuration.js';
import { withoutTrailing } from '../kit/text.js';
import { type AuthFieldDescription, describeAuthFields } from './describe-auth-fields.js';

export interface ConfigurationTarget {
  /** The integration's id on the gateway: Talkdesk's `name` for it, and part of every endpoint URL. */
  integrationId: string;
  /** The gateway's public base URL, e.g. `https://bridge.example.com`. */
  publicUrl: string;
  /**
   * The gateway's inbound token for this integration, carried as `?token=` by every hook endpoint: Talkdesk
   * registers URLs and cannot add a header. The logo URL never carries it (browsers show and share it).
   */
  inboundToken?: string;
  /**
   * How users connect: `custom` (the default) asks for the auth fields; `oauth2` has Talkdesk run the
   * connector's OAuth 2.0 flow (`connector.oauth`) and asks only for the fields the user still types.
   */
  authentication?: 'custom' | 'oauth2';
}

/** The URL of one integration's path on a gateway, without any token. */
export function integrationEndpoint(target: ConfigurationTarget, hook: string): string {
  return `${withoutTrailing(target.publicUrl, '/')}/integrations/${encodeURIComponent(target.integrationId)}/${hook}`;
}

/** A hook endpoint Talkdesk calls: the integration's URL plus the inbound token, when there is one. */
export function hookEndpoint(target: ConfigurationTarget, hook: string): string {
  const url = integrationEndpoint(target, hook);
  return target.inboundToken === undefined ? url : `${url}?token=${encodeURIComponent(target.inboundToken)}`;
}

/**
 * The JSON Talkdesk asks for when an integration is registered (talkdesk-bridge-spec/configuration.md):
 * names, `custom` authentication with fields generated from the connector's auth schema (`none` when it
 * has no field), the endpoints
 * of the hooks this connector supports, and its interaction types.
 */
export function buildIntegrationConfiguration(
  connector: AnyConnector,
  target: ConfigurationTarget,
): IntegrationConfiguration {
  const authFields = describeAuthFields(connector.auth);
  const configuration: IntegrationConfiguration = {
    name: target.integrationId,
    display_name: connector.displayName,
    description: connector.description,
    logo_url: connector.logoUrl ?? integrationEndpoint(target, 'logo.svg'),
    icon_url: connector.iconUrl ?? integrationEndpoint(target, 'logo.svg'),
    ...authenticationOf(connector, target, authFields),
    ...(connector.validateAuth ? { auth_validation_endpoint: hookEndpoint(target, 'auth_validation') } : {}),
    ...(connector.syncContacts
      ? { contact_synchronization_endpoint: hookEndpoint(target, 'contact_synchronization') }
      : {}),
    interaction_retrieval_endpoint: hookEndpoint(target, 'interaction_retrieval'),
    ...(connector.syncAgents
      ? { agent_synchronization_endpoint: hookEndpoint(target, 'agent_synchronization') }
      : {}),
    interaction_types: [...connector.interactionTypes],
  };
  return integrationConfigurationSchema.parse(configuration);
}

function authenticationOf(
  connector: AnyConnector,
  target: ConfigurationTarget,
  authFields: AuthFieldDescription[],
): Pick<IntegrationConfiguration, 'authentication_type' | 'authentication_configuration'> {
  if (target.authentication === 'oauth2') {
    const oauth = connector.oauth;
    if (!oauth) {
      throw new TypeError(
        `The ${connector.displayName} connector does not declare OAuth 2.0 (connector.oauth)`,
      );
    }
    // The fields the authority provides (marked `type: 'oauth'`) and those the user still types.
    const inputs = new Set(oauth.inputFields ?? []);
    const fields = authFields
      .filter(({ name, field }) => field.type === 'oauth' || inputs.has(name))
      // With OAuth 2.0 the token is always there: it is what the flow produces.
      .map(({ name, field }) => ({
        name,
        field: field.type === 'oauth' ? { ...field, mandatory: true } : field,
      }));
    return {
      authentication_type: 'oauth2',
      ...(fields.length > 0
        ? { authentication_configuration: fields.map(({ name, field }) => ({ [name]: field })) }
        : {}),
    };
  }
  // Typed-in credentials: the fields the OAuth 2.0 authority would provide are not asked for, unless every
  // field is one of those (Salesforce's token and instance URL): then the user pastes them (a token from a
  // connected app the operator set up), so they are asked for as input.
  const typedIn = authFields.filter(({ field }) => field.type !== 'oauth');
  const typed = !connector.oauth
    ? authFields
    : typedIn.length > 0
      ? typedIn
      : authFields.map(({ name, field }) => ({ name, field: { ...field, type: 'input' as const } }));
  // A connector that needs no auth field (a database the operator configured) asks for none.
  if (typed.length === 0) return { authentication_type: 'none' };
  return {
    authentication_type: 'custom',
    authentication_configuration: typed.map(({ name, field }) => ({ [name]: field })),
  };
}

/** The action configurations Talkdesk registers for this integration. */
export function buildActionConfigurations(
  connector: AnyConnector,
  target: ConfigurationTarget,
): ActionConfiguration[] {
  return Object.entries(connector.actions ?? {}).map(([name, action]) => ({
    provider: target.integrationId,
    name,
    display: action.display,
    description: action.description,
    endpoint: hookEndpoint(target, `actions/${encodeURIComponent(name)}`),
    inputs: action.inputs.map((input) => ({ key: input.key, name: input.name, mandatory: input.mandatory })),
  }));
}
