import { describe, expect, it } from 'vitest';
import {
  actionConfigurationSchema,
  authenticationFieldSchema,
  integrationConfigurationSchema,
} from './integration-configuration.js';

/** talkdesk-bridge-spec/configuration.md, integration example, verbatim. */
const specIntegration = {
  name: 'zendesk',
  display_name: 'Zendesk',
  description:
    'Centralize all your customer conversations so nothing gets ignored and everything is searchable   from one place. Easily organize, prioritize and engage with others on support requests.',
  logo_url: 'https://talkdeskapp.s3.amazonaws.com/assets/integrations/zendesk.png',
  icon_url: 'https://talkdeskapp.s3.amazonaws.com/assets/integrations/zendesk_icon.png',
  authentication_type: 'custom',
  authentication_configuration: [
    {
      account: {
        source: 'input',
        display: 'Account',
        mandatory: true,
        type: 'input',
        store: true,
        format: 'https://{{account}}.zendesk.com',
      },
    },
    {
      email: { source: 'input', display: 'Agent Email', mandatory: true, type: 'input', store: true },
    },
    {
      token: {
        source: 'input',
        display: 'API Token',
        mandatory: true,
        type: 'input',
        store: true,
        help: 'Find under Settings > Channels',
      },
    },
  ],
  auth_validation_endpoint: 'https://td-zendesk.herokuapp.com/auth_validation',
  contact_synchronization_endpoint: 'https://td-zendesk.herokuapp.com/contact_sync',
  interaction_retrieval_endpoint: 'https://td-zendesk.herokuapp.com/interaction_update',
  agent_synchronization_endpoint: 'https://td-zendesk.herokuapp.com/agent_sync',
  interaction_types: ['ticket'],
};

/** talkdesk-bridge-spec/configuration.md, action example, verbatim. */
const specAction = {
  provider: 'zendesk',
  name: 'create_ticket',
  display: 'create a ticket',
  description: 'create a new ticket in Zendesk',
  endpoint: 'https://td-zendesk.herokuapp.com/actions/create_ticket',
  inputs: [
    {
      key: 'subject',
      name: 'Ticket subject',
      mandatory: true,
    },
    {
      key: 'description',
      name: 'Ticket description',
      mandatory: true,
    },
  ],
};

describe('integrationConfigurationSchema', () => {
  it('validates the spec example unchanged', () => {
    const result = integrationConfigurationSchema.safeParse(specIntegration);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specIntegration);
  });

  it('rejects custom authentication without authentication_configuration', () => {
    const { authentication_configuration: _a, ...withoutFields } = specIntegration;
    const result = integrationConfigurationSchema.safeParse(withoutFields);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['authentication_configuration']]);
    expect(result.error?.issues[0]?.message).toContain('mandatory');
  });

  it.each(['none', 'oauth2'])('accepts %s authentication without authentication_configuration', (type) => {
    const { authentication_configuration: _a, ...withoutFields } = specIntegration;
    expect(
      integrationConfigurationSchema.safeParse({ ...withoutFields, authentication_type: type }).success,
    ).toBe(true);
  });

  it('accepts a configuration without any endpoint or interaction types', () => {
    const minimal = {
      name: 'x',
      display_name: 'X',
      description: 'An example',
      logo_url: 'https://x/logo.png',
      icon_url: 'https://x/icon.png',
      authentication_type: 'none',
    };
    expect(integrationConfigurationSchema.safeParse(minimal).success).toBe(true);
  });

  it('rejects an unknown authentication_type', () => {
    const result = integrationConfigurationSchema.safeParse({
      ...specIntegration,
      authentication_type: 'basic',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(['authentication_type']);
  });

  it.each(['name', 'display_name', 'description', 'logo_url', 'icon_url'])(
    'requires a non-empty %s',
    (field) => {
      const empty = integrationConfigurationSchema.safeParse({ ...specIntegration, [field]: '' });
      expect(empty.error?.issues.map((issue) => issue.path)).toEqual([[field]]);
      const { [field as keyof typeof specIntegration]: _removed, ...missing } = specIntegration;
      const absent = integrationConfigurationSchema.safeParse(missing);
      expect(absent.error?.issues.map((issue) => issue.path)).toEqual([[field]]);
    },
  );

  it('names the failing authentication field', () => {
    const config = {
      ...specIntegration,
      authentication_configuration: [
        specIntegration.authentication_configuration[0],
        { email: { source: 'user', display: 'Agent Email', mandatory: 'yes', type: 'input', store: true } },
      ],
    };
    const result = integrationConfigurationSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['authentication_configuration', 1, 'email', 'source'],
      ['authentication_configuration', 1, 'email', 'mandatory'],
    ]);
  });
});

describe('authenticationFieldSchema', () => {
  it('accepts an oauth field that is not stored', () => {
    const field = { source: 'default', display: 'Code', mandatory: false, type: 'oauth', store: false };
    expect(authenticationFieldSchema.parse(field)).toEqual(field);
  });

  it('accepts every source the spec lists and rejects others', () => {
    const base = { display: 'X', mandatory: true, type: 'input', store: true };
    for (const source of ['input', 'default', 'auth_validation']) {
      expect(authenticationFieldSchema.safeParse({ ...base, source }).success).toBe(true);
    }
    expect(authenticationFieldSchema.safeParse({ ...base, source: 'oauth' }).success).toBe(false);
  });

  it('requires display, mandatory, type and store', () => {
    const result = authenticationFieldSchema.safeParse({ source: 'input' });
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual([
      'display',
      'mandatory',
      'store',
      'type',
    ]);
  });
});

describe('actionConfigurationSchema', () => {
  it('validates the spec example unchanged', () => {
    const result = actionConfigurationSchema.safeParse(specAction);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(specAction);
  });

  it('accepts an action without inputs', () => {
    expect(actionConfigurationSchema.safeParse({ ...specAction, inputs: [] }).success).toBe(true);
  });

  it('requires inputs and a boolean mandatory on each', () => {
    const { inputs: _inputs, ...withoutInputs } = specAction;
    expect(
      actionConfigurationSchema.safeParse(withoutInputs).error?.issues.map((issue) => issue.path),
    ).toEqual([['inputs']]);
    const result = actionConfigurationSchema.safeParse({
      ...specAction,
      inputs: [specAction.inputs[0], { key: 'description', name: 'Ticket description', mandatory: 'true' }],
    });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['inputs', 1, 'mandatory']]);
  });

  it('rejects an empty provider and endpoint', () => {
    const result = actionConfigurationSchema.safeParse({ ...specAction, provider: '', endpoint: '' });
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['provider'], ['endpoint']]);
  });
});
