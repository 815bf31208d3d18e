import type { AnyConnector } from '../connector.js';
import {
  type ActionConfiguration,
  type IntegrationConfiguration,
  integrationConfigurationSchema,
} from '../contract/integration-configuration.js';
import { withoutTrailing } from '../kit/text.js';
import { describeAuthFields } from './describe-auth-fields.js';

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
    // A connector that needs no auth field (a database the operator configured) asks for none.
    ...(authFields.length === 0
      ? { authentication_type: 'none' as const }
      : {
          authentication_type: 'custom' as const,
          authentication_configuration: authFields.map(({ name, field }) => ({ [name]: field })),
        }),
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
