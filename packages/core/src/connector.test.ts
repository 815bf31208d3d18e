import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  type ConnectorDefinition,
  type ContactRef,
  connectorForIntegration,
  defineConnector,
} from './connector.js';

function definition(
  overrides: Partial<ConnectorDefinition<z.ZodType, z.ZodObject<z.ZodRawShape>, ContactRef>> = {},
): ConnectorDefinition<z.ZodType, z.ZodObject<z.ZodRawShape>, ContactRef> {
  return {
    id: 'acme-desk',
    displayName: 'Acme Desk',
    description: 'A helpdesk used in tests.',
    auth: z.object({ token: z.string() }),
    interactions: { ticket: async () => [] },
    findContacts: async () => [],
    ...overrides,
  };
}

describe('defineConnector', () => {
  it('returns the definition with a settings schema', () => {
    const def = definition({ hosts: ['*.acme.com'] });
    const connector = defineConnector(def);
    expect(connector.id).toBe('acme-desk');
    expect(connector.displayName).toBe('Acme Desk');
    expect(connector.auth).toBe(def.auth);
    expect(connector.interactionTypes).toEqual(['ticket']);
    expect(connector.hosts).toEqual(['*.acme.com']);
    expect(connector.findContacts).toBe(def.findContacts);
    expect(typeof connector.settingsSchema.safeParse).toBe('function');
  });

  it.each(['zendesk', 'a', 'connector-2', 'x1-y2-z3'])('accepts the id %j', (id) => {
    expect(defineConnector(definition({ id })).id).toBe(id);
  });

  it.each(['', 'Zendesk', '2zendesk', '-zendesk', 'zen_desk', 'zen desk', 'zen.desk', 'zendesk/', 'zendésk'])(
    'rejects the id %j',
    (id) => {
      expect(() => defineConnector(definition({ id }))).toThrow(TypeError);
      expect(() => defineConnector(definition({ id }))).toThrow(/lower-case letters, digits and dashes/);
    },
  );

  it('rejects a connector without interaction types', () => {
    expect(() => defineConnector(definition({ interactions: {} }))).toThrow(TypeError);
    expect(() => defineConnector(definition({ interactions: {} }))).toThrow(/at least one interaction type/);
  });
});

describe('settingsSchema', () => {
  it('accepts no settings and an http(s) baseUrl', () => {
    const { settingsSchema } = defineConnector(definition());
    expect(settingsSchema.parse({})).toEqual({});
    expect(settingsSchema.parse({ baseUrl: 'https://acme.zendesk.com' })).toEqual({
      baseUrl: 'https://acme.zendesk.com',
    });
    expect(settingsSchema.parse({ baseUrl: 'http://localhost:8080' })).toEqual({
      baseUrl: 'http://localhost:8080',
    });
  });

  it.each([
    'ftp://acme.example.com',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'acme.zendesk.com',
    'not a url',
    '',
  ])('rejects the baseUrl %j with a readable message', (baseUrl) => {
    const result = defineConnector(definition()).settingsSchema.safeParse({ baseUrl });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['baseUrl']);
    expect(result.error?.issues[0]?.message).toContain('http(s) URL');
  });

  it('rejects unknown keys (typos surface at start)', () => {
    const result = defineConnector(definition()).settingsSchema.safeParse({
      baseURL: 'https://acme.zendesk.com',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    expect(JSON.stringify(result.error?.issues)).toContain('baseURL');
  });

  it("accepts the connector's own settings alongside baseUrl, and still rejects unknown keys", () => {
    const connector = defineConnector({
      ...definition(),
      settings: z.object({
        statusMap: z.record(z.string(), z.string()).optional(),
        pageSize: z.number().int(),
      }),
    });
    const settings = { pageSize: 100, statusMap: { hold: 'pending' }, baseUrl: 'https://acme.example.com' };
    expect(connector.settingsSchema.parse(settings)).toEqual(settings);
    expect(connector.settingsSchema.safeParse({ pageSize: 'many' }).error?.issues[0]?.path).toEqual([
      'pageSize',
    ]);
    expect(connector.settingsSchema.safeParse({ pageSize: 1, extra: true }).success).toBe(false);
    expect(connector.settingsSchema.safeParse({}).error?.issues[0]?.path).toEqual(['pageSize']);
  });

  it("applies the connector's defaults", () => {
    const connector = defineConnector({
      ...definition(),
      settings: z.object({ pageSize: z.number().default(25) }),
    });
    expect(connector.settingsSchema.parse({})).toEqual({ pageSize: 25 });
  });

  it("keeps the refinements of the connector's settings schema", () => {
    const connector = defineConnector({
      ...definition(),
      settings: z
        .object({ apiKey: z.string().optional(), oauthClientId: z.string().optional() })
        .refine((settings) => !(settings.apiKey && settings.oauthClientId), {
          message: 'set apiKey or oauthClientId, not both',
        }),
    });
    expect(connector.settingsSchema.safeParse({ apiKey: 'k' }).success).toBe(true);
    const both = connector.settingsSchema.safeParse({ apiKey: 'k', oauthClientId: 'c' });
    expect(both.success).toBe(false);
  });
});

describe('connectorForIntegration', () => {
  it('serves a connector without forIntegration as it is', () => {
    const connector = defineConnector(definition());
    expect(connectorForIntegration(connector, {}, { id: 'plain' })).toBe(connector);
  });

  it("builds the integration's connector from its options; such a family may declare no types itself", () => {
    const family = defineConnector({
      id: 'family',
      displayName: 'Family',
      description: 'Types from the options.',
      auth: z.object({}),
      interactions: {},
      findContacts: async () => [],
      settings: z.object({ types: z.array(z.string()) }),
      forIntegration: (settings) =>
        defineConnector(
          definition({
            id: 'family',
            interactions: Object.fromEntries(settings.types.map((type: string) => [type, async () => []])),
          }),
        ),
    });
    const settings = family.settingsSchema.parse({ types: ['order', 'refund'] });
    expect(connectorForIntegration(family, settings, { id: 'family' }).interactionTypes).toEqual([
      'order',
      'refund',
    ]);
    expect(() => defineConnector(definition({ interactions: {} }))).toThrow(/at least one interaction type/);
  });
});

describe('defineConnector: interactions keyed by type (contract v2)', () => {
  const v2 = (
    interactions: ConnectorDefinition<z.ZodType, z.ZodObject<z.ZodRawShape>, ContactRef>['interactions'],
  ) =>
    defineConnector({
      id: 'acme-desk',
      displayName: 'Acme Desk',
      description: 'A helpdesk used in tests.',
      auth: z.object({ token: z.string() }),
      findContacts: async () => [],
      interactions,
    });

  it('derives the interaction types from the keys, in declaration order', () => {
    const listTickets = async () => [];
    const connector = v2({ ticket: listTickets, call_log: async () => [] });
    expect(connector.interactionTypes).toEqual(['ticket', 'call_log']);
    expect(connector.interactions.ticket).toBe(listTickets);
  });

  it('refuses a connector without types, or with a type name Talkdesk cannot hold', () => {
    expect(() => v2({})).toThrow(/at least one interaction type/);
    expect(() => v2({ 'Support Ticket': async () => [] })).toThrow(
      /lower-case letters, digits and underscores/,
    );
  });

  it('can be spread into a new definition (a variant of a defined connector)', () => {
    const base = v2({ ticket: async () => [] });
    const variant = defineConnector({
      ...base,
      id: 'variant',
      interactions: { ...base.interactions, note: async () => [] },
    });
    expect(variant.interactionTypes).toEqual(['ticket', 'note']);
  });
});
