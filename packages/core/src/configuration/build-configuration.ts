import type { AnyConnector } from '../connector.js';
import {
  type ActionConfiguration,
  type IntegrationConfiguration,
  integrationConfigurationSchema,
} from '../contract/integration-configuration.js';
import { describeAuthFields } from './describe-auth-fields.js';

export interface ConfigurationTarget {
  /** The integration's id on the gateway: Talkdesk's `name` for it, and part of every endpoint URL. */
  integrationId: string;
  /** The gateway's public base URL, e.g. `https://bridge.example.com`. */
  publicUrl: string;
}

/** The endpoint URLs of one integration on a gateway. */
export function integrationEndpoint(target: ConfigurationTarget, hook: string): string {
  return `${target.publicUrl.replace(/\/+$/, '')}/integrations/${encodeURIComponent(target.integrationId)}/${hook}`;
}

/**
 * The JSON Talkdesk asks for when an integration is registered (talkdesk-bridge-spec/configuration.md):
 * names, `custom` authentication with fields generated from the connector's auth schema, the endpoints
 * of the hooks this connector supports, and its interaction types.
 */
export function buildIntegrationConfiguration(
  connector: AnyConnector,
  target: ConfigurationTarget,
): IntegrationConfiguration {
  const configuration: IntegrationConfiguration = {
    name: target.integrationId,
    display_name: connector.displayName,
    description: connector.description,
    logo_url: connector.logoUrl ?? integrationEndpoint(target, 'logo.svg'),
    icon_url: connector.iconUrl ?? integrationEndpoint(target, 'logo.svg'),
    authentication_type: 'custom',
    authentication_configuration: describeAuthFields(connector.auth).map(({ name, field }) => ({
      [name]: field,
    })),
    ...(connector.validateAuth
      ? { auth_validation_endpoint: integrationEndpoint(target, 'auth_validation') }
      : {}),
    ...(connector.syncContacts
      ? { contact_synchronization_endpoint: integrationEndpoint(target, 'contact_synchronization') }
      : {}),
    interaction_retrieval_endpoint: integrationEndpoint(target, 'interaction_retrieval'),
    ...(connector.syncAgents
      ? { agent_synchronization_endpoint: integrationEndpoint(target, 'agent_synchronization') }
      : {}),
    interaction_types: [...connector.interactionTypes],
  };
  return integrationConfigurationSchema.parse(configuration);
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
    endpoint: integrationEndpoint(target, `actions/${encodeURIComponent(name)}`),
    inputs: action.inputs.map((input) => ({ key: input.key, name: input.name, mandatory: input.mandatory })),
  }));
}
