import type { AnyConnector } from '@talkbridge/core';
import {
  MAX_ACTION_INPUTS,
  MAX_AUTH_FIELDS,
  MAX_CONTACT_EMAILS,
  MAX_CONTACT_PHONES,
  MAX_INTERACTION_TYPES,
} from '@talkbridge/core/contract';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../src/app.js';
import { bundledConnectors } from '../src/bundled-connectors.js';
import { connectorsServedWithoutConfig } from '../src/gateway-config.js';
import { startTestGateway } from './start-test-gateway.js';

/**
 * Hostile bodies on every hook of every bundled connector, through the real gateway on a real port: each
 * is answered by a clean 400 that names the field past its cap, before any credential is checked or any
 * upstream call is made (no connector here has a baseUrl: a call would leave the machine, and the
 * gateway's upstream statistics prove none was made). Timings are the benchmark's business
 * (bench/hostile-input.ts), not these tests'.
 */
const gateway = await startTestGateway();

// The shape that stalled the event loop for minutes with the backtracking email regexes, as big as the
// body cap allows.
const hugeEmail = `a@${'.'.repeat(MAX_BODY_BYTES - 64 * 1024)}@`;
const angleBrackets = '<'.repeat(32_000);
const many = (count: number, value: unknown) => Array.from({ length: count }, () => value);
// JSON.stringify recurses: deep nesting is written into the body text in place of this marker.
const DEEP = '__nested_20000_deep__';
const deepJson = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
function deeplyNested(_depth: 20_000): unknown {
  return DEEP;
}

interface Shape {
  name: string;
  body: Record<string, unknown>;
  /** The field the answer must name first. */
  field: string;
  message?: string;
}

const someAuth = { token: 'tok-hostile' };

/** Shapes every hook shares: the auth object. */
function authShapes(): Shape[] {
  return [
    {
      name: 'an auth object with thousands of fields',
      body: { auth: Object.fromEntries(many(5000, 0).map((_, index) => [`field${index}`, 'x'])) },
      field: 'auth',
      message: `at most ${MAX_AUTH_FIELDS} fields`,
    },
    { name: 'an auth value of 32k `<`', body: { auth: { token: angleBrackets } }, field: 'auth.token' },
    {
      name: 'an auth value nested 20,000 deep',
      body: { auth: { token: deeplyNested(20_000) } },
      field: 'auth.token',
    },
  ];
}

function retrievalShapes(): Shape[] {
  const data = (fields: Record<string, unknown>) => ({ auth: someAuth, data: fields });
  return [
    {
      name: '`a@` + dots + `@` in contact_emails',
      body: data({ contact_emails: [hugeEmail] }),
      field: 'data.contact_emails[0]',
    },
    {
      name: '20,000 phones',
      body: data({ contact_phones: many(20_000, '+15555555555') }),
      field: 'data.contact_phones',
      message: `at most ${MAX_CONTACT_PHONES} phones`,
    },
    {
      name: '20,000 emails',
      body: data({ contact_emails: many(20_000, 'jane@example.com') }),
      field: 'data.contact_emails',
      message: `at most ${MAX_CONTACT_EMAILS} emails`,
    },
    {
      name: '20,000 interaction types',
      body: { auth: someAuth, meta: { interaction_types: many(20_000, 'case') }, data: {} },
      field: 'meta.interaction_types',
      message: `at most ${MAX_INTERACTION_TYPES} types`,
    },
    {
      name: '32k `<` in contact_name',
      body: data({ contact_name: angleBrackets }),
      field: 'data.contact_name',
    },
    {
      name: '32k `<` in contact_external_id',
      body: data({ contact_external_id: angleBrackets }),
      field: 'data.contact_external_id',
    },
    {
      name: '32k `<` in a phone',
      body: data({ contact_phones: [angleBrackets] }),
      field: 'data.contact_phones[0]',
    },
    {
      name: '32k `<` in a type',
      body: { auth: someAuth, meta: { interaction_types: [angleBrackets] }, data: {} },
      field: 'meta.interaction_types[0]',
    },
    {
      name: 'data nested 20,000 deep',
      body: data({ contact_emails: deeplyNested(20_000) }),
      field: 'data.contact_emails[0]',
    },
  ];
}

