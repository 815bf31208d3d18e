import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentSync, contactSync, defineConnector } from '../connector.js';
import { integrationConfigurationSchema } from '../contract/integration-configuration.js';
import { buildActionConfigurations, buildIntegrationConfiguration } from './build-configuration.js';
import { describeAuthFields } from './describe-auth-fields.js';

describe('describeAuthFields', () => {
  it('describes an object: mandatory unless optional, titles and help from metadata, names humanised', () => {
    const fields = describeAuthFields(
      z.object({
        account: z
          .string()
          .meta({ title: 'Account', description: 'Your subdomain', format: 'https://{{account}}.x.com' }),
        api_key: z.string(),
        region: z.enum(['us', 'eu']).optional(),
      }),
    );
    expect(fields).toEqual([
      {
        name: 'account',
        field: {
          source: 'input',
          display: 'Account',
          mandatory: true,
          type: 'input',
          store: true,
          help: 'Your subdomain',
          format: 'https://{{account}}.x.com',
        },
      },
      {
        name: 'api_key',
        field: { source: 'input', display: 'Api key', mandatory: true, type: 'input', store: true },
      },
      {
        name: 'region',
        field: { source: 'input', display: 'Region', mandatory: false, type: 'input', store: true },
      },
    ]);
  });

  it('describes alternatives: a field is mandatory only when every alternative requires it', () => {
    const fields = describeAuthFields(
      z.union([
        z.object({ account: z.string(), email: z.string(), token: z.string() }),
        z.object({ account: z.string(), access_token: z.string() }),
      ]),
    );
    expect(Object.fromEntries(fields.map(({ name, field }) => [name, field.mandatory]))).toEqual({
      account: true,
      email: false,
      token: false,
      access_token: false,
    });
  });

  it('marks fields the OAuth authority provides', () => {
    const [field] = describeAuthFields(z.object({ access_token: z.string().meta({ type: 'oauth' }) }));
    expect(field?.field.type).toBe('oauth');
  });

  it('sees through transforms and refinements', () => {
    const schema = z
      .object({ domain: z.string().transform((value) => value.toLowerCase()), key: z.string() })
      .refine((auth) => auth.key !== '', 'key');
    expect(describeAuthFields(schema).map(({ name }) => name)).toEqual(['domain', 'key']);
    expect(
      describeAuthFields(z.object({ a: z.string() }).transform((auth) => auth)).map(({ name }) => name),
    ).toEqual(['a']);
  });
});

describe('buildIntegrationConfiguration', () => {
  const base = {
    id: 'desk',
    displayName: 'Desk',
    description: 'A help desk.',
    auth: z.object({ token: z.string() }),
    interactions: {
      ticket: async () => [],
      note: async () => [],
    },
    findContacts: async () => [],
  };
  const target = { integrationId: 'desk-acme', publicUrl: 'https://bridge.example.com/' };

  it('lists only the endpoints of the hooks the connector offers', () => {
    const minimal = buildIntegrationConfiguration(defineConnector(base), target);
    expect(integrationConfigurationSchema.safeParse(minimal).success).toBe(true);
    expect(minimal).toMatchObject({
      name: 'desk-acme',
      authentication_type: 'custom',
      authentication_configuration: [{ token: expect.objectContaining({ mandatory: true }) }],
      interaction_retrieval_endpoint:
        'https://bridge.example.com/integrations/desk-acme/interaction_retrieval',
      logo_url: 'https://bridge.example.com/integrations/desk-acme/logo.svg',
      interaction_types: ['ticket', 'note'],
    });
    expect(minimal).not.toHaveProperty('auth_validation_endpoint');
    expect(minimal).not.toHaveProperty('contact_synchronization_endpoint');

    const full = buildIntegrationConfiguration(
      defineConnector({
        ...base,
        logoUrl: 'https://cdn.example.com/desk.png',
        validateAuth: async () => undefined,
        syncContacts: contactSync({ cursor: z.string().max(10), page: async () => ({ contacts: [] }) }),
        syncAgents: agentSync({ cursor: z.string().max(10), page: async () => ({ agents: [] }) }),
      }),
      target,
    );
    expect(full).toMatchObject({
      logo_url: 'https://cdn.example.com/desk.png',
      auth_validation_endpoint: 'https://bridge.example.com/integrations/desk-acme/auth_validation',
      contact_synchronization_endpoint:
        'https://bridge.example.com/integrations/desk-acme/contact_synchronization',
      agent_synchronization_endpoint:
        'https://bridge.example.com/integrations/desk-acme/agent_synchronization',
    });
  });

  it('puts the inbound token in every hook endpoint, URL-encoded, and never in the logo URL', () => {
    const connector = defineConnector({
      ...base,
      validateAuth: async () => undefined,
      actions: {
        create_ticket: {
          display: 'create a ticket',
          description: 'create a new ticket in Desk',
          inputs: [],
          run: async () => ({ message: 'ok' }),
        },
      },
    });
    const withToken = { ...target, inboundToken: 'tok en/1' };
    const configuration = buildIntegrationConfiguration(connector, withToken);
    expect(configuration).toMatchObject({
      interaction_retrieval_endpoint:
        'https://bridge.example.com/integrations/desk-acme/interaction_retrieval?token=tok%20en%2F1',
      auth_validation_endpoint:
        'https://bridge.example.com/integrations/desk-acme/auth_validation?token=tok%20en%2F1',
      logo_url: 'https://bridge.example.com/integrations/desk-acme/logo.svg',
    });
    expect(buildActionConfigurations(connector, withToken)[0]?.endpoint).toBe(
      'https://bridge.example.com/integrations/desk-acme/actions/create_ticket?token=tok%20en%2F1',
    );
  });

  it('asks for no authentication when the connector has no auth field', () => {
    const configuration = buildIntegrationConfiguration(
      defineConnector({ ...base, auth: z.object({}) }),
      target,
    );
    expect(integrationConfigurationSchema.safeParse(configuration).success).toBe(true);
    expect(configuration.authentication_type).toBe('none');
    expect(configuration).not.toHaveProperty('authentication_configuration');
  });

  it('builds one action configuration per action', () => {
    const connector = defineConnector({
      ...base,
      actions: {
        create_ticket: {
          display: 'create a ticket',
          description: 'create a new ticket in Desk',
          inputs: [{ key: 'subject', name: 'Subject', mandatory: true }],
          run: async () => ({ message: 'ok' }),
        },
      },
    });
    expect(buildActionConfigurations(connector, target)).toEqual([
      {
        provider: 'desk-acme',
        name: 'create_ticket',
        display: 'create a ticket',
        description: 'create a new ticket in Desk',
        endpoint: 'https://bridge.example.com/integrations/desk-acme/actions/create_ticket',
        inputs: [{ key: 'subject', name: 'Subject', mandatory: true }],
      },
    ]);
  });
});

