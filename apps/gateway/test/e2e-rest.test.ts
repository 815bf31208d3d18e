// The declarative REST connector through the real gateway on a real port: the Order Desk example against a
// fake on a real loopback port, the Freshdesk example against the coded connector's fake (msw), and the
// definition checked when the gateway starts.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFreshdeskUpstream, FRESHDESK_API_KEY } from '@talkbridge/connector-freshdesk/fixtures';
import {
  freshdeskDefinitionPath,
  ORDER_DESK_API_KEY,
  orderDeskDefinitionPath,
  startOrderDeskServer,
} from '@talkbridge/connector-rest/fixtures';
import {
  integrationConfigurationSchema,
  interactionRetrievalResponseSchema,
} from '@talkbridge/core/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { GatewayConfigError, loadGatewayConfigFile, resolveGatewayConfig } from '../src/gateway-config.js';
import { printedLogLines, startTestGateway } from './start-test-gateway.js';

const orderDesk = await startOrderDeskServer();
afterAll(() => orderDesk.close());
const freshdeskUpstream = createFreshdeskUpstream('https://acme.freshdesk.com');
freshdeskUpstream.listen();
afterAll(() => freshdeskUpstream.close());

const publicUrl = 'https://bridge.example.com';
const gateway = await startTestGateway({
  publicUrl,
  integrations: {
    orders: {
      connector: 'rest',
      options: { definitionFile: orderDeskDefinitionPath, baseUrl: orderDesk.origin },
    },
    'freshdesk-declared': {
      connector: 'rest',
      options: { definitionFile: freshdeskDefinitionPath, baseUrl: freshdeskUpstream.origin },
    },
    freshdesk: { connector: 'freshdesk', options: { baseUrl: freshdeskUpstream.origin } },
  },
});