function synchronizationShapes(): Shape[] {
  return [
    {
      name: '32k `<` in the offset',
      body: { auth: someAuth, meta: { offset: angleBrackets } },
      field: 'meta.offset',
    },
    {
      name: 'meta nested 20,000 deep',
      body: { auth: someAuth, meta: { offset: deeplyNested(20_000) } },
      field: 'meta.offset',
    },
  ];
}

function contactSynchronizationShapes(): Shape[] {
  return [
    ...synchronizationShapes(),
    {
      name: '32k `<` in the checkpoint',
      body: { auth: someAuth, meta: { synchronization_checkpoint: angleBrackets } },
      field: 'meta.synchronization_checkpoint',
    },
    {
      name: 'a context nested 20,000 deep',
      body: { auth: someAuth, meta: { context: deeplyNested(20_000) } },
      field: 'meta.context',
    },
  ];
}

function actionShapes(connector: AnyConnector, action: string): Shape[] {
  const inputs = connector.actions?.[action]?.inputs ?? [];
  return [
    ...inputs.flatMap((input) => [
      {
        name: `\`a@\` + dots + \`@\` in data.${input.key}`,
        body: { auth: someAuth, data: { [input.key]: hugeEmail } },
        field: `data.${input.key}`,
      },
      {
        name: `32k \`<\` in data.${input.key}`,
        body: { auth: someAuth, data: { [input.key]: angleBrackets } },
        field: `data.${input.key}`,
      },
    ]),
    {
      name: 'thousands of inputs',
      body: { auth: someAuth, data: Object.fromEntries(many(5000, 0).map((_, index) => [`k${index}`, 'v'])) },
      field: 'data',
      message: `at most ${MAX_ACTION_INPUTS} inputs`,
    },
    {
      name: '32k `<` in the contact id',
      body: { auth: someAuth, meta: { contact_external_id: angleBrackets }, data: {} },
      field: 'meta.contact_external_id',
    },
    {
      name: 'an input nested 20,000 deep',
      body: { auth: someAuth, data: { anything: deeplyNested(20_000) } },
      field: 'data.anything',
    },
  ];
}

function hooksOf(connector: AnyConnector): { hook: string; shapes: Shape[] }[] {
  return [
    { hook: 'interaction_retrieval', shapes: [...authShapes(), ...retrievalShapes()] },
    { hook: 'auth_validation', shapes: authShapes() },
    { hook: 'contact_synchronization', shapes: [...authShapes(), ...contactSynchronizationShapes()] },
    { hook: 'agent_synchronization', shapes: [...authShapes(), ...synchronizationShapes()] },
    ...Object.keys(connector.actions ?? {}).map((action) => ({
      hook: `actions/${action}`,
      shapes: [...authShapes(), ...actionShapes(connector, action)],
    })),
  ];
}

// `rest` and `postgres` need a config file to be served; their packages test hostile values themselves.
describe.each(
  connectorsServedWithoutConfig(bundledConnectors).map((connector) => [connector.id, connector] as const),
)('hostile input to %s', (id, connector) => {
  for (const { hook, shapes } of hooksOf(connector)) {
    it(`${hook}: every hostile shape is a 400 naming the field`, async () => {
      for (const shape of shapes) {
        const text = JSON.stringify(shape.body).replace(`"${DEEP}"`, deepJson);
        expect(Buffer.byteLength(text), shape.name).toBeLessThan(MAX_BODY_BYTES);
        const response = await gateway.post(`/integrations/${id}/${hook}`, text);
        const answer = (await response.json()) as { error: { code: string; message: string } };
        expect({ shape: shape.name, status: response.status, code: answer.error.code }).toEqual({
          shape: shape.name,
          status: 400,
          code: 'invalid_request',
        });
        expect(answer.error.message, shape.name).toMatch(
          new RegExp(`^${shape.field.replace(/[.[\]]/g, '\\$&')}[.[:]`),
        );
        if (shape.message) expect(answer.error.message, shape.name).toContain(shape.message);
        expect(JSON.stringify(answer), shape.name).not.toMatch(/\n\s+at |\.ts:\d+/);
      }
      expect(gateway.upstreamStats.snapshot()).toEqual([]);
    });
  }
});