describe('buildIntegrationConfiguration with OAuth 2.0', () => {
  const connector = defineConnector({
    id: 'acme-desk',
    displayName: 'Acme Desk',
    description: 'A helpdesk used in tests.',
    auth: z.union([
      z.object({ subdomain: z.string(), api_token: z.string() }),
      z.object({ subdomain: z.string(), access_token: z.string().meta({ type: 'oauth' }) }),
    ]),
    oauth: {
      authorizationUrl: 'https://{subdomain}.acme.example/oauth/authorize',
      tokenUrl: 'https://{subdomain}.acme.example/oauth/token',
      scopes: ['read'],
      inputFields: ['subdomain'],
    },
    findContacts: async () => [],
    interactions: { ticket: async () => [] },
  });
  const target = { integrationId: 'acme', publicUrl: 'https://bridge.example.com' };

  it('asks for the typed-in fields only, by default', () => {
    const configuration = buildIntegrationConfiguration(connector, target);
    expect(configuration.authentication_type).toBe('custom');
    expect(configuration.authentication_configuration?.map((field) => Object.keys(field)[0])).toEqual([
      'subdomain',
      'api_token',
    ]);
  });

  it('registers oauth2 with the token from the authority (mandatory) and the fields the user still types', () => {
    const configuration = buildIntegrationConfiguration(connector, { ...target, authentication: 'oauth2' });
    expect(configuration.authentication_type).toBe('oauth2');
    expect(configuration.authentication_configuration).toEqual([
      { subdomain: expect.objectContaining({ type: 'input', mandatory: true }) },
      { access_token: expect.objectContaining({ type: 'oauth', mandatory: true }) },
    ]);
    expect(integrationConfigurationSchema.safeParse(configuration).success).toBe(true);
  });

  it('asks for every field as input when all of them come from the authority (pasted tokens)', () => {
    const tokenOnly = defineConnector({
      id: 'token-only',
      displayName: 'Token only',
      description: 'Credentials from an OAuth token answer.',
      oauth: {
        authorizationUrl: 'https://login.example/authorize',
        tokenUrl: 'https://login.example/token',
        scopes: ['api'],
      },
      findContacts: async () => [],
      interactions: { ticket: async () => [] },
      auth: z.object({
        access_token: z.string().meta({ type: 'oauth' }),
        instance_url: z.string().meta({ type: 'oauth' }),
      }),
    });
    const configuration = buildIntegrationConfiguration(tokenOnly, target);
    expect(configuration.authentication_type).toBe('custom');
    expect(configuration.authentication_configuration).toEqual([
      { access_token: expect.objectContaining({ type: 'input', mandatory: true }) },
      { instance_url: expect.objectContaining({ type: 'input', mandatory: true }) },
    ]);
  });

  it('refuses oauth2 for a connector that declares no OAuth flow', () => {
    const plain = defineConnector({
      id: 'plain',
      displayName: 'Plain',
      description: 'No OAuth.',
      auth: z.object({ api_key: z.string() }),
      findContacts: async () => [],
      interactions: { ticket: async () => [] },
    });
    expect(() => buildIntegrationConfiguration(plain, { ...target, authentication: 'oauth2' })).toThrow(
      /does not declare OAuth 2.0/,
    );
  });
});