describe('the rest connector through the gateway', () => {
  it('answers the Order Desk example over real HTTP: nested records, cursor paging, epoch seconds', async () => {
    const response = await gateway.post('/integrations/orders/interaction_retrieval', {
      auth: { api_key: ORDER_DESK_API_KEY },
      data: { contact_emails: ['ana.silva@example.com'] },
    });
    expect(response.status).toBe(200);
    const answer = interactionRetrievalResponseSchema.parse(await response.json());
    expect(answer.map((item) => `${item.id} ${item.date} ${item.status}`)).toEqual([
      'ord_5 2025-02-19 21:28:20 UTC solved',
      'ord_4 2025-02-08 07:40:00 UTC open',
      'ord_3 2025-01-27 17:51:40 UTC closed',
      'ord_2 2025-01-16 04:03:20 UTC pending',
      'ord_1 2025-01-04 14:15:00 UTC closed',
    ]);
  });

  it('answers 401 when the service refuses the key, with no key in any log line', async () => {
    const response = await gateway.post('/integrations/orders/interaction_retrieval', {
      auth: { api_key: 'od-wrong-key-5521' },
      data: { contact_external_id: 'cus_1001' },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    expect(printedLogLines.join('\n')).not.toContain('od-wrong-key-5521');
    expect(printedLogLines.join('\n')).not.toContain(ORDER_DESK_API_KEY);
  });

  it('runs the declared action and contact synchronization', async () => {
    const action = await gateway.post('/integrations/orders/actions/create_note', {
      auth: { api_key: ORDER_DESK_API_KEY },
      meta: { contact_external_id: 'cus_1002' },
      data: { text: 'Asked about the keyboard' },
    });
    expect(action.status).toBe(201);
    expect(await action.json()).toEqual({ message: 'Note note_1 added', external_id: 'note_1' });
    const sync = await gateway.post('/integrations/orders/contact_synchronization', {
      auth: { api_key: ORDER_DESK_API_KEY },
    });
    expect(sync.status).toBe(200);
    const page = (await sync.json()) as { contacts: { id: string }[]; next_offset?: string };
    expect(page.contacts.map((contact) => contact.id)).toEqual(['cus_1001', 'cus_1002']);
    expect(page.next_offset).toBeDefined();
  });

  it('registers with the auth fields and types of the definition', async () => {
    const configuration = integrationConfigurationSchema.parse(
      await (await gateway.get('/integrations/orders/configuration')).json(),
    );
    expect(configuration).toMatchObject({
      display_name: 'Order Desk',
      interaction_types: ['order'],
      authentication_configuration: [
        {
          api_key: expect.objectContaining({
            display: 'Order Desk API key',
            help: 'Settings → API keys in Order Desk',
            mandatory: true,
          }),
        },
      ],
      auth_validation_endpoint: `${publicUrl}/integrations/orders/auth_validation`,
      contact_synchronization_endpoint: `${publicUrl}/integrations/orders/contact_synchronization`,
    });
    const actions = (await (await gateway.get('/integrations/orders/actions')).json()) as { name: string }[];
    expect(actions.map((action) => action.name)).toEqual(['create_note']);
  });

  it('answers the declared Freshdesk exactly as the coded connector', async () => {
    for (const data of [
      { contact_external_id: '432' },
      { contact_phones: ['+1 555-555-0123'] },
      { contact_emails: ['marcus.chen@example.com'] },
    ]) {
      const body = { auth: { domain: 'acme', api_key: FRESHDESK_API_KEY }, data };
      const coded = await gateway.post('/integrations/freshdesk/interaction_retrieval', body);
      const declared = await gateway.post('/integrations/freshdesk-declared/interaction_retrieval', body);
      expect(declared.status).toBe(200);
      const answer = (await declared.json()) as unknown[];
      expect(answer.length).toBeGreaterThan(0);
      expect(answer).toEqual(await coded.json());
    }
  });
});

describe('a rest definition is checked when the gateway starts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talkbridge-rest-'));

  function startError(options: Record<string, unknown>): string {
    try {
      resolveGatewayConfig({ integrations: { acme: { connector: 'rest', options } } }, bundledConnectors);
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayConfigError);
      return (error as Error).message;
    }
    throw new Error('expected the config to be rejected');
  }

  it('names the exact place of a problem in an inline definition', () => {
    const definition = {
      name: 'Acme',
      auth: {
        fields: [{ name: 'token', label: 'Token' }],
        request: { type: 'bearer', token: '{{auth.token}}' },
      },
      service: { origin: 'https://api.acme.example' },
      contacts: { email: { request: { path: '/people', query: { email: '{{lookup.email}}' } } } },
      interactions: {
        order: {
          request: { path: '/people/{{contact.id}}/orders' },
          map: {
            id: 'id',
            subject: 'title',
            date: { from: 'created', format: 'epoch-seconds', zone: 'Nowhere/City' },
            status: { from: 'state', default: 'open' },
            priority: { from: 'prio', default: 'none', values: { hi: 'highest' } },
          },
        },
      },
    };
    expect(startError({ definition }).split('\n').slice(1)).toEqual([
      '  integrations.acme.options.definition.interactions.order.map.date.zone: expected an IANA time zone such as "UTC" or "Europe/Lisbon"',
      '  integrations.acme.options.definition.interactions.order.map.priority.values.hi: Invalid option: expected one of "none"|"low"|"normal"|"high"|"urgent"',
    ]);
  });

  it('names the place inside a definition file, and a template naming a field that does not exist', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      [
        'name: Broken',
        'service: { origin: "https://api.acme.example" }',
        'contacts:',
        '  externalId: { request: { path: "/people/{{lookup.externalId}}" } }',
        'interactions:',
        '  order:',
        '    request: { path: "/people/{{contact.email}}/orders" }',
        '    map: { id: id, subject: title, date: created, status: { from: s, default: open }, priority: { from: p, default: none } }',
      ].join('\n'),
    );
    expect(startError({ definitionFile: file })).toContain(
      `integrations.acme.options.definitionFile.interactions.order.request.path: {{contact.email}}: no contact value "email" (available: contact.id) (in ${file})`,
    );
  });

  it('requires a definition, and reads a relative definitionFile next to the config file', () => {
    expect(startError({})).toContain(
      'integrations.acme.options.definition: a rest integration needs a definition: give options.definition or options.definitionFile',
    );
    copyFileSync(orderDeskDefinitionPath, join(dir, 'orders.yaml'));
    const configPath = join(dir, 'config.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        integrations: { orders: { connector: 'rest', options: { definitionFile: 'orders.yaml' } } },
      }),
    );
    const config = loadGatewayConfigFile(configPath, bundledConnectors);
    expect(config.integrations.get('orders')?.connector.interactionTypes).toEqual(['order']);
    expect(config.integrations.get('orders')?.connector.displayName).toBe('Order Desk');
  });
});
