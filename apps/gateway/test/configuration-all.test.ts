// Every bundled connector can be registered with Talkdesk: its configuration is valid and its auth
// fields come from its auth schema.
import { integrationConfigurationSchema } from '@talkbridge/core/contract';
import { describe, expect, it } from 'vitest';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { connectorsServedWithoutConfig } from '../src/gateway-config.js';
import { startTestGateway } from './start-test-gateway.js';

const gateway = await startTestGateway();

// `rest` and `postgres` need options to be served: their configurations are tested in their own packages.

describe('GET /integrations/:id/configuration for every bundled connector', () => {
  it.each(
    connectorsServedWithoutConfig(bundledConnectors).map((connector) => [connector.id, connector] as const),
  )('%s', async (id, connector) => {
    const response = await gateway.get(`/integrations/${id}/configuration`);
    expect(response.status).toBe(200);
    const configuration = integrationConfigurationSchema.parse(await response.json());
    expect(configuration.name).toBe(id);
    expect(configuration.interaction_types).toEqual([...connector.interactionTypes]);
    expect(configuration.interaction_retrieval_endpoint).toBe(
      `${gateway.url}/integrations/${id}/interaction_retrieval`,
    );
    const fields = (configuration.authentication_configuration ?? []).flatMap((field) => Object.keys(field));
    expect(configuration.authentication_type).toBe('custom');
    expect(fields.length).toBeGreaterThan(0);
  });

  it('marks fields mandatory only when every accepted form of the credentials needs them', async () => {
    const fieldsOf = async (id: string) => {
      const configuration = integrationConfigurationSchema.parse(
        await (await gateway.get(`/integrations/${id}/configuration`)).json(),
      );
      return Object.fromEntries(
        (configuration.authentication_configuration ?? []).flatMap((field) =>
          Object.entries(field).map(([name, spec]) => [name, spec.mandatory]),
        ),
      );
    };
    // Zendesk: the account always; an API token (email + token), or an OAuth access token, which a custom
    // integration does not ask for (the OAuth 2.0 flow provides it: `authentication: "oauth2"`).
    expect(await fieldsOf('zendesk')).toEqual({ account: true, email: false, token: false });
    // Salesforce: both fields come from the OAuth 2.0 token answer; typed in (custom), both are asked for.
    expect(await fieldsOf('salesforce')).toEqual({ access_token: true, instance_url: true });
  });
});
